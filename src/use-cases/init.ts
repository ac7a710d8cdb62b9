import fs from 'node:fs'
import path from 'node:path'
import { ensureFrameworkMigration } from '../db/migrate'
import { HeirloomError } from '../errors'
import { BUILT_IN_DIALECTS, type BuiltInDialect } from '../schema/dialects'
import { dialectMapJson, heirloomYml, KNEXFILE_JS, KNEXFILE_TS, type InitSource } from './init-templates'

export interface InitOptions {
  /** The project folder (default: the working folder). */
  readonly dir?: string
  /**
   * The source the dumps come from: a built-in (picks the default format and
   * extensions), or the name of a dialect of the project's own, with `extends`.
   */
  readonly dialect?: string
  /** For a dialect of the project's own: the built-in its map starts from (`init` writes the map to dialects/<name>.json). */
  readonly extends?: BuiltInDialect
}

/** What `init` did with each path: written, or kept as it was (never overwritten). */
export interface InitReport {
  readonly dir: string
  readonly written: readonly string[]
  readonly kept: readonly string[]
  /** What is left to do by hand because a file was kept (the new dialect's entry in an existing heirloom.yml). */
  readonly todo: readonly string[]
}

/** The line `init` adds to .gitignore: the embedded server's data and the demo's dumps. */
const IGNORED = '.heirloom/'

/**
 * Sets up a project: a commented heirloom.yml, a knexfile (TypeScript when
 * the project has a tsconfig.json or a typescript dependency) that is one
 * line around `knexConfig()`, `migrations/` with heirloom's own bookkeeping
 * migrations, `dumps/`, and `.heirloom/` in .gitignore; for a dialect of
 * the project's own, its starting map in dialects/<name>.json, named in
 * heirloom.yml. Never overwrites a file: an existing one is kept and
 * reported as such. Throws USAGE for a dialect it cannot set up.
 */
export function init(options: InitOptions = {}): InitReport {
  const source = initSource(options)
  const dir = path.resolve(options.dir ?? process.cwd())
  const written: string[] = []
  const kept: string[] = []
  const todo: string[] = []
  const file = (name: string, text: string): void => {
    const target = path.join(dir, name)
    if (fs.existsSync(target)) kept.push(name)
    else {
      fs.writeFileSync(target, text, { flag: 'wx' })
      written.push(name)
    }
  }
  fs.mkdirSync(dir, { recursive: true })
  if (source.mapFile !== undefined) {
    fs.mkdirSync(path.join(dir, path.dirname(source.mapFile)), { recursive: true })
    file(source.mapFile, dialectMapJson(source.dialect, source.family))
  }
  file('heirloom.yml', heirloomYml(source))
  if (source.mapFile !== undefined && kept.includes('heirloom.yml')) {
    todo.push(`add the dialect to heirloom.yml: \`dialects: { ${source.dialect}: ./${source.mapFile} }\`, and \`dumps.defaults.dialect: ${source.dialect}\` (or "dialect": "${source.dialect}" in each dump's manifest.json)`)
  }
  const knexfiles = ['knexfile.js', 'knexfile.ts', 'knexfile.cjs'].filter((f) => fs.existsSync(path.join(dir, f)))
  if (knexfiles.length > 0) kept.push(...knexfiles)
  else if (usesTypeScript(dir)) file('knexfile.ts', KNEXFILE_TS)
  else file('knexfile.js', KNEXFILE_JS)
  for (const folder of ['migrations', 'dumps']) {
    const target = path.join(dir, folder)
    if (fs.existsSync(target)) kept.push(`${folder}/`)
    else {
      fs.mkdirSync(target)
      written.push(`${folder}/`)
    }
  }
  const before = new Set(fs.readdirSync(path.join(dir, 'migrations')))
  ensureFrameworkMigration(path.join(dir, 'migrations'))
  written.push(...fs.readdirSync(path.join(dir, 'migrations')).filter((f) => !before.has(f)).sort().map((f) => `migrations/${f}`))
  if (ignoreHeirloomData(dir)) written.push(`.gitignore (${IGNORED})`)
  else kept.push('.gitignore')
  return { dir, written, kept, todo }
}

/** `--dialect` / `--extends` → what to write: a built-in as it is; another name starts a map of its own from the built-in it extends. */
function initSource(options: InitOptions): InitSource {
  const dialect = options.dialect ?? 'mssql'
  const builtIn = BUILT_IN_DIALECTS.find((d) => d === dialect)
  if (builtIn !== undefined) {
    if (options.extends !== undefined) {
      throw new HeirloomError('USAGE', `--extends is for a dialect of your own, and "${dialect}" is built in`,
        `drop --extends to use ${dialect}, or name your dialect: \`heirloom init --dialect legacydb --extends ${options.extends}\``)
    }
    return { dialect, family: builtIn }
  }
  if (!DIALECT_NAME.test(dialect)) {
    throw new HeirloomError('USAGE', `--dialect "${dialect}" is not a dialect name (a letter, then letters, digits, _ or -)`, 'name it like legacydb or maria-cloud')
  }
  if (options.extends === undefined) {
    throw new HeirloomError('USAGE', `--dialect ${dialect} is not built in (${BUILT_IN_DIALECTS.join(', ')}): say which built-in its map starts from`,
      `\`heirloom init --dialect ${dialect} --extends ${BUILT_IN_DIALECTS.join('|')}\``)
  }
  return { dialect, family: options.extends, mapFile: `dialects/${dialect}.json` }
}

/** A name the config's `dialects` takes (config-schema.ts). */
const DIALECT_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/

function usesTypeScript(dir: string): boolean {
  if (fs.existsSync(path.join(dir, 'tsconfig.json'))) return true
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>
    return ['dependencies', 'devDependencies'].some((k) => pkg[k]?.typescript !== undefined)
  } catch {
    return false
  }
}

/** Adds `.heirloom/` to .gitignore unless a line already ignores it; true when it added it. */
function ignoreHeirloomData(dir: string): boolean {
  const file = path.join(dir, '.gitignore')
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''
  if (text.split(/\r?\n/).some((l) => ['.heirloom', '.heirloom/', '/.heirloom', '/.heirloom/'].includes(l.trim()))) return false
  fs.appendFileSync(file, `${text === '' || text.endsWith('\n') ? '' : '\n'}# heirloom: the embedded PostgreSQL's data\n${IGNORED}\n`)
  return true
}
