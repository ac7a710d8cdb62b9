/**
 * Source dialects as data (docs/dialects.md): a dialect is a JSON map of
 * source type → PostgreSQL type rule, plus the value conversions its exports
 * need, named from a fixed set. The built-ins (`mssql`, `mysql`,
 * `postgresql`, `sqlite`) are such files; a map may also order `byContains`
 * rules for the types it does not name (SQLite's type affinity). The
 * config's `dialects: {name: path}` adds more, each optionally
 * `extends`-ing a built-in so that a fork states only its differences.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { ErrorObject, ValidateFunction } from 'ajv'
import type { Dialect, SourceColumn, TargetColumn } from './model'
import { parsePgType } from './parse-pg-type'
import type { TypeMap, TypeRule } from './map-type'
import mssqlMap from './type-maps/mssql.json'
import mysqlMap from './type-maps/mysql.json'
import postgresqlMap from './type-maps/postgresql.json'
import sqliteMap from './type-maps/sqlite.json'

/** The dialects that ship with heirloom; a user dialect `extends` one of them (or none). */
export type BuiltInDialect = 'mssql' | 'mysql' | 'postgresql' | 'sqlite'
export const BUILT_IN_DIALECTS: readonly BuiltInDialect[] = ['mssql', 'mysql', 'postgresql', 'sqlite']

/**
 * How a dialect's exports write values that PostgreSQL would read otherwise
 * (docs/dialects.md, Conversions). Each is chosen from a fixed set of names.
 */
export interface ValueConversions {
  /** `zeroOne`: 0/1 and the words PostgreSQL knows (SQL Server bit); `anyInteger`: also any integer, nonzero true (MySQL tinyint(1)). */
  readonly booleans: 'zeroOne' | 'anyInteger'
  /** `hex`: hex digits, `0x` optional (bcp -c); `bytes`: the bytes as the file carries them, after its escapes (mysqldump --tab). */
  readonly binary: 'hex' | 'bytes'
  /** `null`: a zero date (`0000-00-00`, a type's `zeroText`) becomes NULL with a per-column warning; `reject`: it is a reject row. */
  readonly zeroDates: 'null' | 'reject'
}

export const CONVERSION_CHOICES: { readonly [K in keyof ValueConversions]: readonly ValueConversions[K][] } = {
  booleans: ['zeroOne', 'anyInteger'],
  binary: ['hex', 'bytes'],
  zeroDates: ['null', 'reject'],
}

/** What a dialect-less map starts from: PostgreSQL's own reading of values. */
const NEUTRAL_CONVERSIONS: ValueConversions = { booleans: 'zeroOne', binary: 'hex', zeroDates: 'reject' }

/** One dialect, `extends` applied: everything the stages need to know about its exports. */
export interface DialectDefinition {
  readonly name: Dialect
  /** The built-in it derives from (itself for a built-in): decides the `.sql` schema grammar and the member names a dump may use. */
  readonly family: BuiltInDialect | undefined
  readonly types: TypeMap
  /** For a type `types` does not name: the first rule whose word the type contains decides (SQLite's type affinity). */
  readonly byContains: readonly ContainsRule[]
  readonly conversions: ValueConversions
  /** The map file, for messages; undefined for the built-ins. */
  readonly file: string | undefined
}

/** A column's conversions: its dialect's, plus its source type's own (`zeroText`, `secondsDigits`). */
export interface ColumnConversions extends ValueConversions {
  /** Field text that is this type's zero date (MySQL YEAR `0000`). */
  readonly zeroText?: string
  /** Fractional-second digits the source writes when the column declares none (SQL Server datetime2: 7). */
  readonly secondsDigits?: number
  /** The source's name for what the column holds (SQLite `INTEGER` affinity), said in its rejects' reasons. */
  readonly affinity?: string
  /**
   * How a raw field of a MySQL-escaped file (`mysql-tab`, LOAD DATA) is read: by `binary` when the dialect is of the mysql family
   * (its own exporter wrote the file: a map extending mysql with `binary: hex` gets hex digits); else `bytes`, since such a file in
   * another dialect's dump came from a MySQL exporter, which writes binary as raw bytes.
   */
  readonly rawBinary: ValueConversions['binary']
}

/**
 * One rule of a map's ordered `byContains` list: a type whose name contains
 * one of `contains` (or, with `orNoType`, a column declared without a type)
 * takes the `sameAs` entry; a rule without `contains` takes every type.
 */
export interface ContainsRule {
  readonly contains?: readonly string[]
  readonly orNoType?: boolean
  readonly sameAs: string
}

/** The map file as JSON: `types` per source type, `conversions`, and optionally `extends`. */
interface DialectMapFile {
  readonly extends?: BuiltInDialect
  readonly conversions?: Partial<ValueConversions>
  readonly types: Readonly<Record<string, TypeRule>>
  readonly byContains?: readonly ContainsRule[]
}

export const BUILT_IN: Readonly<Record<BuiltInDialect, DialectDefinition>> = {
  mssql: builtIn('mssql', mssqlMap as DialectMapFile),
  mysql: builtIn('mysql', mysqlMap as DialectMapFile),
  postgresql: builtIn('postgresql', postgresqlMap as DialectMapFile),
  sqlite: builtIn('sqlite', sqliteMap as DialectMapFile),
}

function builtIn(name: BuiltInDialect, map: DialectMapFile): DialectDefinition {
  return { name, family: name, types: map.types, byContains: map.byContains ?? [], conversions: { ...NEUTRAL_CONVERSIONS, ...map.conversions }, file: undefined }
}

/** The dialects the config adds, by name, each resolved from its map file. */
export type UserDialects = Readonly<Record<string, DialectDefinition>>

/** The definition of a dialect name: a built-in or one of the config's; undefined when neither knows it. */
export function findDialect(name: string, user: UserDialects = {}): DialectDefinition | undefined {
  if (Object.hasOwn(user, name)) return user[name]
  return (BUILT_IN_DIALECTS as readonly string[]).includes(name) ? BUILT_IN[name as BuiltInDialect] : undefined
}

export function knownDialects(user: UserDialects = {}): string[] {
  return [...new Set([...BUILT_IN_DIALECTS, ...Object.keys(user)])]
}

/** As findDialect, for a name already checked when the dump was identified: an unknown one is a programming error. */
export function dialectNamed(name: string, user: UserDialects = {}): DialectDefinition {
  const found = findDialect(name, user)
  if (found === undefined) throw new Error(`dialect "${name}" is neither built in nor in the config`)
  return found
}

/** The conversions one column's values go through, from its dialect and its source type's rule. */
export function columnConversions(dialect: DialectDefinition, source: SourceColumn): ColumnConversions {
  const rule = ruleOf(dialect, source.type)
  return {
    ...dialect.conversions,
    rawBinary: dialect.family === 'mysql' ? dialect.conversions.binary : 'bytes',
    ...(rule?.zeroText !== undefined ? { zeroText: rule.zeroText } : {}),
    ...(rule?.secondsDigits !== undefined ? { secondsDigits: rule.secondsDigits } : {}),
    ...(rule?.affinity !== undefined ? { affinity: rule.affinity } : {}),
  }
}

/**
 * A column's conversions as toTargetTable set them; a column built by hand
 * (a test, a library caller) without them takes its built-in dialect's.
 */
export function conversionsOf(column: TargetColumn, dialect: Dialect): ColumnConversions {
  return column.conversions ?? columnConversions(dialectNamed(dialect), column.source)
}

/**
 * A type's rule, `sameAs` followed: the entry whose attributes a column of
 * that type takes: the map's entry of that name, else the first `byContains`
 * rule that takes the type (`''` is a column declared without one).
 */
export function ruleOf(dialect: Pick<DialectDefinition, 'types' | 'byContains'>, type: string): TypeRule | undefined {
  const map = dialect.types
  if (Object.hasOwn(map, type)) return follow(map, map[type])
  const rule = dialect.byContains.find((r) => takes(r, type))
  return follow(map, rule === undefined ? undefined : { sameAs: rule.sameAs })
}

function takes(rule: ContainsRule, type: string): boolean {
  if (rule.contains === undefined) return true
  return (type === '' && rule.orNoType === true) || rule.contains.some((word) => type.includes(word))
}

export function follow(map: TypeMap, start: TypeRule | undefined): TypeRule | undefined {
  let rule = start
  // Alias chains are short; the bound only guards against a cycle typed into the JSON.
  for (let hops = 0; rule?.sameAs !== undefined && hops < 8; hops++) rule = map[rule.sameAs]
  return rule?.sameAs === undefined ? rule : undefined
}

// ---------------------------------------------------------------------------
// Reading and checking a map file.

/** A rule of the map format; `byLength` and `unsigned` hold rules of the same shape. */
const RULE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    pg: { type: 'string', minLength: 1 },
    modifiers: { type: 'array', items: { type: 'integer', minimum: 0 } },
    args: { type: 'array', items: { enum: ['length', 'precision', 'scale', 'datetimePrecision'] } },
    cap: { type: 'integer', minimum: 0 },
    byLength: { type: 'object', propertyNames: { pattern: '^-?[0-9]+$' }, additionalProperties: { $ref: '#/$defs/rule' } },
    unsigned: { $ref: '#/$defs/rule' },
    sameAs: { type: 'string', minLength: 1 },
    zeroText: { type: 'string', minLength: 1 },
    secondsDigits: { type: 'integer', minimum: 0, maximum: 9 },
    affinity: { type: 'string', minLength: 1 },
  },
  oneOf: [
    { required: ['sameAs'], maxProperties: 1 },
    { required: ['pg'], not: { required: ['sameAs'] } },
  ],
  not: { required: ['modifiers', 'args'] },
} as const

/** The JSON Schema of a dialect map file (docs/dialects.md). */
export const DIALECT_MAP_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['types'],
  properties: {
    $comment: { type: 'string' },
    extends: { enum: BUILT_IN_DIALECTS },
    conversions: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(Object.entries(CONVERSION_CHOICES).map(([k, v]) => [k, { enum: v }])),
    },
    types: { type: 'object', propertyNames: { pattern: '^[a-z0-9_ ]+$' }, additionalProperties: { $ref: '#/$defs/rule' } },
    byContains: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['sameAs'],
        properties: {
          contains: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[a-z0-9_ ]+$' } },
          orNoType: { type: 'boolean' },
          sameAs: { type: 'string', minLength: 1 },
        },
      },
    },
  },
  $defs: { rule: RULE_SCHEMA },
} as const

let validator: ValidateFunction<DialectMapFile> | undefined

/** ajv is loaded only when a map file is read: most runs use only the built-in maps. */
function validateMap(raw: unknown): readonly ErrorObject[] {
  if (validator === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv = (require('ajv') as { default: typeof import('ajv').default }).default
    validator = new Ajv({ allErrors: true }).compile<DialectMapFile>(DIALECT_MAP_SCHEMA)
  }
  return validator(raw) ? [] : validator.errors ?? []
}

/**
 * Reads the config's `dialects` (name → map path, relative to `root`), each
 * checked against the map schema and its rules' meaning; every problem is a
 * string naming the file, the type and what is wrong.
 */
export function readUserDialects(entries: Readonly<Record<string, string>>, root: string, problems: string[]): UserDialects {
  const dialects: Record<string, DialectDefinition> = {}
  for (const [name, file] of Object.entries(entries)) {
    if ((BUILT_IN_DIALECTS as readonly string[]).includes(name)) {
      problems.push(`dialects.${name}: "${name}" is a built-in dialect (name yours differently and write "extends": "${name}")`)
      continue
    }
    const at = path.resolve(root, file)
    const read = readMapFile(at)
    if (typeof read === 'string') {
      problems.push(`dialects.${name}: ${read}`)
      continue
    }
    const found = mapProblems(read, at)
    if (found.length > 0) {
      problems.push(...found.map((p) => `dialects.${name}: ${p}`))
      continue
    }
    dialects[name] = resolveMap(name, read as DialectMapFile, at)
  }
  return dialects
}

function readMapFile(file: string): unknown {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    return `cannot read the type map ${file}`
  }
  try {
    return JSON.parse(text) as unknown
  } catch (e) {
    return `${file}: not valid JSON (${(e as Error).message.split('\n')[0]})`
  }
}

/** Every problem of a map file: its shape (the JSON Schema), then what the schema cannot say (PostgreSQL type names, alias targets). */
export function mapProblems(raw: unknown, file: string): string[] {
  const shape = validateMap(raw)
  if (shape.length > 0) return [...new Set(shape.map((e) => `${file}: ${describeMapError(e)}`))]
  const map = raw as DialectMapFile
  const merged: TypeMap = { ...(map.extends !== undefined ? BUILT_IN[map.extends].types : {}), ...map.types }
  const problems: string[] = []
  for (const [type, rule] of Object.entries(map.types)) ruleMeaning(rule, `${file}: type "${type}"`, merged, problems)
  map.byContains?.forEach((rule, i) => {
    if (!Object.hasOwn(merged, rule.sameAs)) problems.push(`${file}: byContains ${i}: sameAs names "${rule.sameAs}", which the map does not define`)
  })
  return problems
}

function ruleMeaning(rule: TypeRule, at: string, types: TypeMap, problems: string[]): void {
  if (rule.sameAs !== undefined) {
    if (!Object.hasOwn(types, rule.sameAs)) problems.push(`${at}: sameAs names "${rule.sameAs}", which the map does not define`)
    return
  }
  const pg = rule.pg as string
  try {
    const parsed = parsePgType(pg)
    // `char` parses as char(1): only the name must be PostgreSQL's own.
    if (parsed.name !== pg) problems.push(`${at}: pg "${pg}" must be a PostgreSQL type name as PostgreSQL prints it, without modifiers (here "${parsed.name}"; give modifiers in "modifiers" or "args")`)
  } catch (e) {
    problems.push(`${at}: pg "${pg}" is not a PostgreSQL type (${(e as Error).message})`)
  }
  for (const [length, sub] of Object.entries(rule.byLength ?? {})) ruleMeaning(sub, `${at} byLength ${length}`, types, problems)
  if (rule.unsigned !== undefined) ruleMeaning(rule.unsigned, `${at} unsigned`, types, problems)
}

/** `/types/tinyint/byLength/1/pg` → `type "tinyint" byLength 1 pg`: the type first, as a user looks for it. */
function describeMapError(e: ErrorObject): string {
  const parts = e.instancePath.split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  const where = parts[0] === 'types' && parts.length > 1 ? [`type "${parts[1]}"`, ...parts.slice(2)].join(' ') : parts.join('.') || '(top level)'
  const params = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'additionalProperties': return `${where}: unknown key "${String(params.additionalProperty)}"`
    case 'enum': return `${where}: must be one of ${(params.allowedValues as unknown[]).join(', ')}`
    case 'required': return `${where}: missing "${String(params.missingProperty)}"`
    case 'oneOf': return `${where}: a rule has either "pg" or "sameAs", and "sameAs" alone`
    case 'not': return `${where}: "modifiers" and "args" exclude each other`
    case 'propertyNames': return `${where}: key "${String(params.propertyName)}" ${parts[0] === 'types' && parts.length === 1 ? 'must be a lower-case source type name' : 'must be a length (an integer, -1 = max)'}`
    default: return `${where}: ${e.message ?? 'is invalid'}`
  }
}

function resolveMap(name: string, map: DialectMapFile, file: string): DialectDefinition {
  const base = map.extends !== undefined ? BUILT_IN[map.extends] : undefined
  return {
    name,
    family: map.extends,
    types: { ...base?.types, ...map.types },
    byContains: map.byContains ?? base?.byContains ?? [],
    conversions: { ...(base?.conversions ?? NEUTRAL_CONVERSIONS), ...map.conversions },
    file,
  }
}
