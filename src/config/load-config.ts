import fs from 'node:fs'
import path from 'node:path'
import os from 'node:os'
import type { ErrorObject, ValidateFunction } from 'ajv'
import { lilconfigSync } from 'lilconfig'
import YAML from 'yaml'
import { parseConnectionString } from '../db/connection-string'
import { HeirloomError } from '../errors'
import { BUILTIN_FORMATS, type DataFormat } from '../schema/data-format'
import { findDialect, knownDialects, readUserDialects, type UserDialects } from '../schema/dialects'
import { classifyEncoding } from '../schema/encoding-name'
import configValidator from './config-validator.generated'
import {
  DEFAULT_CHILD_PATTERN, DEFAULT_DUMPS_PATH, DEFAULT_MAX_MEMBER_BYTES,
  DEFAULT_MAX_RECORD_BYTES, DEFAULT_PARALLEL_COPY_MIN_BYTES, DEFAULT_MAX_REJECTS, DEFAULT_MIGRATIONS_DIRECTORY, DEFAULT_WATCH,
  type Config, type DecryptSecrets, type DumpDefaults, type FormatRef, type LiveSource, type WatchSettings,
} from './config'

export interface LoadConfigOptions {
  /** `--config`; falls back to `HEIRLOOM_CONFIG`, then the first of CONFIG_FILE_NAMES in `cwd`. */
  readonly file?: string
  readonly cwd?: string
  readonly env?: NodeJS.ProcessEnv
}

/** A format object as the config may write it: every key optional. */
type FormatInput = Partial<DataFormat>

/** The shape ajv has checked: what the YAML may hold. */
interface RawConfig {
  database?: { url?: string | null }
  dumps?: {
    path?: string; pattern?: string; schemaExt?: string; dataExt?: string; maxMemberBytes?: number
    defaults?: Partial<Omit<DumpDefaults, 'version'>> & { version?: string | number }
    tableFormats?: Record<string, FormatRef>
    decrypt?: RawDecrypt
  }
  sources?: RawSource[]
  watch?: Partial<WatchSettings>
  formats?: Record<string, FormatInput>
  dialects?: Record<string, string>
  types?: { strict?: boolean; overrides?: Config['types']['overrides']; columns?: Record<string, string> }
  target?: Partial<Config['target']>
  migrations?: { directory?: string }
  ingest?: Partial<Config['ingest']>
}

interface RawSource {
  name: string; url: string; database: string; tables?: string | string[]
  application?: string; version?: string | number; versionQuery?: string; region?: string
}

interface RawDecrypt {
  passphrase?: string; passphraseFile?: string
  privateKeyFile?: string; privateKeyPassphrase?: string; privateKeyPassphraseFile?: string
}

/** config-schema.ts, compiled ahead of time (config-validator-source.ts). */
const validate = configValidator as unknown as ValidateFunction<RawConfig>

/** Defaults of a format defined from scratch in the config. */
const BASE_FORMAT: DataFormat = { delimiter: '\t', rowTerminator: '\n', nullPattern: '', encoding: 'utf8', header: false }

/**
 * Reads, validates and freezes the configuration. Every problem is reported
 * at once, each with its key path and the file, as one CONFIG_INVALID error.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd()
  const env = options.env ?? process.env
  const file = findConfigFile(options.file ?? nonEmpty(env.HEIRLOOM_CONFIG), cwd)
  const problems: string[] = []
  const raw = file === undefined ? {} : substituteEnv(readConfigFile(file), env, '', problems)
  const where = file ?? 'the default configuration'
  if (!validate(raw)) {
    throw configError(where, [...problems, ...(validate.errors ?? []).map(describeAjvError)])
  }
  const config = buildConfig(raw, file, file === undefined ? cwd : path.dirname(file), problems)
  if (problems.length > 0) throw configError(where, problems)
  return deepFreeze(config)
}

/**
 * The live sources, checked: unique names, a mysql:// (or mariadb://) URL,
 * and the version given or queried (not both). A problem names the source,
 * never its URL: the URL may hold a password.
 */
function buildSources(raw: readonly RawSource[], problems: string[]): LiveSource[] {
  const seen = new Set<string>()
  return raw.map((s, i) => {
    const key = `sources[${i}] (${s.name})`
    if (seen.has(s.name)) problems.push(`${key}: another source has the name ${s.name}: give each source its own name`)
    seen.add(s.name)
    if (!/^(mysql|mariadb):\/\//i.test(s.url.trim())) problems.push(`${key}.url: is not a mysql:// (or mariadb://) URL (SQL Server sources are not supported)`)
    else {
      try { new URL(s.url.trim()) } catch { problems.push(`${key}.url: is not a valid URL: name the host, and percent-encode @ : / ? # % in the user name and password`) }
    }
    if ((s.version === undefined) === (s.versionQuery === undefined)) problems.push(`${key}: give either version or versionQuery (an SQL query whose first value is the version), not ${s.version === undefined ? 'neither' : 'both'}`)
    return {
      name: s.name,
      url: s.url.trim(),
      database: s.database,
      tables: s.tables === undefined ? [] : typeof s.tables === 'string' ? [s.tables] : s.tables,
      application: s.application,
      version: s.version === undefined ? undefined : String(s.version),
      versionQuery: s.versionQuery,
      region: s.region,
    }
  })
}

/** Where heirloom looks for its config in a folder, in this order. */
export const CONFIG_FILE_NAMES: readonly string[] = ['heirloom.yml', 'heirloom.yaml', 'heirloom.config.js', 'heirloom.config.cjs', 'heirloom.config.json']

/** The config file a command uses: the explicit one (which must exist), else the first of CONFIG_FILE_NAMES in `cwd`, else none. */
export function findConfigFile(explicit: string | undefined, cwd: string): string | undefined {
  if (explicit !== undefined) {
    const file = path.resolve(cwd, explicit)
    if (!fs.existsSync(file)) {
      throw new HeirloomError('CONFIG_UNREADABLE', `config file ${file} does not exist`,
        'pass an existing file with --config or HEIRLOOM_CONFIG')
    }
    return file
  }
  // Only `cwd`, not its parents: a config found in a folder above would quietly point a command at another project's database.
  const found = lilconfigSync('heirloom', { searchPlaces: [...CONFIG_FILE_NAMES], stopDir: cwd, loaders: CONFIG_LOADERS, cache: false, ignoreEmptySearchPlaces: false }).search(cwd)
  return found?.filepath
}

/** Reads a config file by its extension: JSON, a CommonJS module exporting the object, else YAML. */
function readConfigFile(file: string): unknown {
  const ext = path.extname(file).toLowerCase()
  if (ext === '.js' || ext === '.cjs') {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = require(file) as { default?: unknown }
      return loaded.default ?? loaded
    } catch (e) {
      throw new HeirloomError('CONFIG_UNREADABLE', `cannot load config file ${file}: ${(e as Error).message.split('\n')[0]}`, 'fix the module: it must export the configuration object', { cause: e })
    }
  }
  if (ext === '.json') {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown
    } catch (e) {
      throw new HeirloomError('CONFIG_UNREADABLE', `${file}: not valid JSON (${(e as Error).message.split('\n')[0]})`, 'fix the JSON syntax', { cause: e })
    }
  }
  return readYaml(file)
}

function readYaml(file: string): unknown {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (e) {
    throw new HeirloomError('CONFIG_UNREADABLE', `cannot read config file ${file}`, 'check the path and its permissions', { cause: e })
  }
  const doc = YAML.parseDocument(text)
  if (doc.errors.length > 0) {
    // Only the first line of each message: the others quote the file's text, which may hold a password.
    throw new HeirloomError('CONFIG_UNREADABLE', `${file}: ${doc.errors.map((e) => e.message.split('\n')[0]).join('; ')}`, 'fix the YAML syntax')
  }
  return doc.toJS() ?? {}
}

/** lilconfig only finds the file; heirloom reads it itself, with errors that never quote its text. */
const CONFIG_LOADERS = { '.yml': () => null, '.yaml': () => null, '.js': () => null, '.cjs': () => null, '.json': () => null }

/** `${VAR}` and `${VAR:-default}` (the default when VAR is unset or empty, as in a shell). */
const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g

/**
 * Replaces `${VAR}` in every string value. An unset VAR without a default is
 * a problem naming the key: left empty, a forgotten DATABASE_URL
 * would quietly switch a nightly load to the embedded server.
 */
function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, key: string, problems: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REFERENCE, (_, name: string, fallback: string | undefined) => {
      const set = env[name]
      if (fallback !== undefined) return set === undefined || set === '' ? fallback : set
      if (set === undefined) problems.push(`${key}: environment variable ${name} is not set (set it, or write \${${name}:-default} for a default)`)
      return set ?? ''
    })
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, env, `${key}[${i}]`, problems))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env, key === '' ? k : `${key}.${k}`, problems)]))
  }
  return value
}

function buildConfig(raw: RawConfig, file: string | undefined, root: string, problems: string[]): Config {
  const formats = buildFormats(raw.formats ?? {}, problems)
  const defaults: DumpDefaults = {
    dialect: 'mssql',
    format: 'mssql-bcp',
    ...raw.dumps?.defaults,
    version: raw.dumps?.defaults?.version === undefined ? undefined : String(raw.dumps.defaults.version),
  }
  const dialects = readUserDialects(raw.dialects ?? {}, root, problems)
  checkDialectRef(defaults.dialect, dialects, 'dumps.defaults.dialect', problems)
  for (const name of Object.keys(raw.types?.overrides ?? {})) checkDialectRef(name, dialects, `types.overrides.${name}`, problems)
  checkFormatRef(defaults.format, formats, 'dumps.defaults.format', problems)
  for (const [table, ref] of Object.entries(raw.dumps?.tableFormats ?? {})) {
    if (typeof ref === 'string') checkFormatRef(ref, formats, `dumps.tableFormats.${table}`, problems)
  }
  if (defaults.timezone !== undefined && !isTimeZone(defaults.timezone)) {
    problems.push(`dumps.defaults.timezone: "${defaults.timezone}" is neither an IANA time zone nor an offset like +02:00`)
  }
  return {
    file,
    root,
    database: { url: databaseUrl(raw.database?.url ?? undefined, problems) },
    dumps: {
      path: path.resolve(root, raw.dumps?.path ?? DEFAULT_DUMPS_PATH),
      pattern: compilePattern(raw.dumps?.pattern, problems),
      schemaExt: raw.dumps?.schemaExt,
      dataExt: raw.dumps?.dataExt,
      maxMemberBytes: raw.dumps?.maxMemberBytes ?? DEFAULT_MAX_MEMBER_BYTES,
      defaults,
      tableFormats: raw.dumps?.tableFormats ?? {},
      decrypt: buildDecrypt(raw.dumps?.decrypt ?? {}, root, problems),
    },
    sources: buildSources(raw.sources ?? [], problems),
    formats,
    dialects,
    types: {
      strict: raw.types?.strict ?? false,
      overrides: raw.types?.overrides ?? {},
      columns: raw.types?.columns ?? {},
    },
    target: {
      schema: raw.target?.schema ?? 'public',
      identifiers: raw.target?.identifiers ?? 'lower',
      child: raw.target?.child ?? DEFAULT_CHILD_PATTERN,
      renames: raw.target?.renames ?? {},
    },
    migrations: { directory: path.resolve(root, raw.migrations?.directory ?? DEFAULT_MIGRATIONS_DIRECTORY) },
    watch: { ...DEFAULT_WATCH, ...raw.watch },
    ingest: {
      workers: raw.ingest?.workers ?? Math.max(1, os.availableParallelism()),
      mode: raw.ingest?.mode ?? 'replace',
      maxRejects: raw.ingest?.maxRejects ?? DEFAULT_MAX_REJECTS,
      maxRecordBytes: raw.ingest?.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
      parallelCopy: {
        // Each of the `workers` tables in flight may open this many connections: at most workers × streams in all.
        streams: raw.ingest?.parallelCopy?.streams ?? Math.max(1, os.availableParallelism()),
        minBytes: raw.ingest?.parallelCopy?.minBytes ?? DEFAULT_PARALLEL_COPY_MIN_BYTES,
      },
    },
  }
}

/**
 * The decryption secrets, each given inline (usually as `${VAR}`) or as a
 * file holding it (one trailing newline dropped). Problems name the key and
 * the file path, never the secret.
 */
function buildDecrypt(raw: RawDecrypt, root: string, problems: string[]): DecryptSecrets {
  const secret = (key: keyof RawDecrypt & string, fileKey: keyof RawDecrypt & string): string | undefined => {
    const inline = raw[key]
    const file = raw[fileKey]
    if (file === undefined) return inline
    if (inline !== undefined) {
      problems.push(`dumps.decrypt: give ${key} or ${fileKey}, not both`)
      return undefined
    }
    const where = path.resolve(root, file)
    try {
      return fs.readFileSync(where, 'utf8').replace(/\r?\n$/, '')
    } catch (e) {
      problems.push(`dumps.decrypt.${fileKey}: cannot read ${where} (${(e as NodeJS.ErrnoException).code ?? 'error'})`)
      return undefined
    }
  }
  const privateKeyFile = raw.privateKeyFile === undefined ? undefined : path.resolve(root, raw.privateKeyFile)
  if (privateKeyFile !== undefined && !fs.existsSync(privateKeyFile)) problems.push(`dumps.decrypt.privateKeyFile: ${privateKeyFile} does not exist`)
  const secrets = { passphrase: secret('passphrase', 'passphraseFile'), privateKeyFile, privateKeyPassphrase: secret('privateKeyPassphrase', 'privateKeyPassphraseFile') }
  return Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== undefined && v !== ''))
}

/** A format of the config overrides the built-in of the same name key by key, or starts from BASE_FORMAT. */
function buildFormats(input: Record<string, FormatInput>, problems: string[]): Record<string, DataFormat> {
  const formats: Record<string, DataFormat> = { ...BUILTIN_FORMATS }
  for (const [name, overrides] of Object.entries(input)) {
    const base = formats[name] ?? BASE_FORMAT
    formats[name] = { ...base, ...overrides }
    if (!isEncoding(formats[name].encoding)) {
      problems.push(`formats.${name}.encoding: "${formats[name].encoding}" is not an encoding this Node.js can decode`)
    }
  }
  return formats
}

/** `database.url` as a URL pg reads (a libpq key=value string is converted); a problem, never quoting it, when it is neither. */
function databaseUrl(text: string | undefined, problems: string[]): string | undefined {
  const given = nonEmpty(text)
  if (given === undefined) return undefined
  const parsed = parseConnectionString(given)
  if (parsed.kind === 'url') return parsed.url
  problems.push(`database.url: ${parsed.reason}`)
  return undefined
}

function checkFormatRef(ref: string, formats: Record<string, DataFormat>, key: string, problems: string[]): void {
  if (formats[ref] === undefined) problems.push(`${key}: unknown format "${ref}" (known: ${Object.keys(formats).join(', ')})`)
}

function checkDialectRef(name: string, dialects: UserDialects, key: string, problems: string[]): void {
  if (findDialect(name, dialects) === undefined) problems.push(`${key}: unknown dialect "${name}" (known: ${knownDialects(dialects).join(', ')}; add one under \`dialects\`)`)
}

function compilePattern(pattern: string | undefined, problems: string[]): RegExp | undefined {
  if (pattern === undefined) return undefined
  try {
    return new RegExp(pattern)
  } catch (e) {
    problems.push(`dumps.pattern: not a valid regular expression (${(e as Error).message})`)
    return undefined
  }
}

function isEncoding(label: string): boolean {
  try {
    classifyEncoding(label)
    return true
  } catch {
    return false
  }
}

function isTimeZone(tz: string): boolean {
  if (/^[+-]\d{2}:\d{2}$/.test(tz)) return true
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

function describeAjvError(e: ErrorObject): string {
  const key = e.instancePath.split('/').filter(Boolean).join('.')
  if (e.keyword === 'additionalProperties') {
    const extra = String((e.params as { additionalProperty: string }).additionalProperty)
    return `${key === '' ? '' : `${key}.`}${extra}: unknown key`
  }
  if (e.keyword === 'enum') {
    return `${key}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`
  }
  // YAML reads an unquoted NULL, null or ~ as no value at all: the usual slip for nullPattern.
  const yamlNull = e.keyword === 'type' && e.data === null ? " (YAML reads an unquoted NULL, null or ~ as no value: quote it, e.g. 'NULL')" : ''
  return `${key === '' ? '(top level)' : key}: ${e.message ?? 'is invalid'}${yamlNull}`
}

function configError(where: string, problems: readonly string[]): HeirloomError {
  const unique = [...new Set(problems)]
  return new HeirloomError('CONFIG_INVALID', `${where}:\n  ${unique.join('\n  ')}`,
    'fix the keys listed above (docs/configuration.md lists every key)')
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s.trim() === '' ? undefined : s
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !(value instanceof RegExp) && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}
