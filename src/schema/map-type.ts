/**
 * Source column type → PostgreSQL type. The per-dialect tables are data
 * (`type-maps/<dialect>.json`, docs/dump-layout.md, Types) so a reviewer can read and extend
 * them without reading code; this module only interprets their small rule
 * vocabulary and applies the config's overrides on top.
 */
import { HeirloomError, messageOf } from '../errors'
import { BUILT_IN, follow, ruleOf, type DialectDefinition } from './dialects'
import { formatPgType, type PgType, type SourceColumn } from './model'
import { parsePgType } from './parse-pg-type'

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
  /** Field text that is this type's zero date (MySQL YEAR `0000`), handled as the dialect's `zeroDates` says. */
  readonly zeroText?: string
  /** Fractional-second digits the source writes when the column declares none (SQL Server datetime2: 7). */
  readonly secondsDigits?: number
  /** The source's name for what the type holds (SQLite's `INTEGER` affinity), said in the reason of a value the type refuses. */
  readonly affinity?: string
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

/** The shipped maps' types, by dialect. */
export const TYPE_MAPS = { mssql: BUILT_IN.mssql.types, mysql: BUILT_IN.mysql.types, postgresql: BUILT_IN.postgresql.types, sqlite: BUILT_IN.sqlite.types }

/** Maps one source column to its PostgreSQL type: per-column override, then per-type override, then the dialect's map. */
export function mapColumnType(column: SourceColumn, definition: DialectDefinition, options: MapTypeOptions): MappedType {
  const dialect = definition.name
  if (options.columnType !== undefined) return { type: configured(options.columnType, `${options.where}: types.columns`) }
  const override = findOverride(options.overrides, column.type)
  if (override !== undefined) {
    return { type: configured(override.text, `${options.where}: types.overrides.${dialect}.${override.key}`) }
  }
  const rule = ruleOf(definition, column.type)
  if (rule === undefined) {
    if (options.strict) {
      throw new HeirloomError('TYPE_UNKNOWN', `${options.where}: ${dialect} type "${column.type}" has no PostgreSQL mapping`,
        `map it in the config under \`types.overrides.${dialect}\` (e.g. \`${column.type}: text\`), or set \`types.strict: false\` to load it as text`)
    }
    return { type: { name: 'text', modifiers: [] }, warning: `${options.where}: unknown ${dialect} type "${column.type}" loaded as text (map it under \`types.overrides.${dialect}\`)` }
  }
  return applyRule(definition.types, rule, column, options.where)
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
