/**
 * Source column type → PostgreSQL type. The per-dialect tables are data
 * (`type-maps/<dialect>.json`, docs/dump-layout.md, Types) so a reviewer can read and extend
 * them without reading code; this module only interprets their small rule
 * vocabulary and applies the config's overrides on top.
 */
import { HeirloomError, messageOf } from '../errors'
import { formatPgType, type Dialect, type PgType, type SourceColumn } from './model'
import { parsePgType } from './parse-pg-type'
import mssqlMap from './type-maps/mssql.json'
import mysqlMap from './type-maps/mysql.json'

/** Source column fields a rule may copy into the PostgreSQL type's modifiers. */
export type ModifierSource = 'length' | 'precision' | 'scale' | 'datetimePrecision'

/**
 * One entry of a type map. Evaluated in this order:
 * `sameAs` (use another entry of the same map: aliases such as `integer` → `int`),
 * `byLength` (a rule for one particular source length, `"-1"` = max: `varchar(max)` → text, `tinyint(1)` → boolean),
 * `unsigned` (the rule for an unsigned MySQL column: the next wider type),
 * then `pg` with either fixed `modifiers` or `args` copied from the source column,
 * each capped at `cap` (PostgreSQL's fractional seconds stop at 6). `args` stop at
 * the first one the source column lacks, so `decimal` without a scale becomes `numeric(p)`
 * and without a precision plain `numeric`.
 */
export interface TypeRule {
  readonly pg?: string
  readonly modifiers?: readonly number[]
  readonly args?: readonly ModifierSource[]
  readonly cap?: number
  readonly byLength?: Readonly<Record<string, TypeRule>>
  readonly unsigned?: TypeRule
  readonly sameAs?: string
}

export type TypeMap = Readonly<Record<string, TypeRule>>

export interface MapTypeOptions {
  /** `types.overrides[dialect]`: source base type → PostgreSQL type text. */
  readonly overrides?: Readonly<Record<string, string>>
  /** `types.columns['Table.Column']`: PostgreSQL type text; wins over everything. */
  readonly columnType?: string
  /** `types.strict`: an unknown source type is an error instead of `text` with a warning. */
  readonly strict: boolean
  /** Where the column is (`dump.zip: Customers.Notes`), for messages. */
  readonly where: string
}

export interface MappedType {
  readonly type: PgType
  /** Set when the type was guessed (unknown source type → text) or a modifier had to be dropped. */
  readonly warning?: string
}

const RULE_KEYS: ReadonlySet<string> = new Set(['pg', 'modifiers', 'args', 'cap', 'byLength', 'unsigned', 'sameAs'])
const MODIFIER_SOURCES: ReadonlySet<string> = new Set(['length', 'precision', 'scale', 'datetimePrecision'])

/** The shipped maps, checked once at load so that a typo in the JSON fails every test, not one odd column. */
export const TYPE_MAPS: Readonly<Record<Dialect, TypeMap>> = {
  mssql: checkTypeMap(mssqlMap, 'mssql.json'),
  mysql: checkTypeMap(mysqlMap, 'mysql.json'),
}

/** Maps one source column to its PostgreSQL type: per-column override, then per-type override, then the dialect's map. */
export function mapColumnType(column: SourceColumn, dialect: Dialect, options: MapTypeOptions): MappedType {
  if (options.columnType !== undefined) return { type: configured(options.columnType, `${options.where}: types.columns`) }
  const override = findOverride(options.overrides, column.type)
  if (override !== undefined) {
    return { type: configured(override.text, `${options.where}: types.overrides.${dialect}.${override.key}`) }
  }
  const rule = resolve(TYPE_MAPS[dialect], column.type)
  if (rule === undefined) {
    if (options.strict) {
      throw new HeirloomError('TYPE_UNKNOWN', `${options.where}: ${dialect} type "${column.type}" has no PostgreSQL mapping`,
        `map it in the config under \`types.overrides.${dialect}\` (e.g. \`${column.type}: text\`), or set \`types.strict: false\` to load it as text`)
    }
    return { type: { name: 'text', modifiers: [] }, warning: `${options.where}: unknown ${dialect} type "${column.type}" loaded as text (map it under \`types.overrides.${dialect}\`)` }
  }
  return applyRule(TYPE_MAPS[dialect], rule, column, options.where)
}

function configured(text: string, where: string): PgType {
  try {
    return parsePgType(text)
  } catch (e) {
    throw new HeirloomError('CONFIG_INVALID', `${where}: ${messageOf(e)}`, e instanceof HeirloomError ? e.hint : undefined, { cause: e })
  }
}

function findOverride(overrides: Readonly<Record<string, string>> | undefined, type: string): { key: string; text: string } | undefined {
  if (overrides === undefined) return undefined
  for (const [key, text] of Object.entries(overrides)) {
    if (key.trim().toLowerCase() === type) return { key, text }
  }
  return undefined
}

function resolve(map: TypeMap, type: string): TypeRule | undefined {
  return follow(map, Object.hasOwn(map, type) ? map[type] : undefined)
}

function follow(map: TypeMap, start: TypeRule | undefined): TypeRule | undefined {
  let rule = start
  // Alias chains are short; the bound only guards against a cycle typed into the JSON.
  for (let hops = 0; rule?.sameAs !== undefined && hops < 8; hops++) rule = map[rule.sameAs]
  return rule?.sameAs === undefined ? rule : undefined
}

function applyRule(map: TypeMap, rule: TypeRule, column: SourceColumn, where: string): MappedType {
  const special = follow(map, column.length !== undefined ? rule.byLength?.[String(column.length)] : undefined)
  if (special !== undefined) return applyRule(map, special, column, where)
  const wider = follow(map, column.unsigned === true ? rule.unsigned : undefined)
  if (wider !== undefined) return applyRule(map, wider, column, where)
  // checkTypeMap guarantees `pg` on every rule that is not an alias.
  const name = rule.pg as string
  const modifiers = rule.modifiers ?? modifiersFrom(rule, column)
  try {
    // Round-trip through the parser so implied modifiers become explicit (`char` → `char(1)`)
    // and a source modifier PostgreSQL refuses (MySQL `varchar(0)`) is caught here.
    return { type: parsePgType(formatPgType({ name, modifiers })) }
  } catch {
    return {
      type: parsePgType(name),
      warning: `${where}: ${formatPgType({ name, modifiers })} is not a valid PostgreSQL type; using ${formatPgType(parsePgType(name))}`,
    }
  }
}

function modifiersFrom(rule: TypeRule, column: SourceColumn): number[] {
  const modifiers: number[] = []
  for (const source of rule.args ?? []) {
    const value = column[source]
    if (value === undefined || value < 0) break
    modifiers.push(rule.cap !== undefined ? Math.min(value, rule.cap) : value)
  }
  return modifiers
}

/** Validates the JSON's shape against the rule vocabulary; a broken shipped map is a programming error. */
function checkTypeMap(raw: unknown, file: string): TypeMap {
  const types = isRecord(raw) ? raw['types'] : undefined
  if (!isRecord(types)) throw new Error(`type map ${file}: expected {"types": {...}}`)
  for (const [type, rule] of Object.entries(types)) checkRule(rule, `${file}: ${type}`, types)
  return types as TypeMap
}

function checkRule(rule: unknown, at: string, types: Readonly<Record<string, unknown>>): void {
  if (!isRecord(rule)) throw new Error(`type map ${at}: a rule must be an object`)
  const unknownKey = Object.keys(rule).find((k) => !RULE_KEYS.has(k))
  if (unknownKey !== undefined) throw new Error(`type map ${at}: unknown key "${unknownKey}"`)
  const { pg, modifiers, args, cap, byLength, unsigned, sameAs } = rule
  if (sameAs !== undefined) {
    if (typeof sameAs !== 'string' || !Object.hasOwn(types, sameAs) || Object.keys(rule).length !== 1) {
      throw new Error(`type map ${at}: sameAs must be the only key and name another entry`)
    }
    return
  }
  if (typeof pg !== 'string' || parsePgType(pg).name !== pg) throw new Error(`type map ${at}: pg must be a canonical PostgreSQL type name`)
  if (modifiers !== undefined && !(Array.isArray(modifiers) && modifiers.every(Number.isInteger))) throw new Error(`type map ${at}: modifiers must be integers`)
  if (args !== undefined && !(Array.isArray(args) && args.every((a) => MODIFIER_SOURCES.has(String(a))))) throw new Error(`type map ${at}: unknown arg`)
  if (modifiers !== undefined && args !== undefined) throw new Error(`type map ${at}: modifiers and args exclude each other`)
  if (cap !== undefined && !Number.isInteger(cap)) throw new Error(`type map ${at}: cap must be an integer`)
  if (byLength !== undefined) {
    if (!isRecord(byLength)) throw new Error(`type map ${at}: byLength must be an object`)
    for (const [length, sub] of Object.entries(byLength)) checkRule(sub, `${at}.byLength.${length}`, types)
  }
  if (unsigned !== undefined) checkRule(unsigned, `${at}.unsigned`, types)
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
