/**
 * The table model shared by every stage: what a dump says about a table
 * (source side) and what heirloom makes of it in PostgreSQL (target side).
 * Pure data, no I/O.
 */

import type { ColumnConversions } from './dialects'

/**
 * The name of the database product a dump was exported from: a built-in
 * (`mssql`, `mysql`) or one the config's `dialects` adds (schema/dialects.ts).
 * It decides type names and value text forms.
 */
export type Dialect = string

/** One column as the dump's schema file describes it. */
export interface SourceColumn {
  /** Column name exactly as in the dump. */
  readonly name: string
  /** Base type name, lower case, without arguments: `nvarchar`, `int`, `tinyint`, `enum`. */
  readonly type: string
  /** Character or binary length; -1 means unbounded (`max`). */
  readonly length?: number
  readonly precision?: number
  readonly scale?: number
  /** Fractional-second digits of time types. */
  readonly datetimePrecision?: number
  /** MySQL `COLUMN_TYPE` details. */
  readonly unsigned?: boolean
  /** Values of a MySQL `enum(…)` / `set(…)`. */
  readonly values?: readonly string[]
  /**
   * MySQL character set of a text column (`latin1`), from its DDL or
   * INFORMATION_SCHEMA's CHARACTER_SET_NAME: `mysqldump --tab` writes each
   * column's values in the column's own character set.
   */
  readonly charset?: string
  readonly nullable: boolean
}

/** One table as the dump's schema file describes it. */
export interface TableSchema {
  /** Table name exactly as in the dump. */
  readonly name: string
  /** In data-file field order (unless `fieldOrderFromHeader`). */
  readonly columns: readonly SourceColumn[]
  readonly primaryKey: readonly string[]
  /** True for schema files that do not fix the field order (ezETL form): the data file's header row does. */
  readonly fieldOrderFromHeader: boolean
}

/** A PostgreSQL type in canonical form: `name` as PostgreSQL prints it, modifiers in order. */
export interface PgType {
  /** `smallint`, `integer`, `bigint`, `numeric`, `real`, `double precision`, `boolean`, `date`,
   * `time`, `timestamp`, `timestamptz`, `char`, `varchar`, `text`, `bytea`, `uuid`, `xml`,
   * `jsonb`, `json`, `bit`, `varbit`, `interval`. */
  readonly name: string
  /** `numeric(12,2)` → [12, 2]; `varchar(50)` → [50]; `timestamp(3)` → [3]; none → []. */
  readonly modifiers: readonly number[]
}

/** A column of a child table: its PostgreSQL name and type and where its values come from. */
export interface TargetColumn {
  /** PostgreSQL identifier (already normalised by the naming policy, not quoted). */
  readonly name: string
  readonly type: PgType
  readonly nullable: boolean
  /** The dump column it is loaded from. */
  readonly source: SourceColumn
  /** How its values are written (its dialect's conversions and its source type's); a column built without them takes its built-in dialect's. */
  readonly conversions?: ColumnConversions
}

/** A table of one application version, as PostgreSQL will hold it. */
export interface TargetTable {
  /** Mother table name (normalised identifier). */
  readonly name: string
  /** Source table name as in the dump. */
  readonly sourceName: string
  readonly columns: readonly TargetColumn[]
  /** Normalised names of the primary-key columns. */
  readonly primaryKey: readonly string[]
}

/** The provenance column every mother and child carries (docs/guarantees.md): the `heirloom.dumps` id of the row's dump. */
export const DUMP_ID_COLUMN = '_dump_id'
export const DUMP_ID_TYPE: PgType = { name: 'integer', modifiers: [] }

export function formatPgType(t: PgType): string {
  if (t.modifiers.length === 0) return t.name
  // An array's modifiers belong to its element: `varchar(20)[]`.
  const element = t.name.endsWith('[]') ? t.name.slice(0, -2) : t.name
  return `${element}(${t.modifiers.join(',')})${t.name.slice(element.length)}`
}

export function samePgType(a: PgType, b: PgType): boolean {
  return formatPgType(a) === formatPgType(b)
}
