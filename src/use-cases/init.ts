import fs from 'node:fs'
import path from 'node:path'
import { ensureFrameworkMigration } from '../db/migrate'
import type { BuiltInDialect } from '../schema/dialects'
import { heirloomYml, KNEXFILE_JS, KNEXFILE_TS } from './init-templates'

export interface InitOptions {
  /** The project folder (default: the working folder). */
  readonly dir?: string
  /** The source the dumps come from: picks the default format and extensions. */
  readonly dialect?: BuiltInDialect
}

/** What `init` did with each path: written, or kept as it was (never overwritten). */
export interface InitReport {
  readonly dir: string
  readonly written: readonly string[]
  readonly kept: readonly string[]
}

/** The line `init` adds to .gitignore: the embedded server's data and the demo's dumps. */
const IGNORED = '.heirloom/'

/**
 * Sets up a project: a commented heirloom.yml, a knexfile (TypeScript when
 * the project has a tsconfig.json or a typescript dependency) that is one
 * line around `knexConfig()`, `migrations/` with heirloom's own bookkeeping
 * migrations, `dumps/`, and `.heirloom/` in .gitignore. Never overwrites a
 * file: an existing one is kept and reported as such.
 */
export function init(options: InitOptions = {}): InitReport {
  const dir = path.resolve(options.dir ?? process.cwd())
  const written: string[] = []
  const kept: string[] = []
  const file = (name: string, text: string): void => {
    const target = path.join(dir, name)
    if (fs.existsSync(target)) kept.push(name)
    else {
      fs.writeFileSync(target, text, { flag: 'wx' })
      written.push(name)
    }
  }
  fs.mkdirSync(dir, { recursive: true })
  file('heirloom.yml', heirloomYml(options.dialect ?? 'mssql'))
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
  return { dir, written, kept }
}

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
