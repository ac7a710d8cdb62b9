import type { Config } from '../config/config'
import { columnConversions, dialectNamed } from './dialects'
import { mapColumnType } from './map-type'
import { makeDistinct, toIdentifier } from './identifiers'
import { DUMP_ID_COLUMN, type Dialect, type TableSchema, type TargetColumn, type TargetTable } from './model'

/** `dialects` may be left out where only the built-in dialects are used. */
export type NamingConfig = Pick<Config, 'target' | 'types'> & Partial<Pick<Config, 'dialects'>>

/**
 * What PostgreSQL will hold for one dump table: normalised, distinct names
 * (after `target.renames`), and each column's type from the dialect's type
 * map and the config's overrides.
 */
export function toTargetTable(schema: TableSchema, dialect: Dialect, config: NamingConfig): { table: TargetTable; warnings: string[] } {
  const policy = config.target.identifiers
  const renames = renamesFor(config.target.renames, schema.name)
  const warnings: string[] = []
  const definition = dialectNamed(dialect, config.dialects)
  // A source column called `_dump_id` must not take the provenance column's name.
  const names = makeDistinct(schema.columns.map((c) => toIdentifier(renames.get(c.name.toLowerCase()) ?? c.name, policy)), [DUMP_ID_COLUMN])
  const columns: TargetColumn[] = schema.columns.map((source, i) => {
    const columnType = columnOverride(config.types.columns, schema.name, source.name)
    const { type, warning } = mapColumnType(source, definition, {
      overrides: config.types.overrides[dialect],
      columnType,
      strict: config.types.strict,
      where: `${schema.name}.${source.name}`,
    })
    if (warning !== undefined) warnings.push(warning)
    return { name: names[i], type, nullable: source.nullable, source, conversions: columnConversions(definition, source) }
  })
  const nameOf = new Map(schema.columns.map((c, i) => [c.name.toLowerCase(), names[i]]))
  return {
    table: {
      name: toIdentifier(schema.name, policy),
      sourceName: schema.name,
      columns,
      primaryKey: schema.primaryKey.map((k) => nameOf.get(k.toLowerCase())).filter((k): k is string => k !== undefined),
    },
    warnings,
  }
}

/** `target.renames` for a table, keys compared case-insensitively as SQL Server and MySQL compare names. */
function renamesFor(all: Config['target']['renames'], table: string): Map<string, string> {
  const entry = Object.entries(all).find(([t]) => t.toLowerCase() === table.toLowerCase())?.[1] ?? {}
  return new Map(Object.entries(entry).map(([from, to]) => [from.toLowerCase(), to]))
}

function columnOverride(columns: Config['types']['columns'], table: string, column: string): string | undefined {
  const key = `${table}.${column}`.toLowerCase()
  return Object.entries(columns).find(([k]) => k.toLowerCase() === key)?.[1]
}
