import path from 'node:path'
import type pg from 'pg'
import { makeZip } from './make-zip'
import type { TestDatabase } from './test-database'

/** `[name, 'int not null' | 'decimal(10,2)' | 'varchar(max)' | 'datetime2(7)' …]`, SQL Server spelling. */
export type ColumnSpec = readonly [string, string]

export interface TableSpec {
  readonly columns: readonly ColumnSpec[]
  /** Field values in column order; null is NULL. */
  readonly rows?: readonly (readonly (string | null)[])[]
  /** Member base name inside the ZIP, when it must differ from the table name. */
  readonly member?: string
  readonly primaryKey?: readonly string[]
}

export interface DumpSpec {
  readonly application?: string
  readonly version: string
  readonly region: string
  readonly exportedAt: string
  readonly tables: Readonly<Record<string, TableSpec>>
}

const TYPE = /^(\w+)(?:\((\w+)(?:,(\d+))?\))?( not null)?$/
const LENGTH_TYPES = new Set(['varchar', 'nvarchar', 'char', 'nchar', 'varbinary', 'binary'])
const PRECISION_TYPES = new Set(['datetime2', 'time', 'datetimeoffset'])

/** A native (form A) schema column from the compact spelling. */
function schemaColumn([name, spec]: ColumnSpec): Record<string, unknown> {
  const m = TYPE.exec(spec)
  if (m === null) throw new Error(`bad column spec ${spec}`)
  const [, type, first, second, notNull] = m
  const column: Record<string, unknown> = { name, type, nullable: notNull === undefined }
  if (first === undefined) return column
  if (LENGTH_TYPES.has(type)) column.length = first === 'max' ? -1 : Number(first)
  else if (PRECISION_TYPES.has(type)) column.datetimePrecision = Number(first)
  else {
    column.precision = Number(first)
    if (second !== undefined) column.scale = Number(second)
  }
  return column
}

/** bcp -c text: TAB between fields, CRLF after rows, an empty field is NULL and a lone NUL the empty string. */
function bcpRows(rows: readonly (readonly (string | null)[])[]): string {
  return rows.map((r) => `${r.map((v) => (v === null ? '' : v === '' ? '\0' : v)).join('\t')}\r\n`).join('')
}

/** Writes `<application>_<region>_v<version>.zip` (SQL Server dialect, bcp format) into dir. */
export async function writeDump(dir: string, spec: DumpSpec): Promise<string> {
  const application = spec.application ?? 'shop'
  const members: Record<string, string> = {
    'manifest.json': JSON.stringify({ application, version: spec.version, region: spec.region, exportedAt: spec.exportedAt, dialect: 'mssql', format: 'mssql-bcp' }),
  }
  for (const [table, t] of Object.entries(spec.tables)) {
    const base = t.member ?? table
    members[`${base}.json`] = JSON.stringify({ table, columns: t.columns.map(schemaColumn), primaryKey: t.primaryKey ?? [] })
    members[`${base}.dat`] = bcpRows(t.rows ?? [])
  }
  const file = path.join(dir, `${application}_${spec.region}_v${spec.version}.zip`)
  await makeZip(file, members)
  return file
}

/** One column as the catalog has it. */
export interface CatalogColumn {
  readonly table: string
  readonly column: string
  readonly position: number
  readonly type: string
  readonly notNull: boolean
  /** Declared by the table itself (not only inherited): a mother's DROP COLUMN leaves it. */
  readonly local: boolean
  readonly inherited: number
}

/** What the database's catalog says about the tables of a schema: information_schema.columns with format_type, and pg_inherits. */
export async function readCatalog(db: Pick<TestDatabase, 'query'>, schema = 'public'): Promise<{ columns: CatalogColumn[]; inherits: string[] }> {
  const columns = await db.query<CatalogColumn & pg.QueryResultRow>(`
    SELECT c.table_name AS "table", c.column_name AS "column", c.ordinal_position::int AS position,
      format_type(a.atttypid, a.atttypmod) AS type, c.is_nullable = 'NO' AS "notNull", a.attislocal AS local, a.attinhcount AS inherited
    FROM information_schema.columns c
    JOIN pg_attribute a ON a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass AND a.attname = c.column_name
    WHERE c.table_schema = $1 AND c.table_name NOT LIKE 'knex\\_%'
    ORDER BY 1, 3`, [schema])
  const inherits = await db.query<{ pair: string }>(`
    SELECT ch.relname || ' → ' || pa.relname AS pair FROM pg_inherits i
    JOIN pg_class ch ON ch.oid = i.inhrelid JOIN pg_class pa ON pa.oid = i.inhparent
    JOIN pg_namespace n ON n.oid = ch.relnamespace WHERE n.nspname = $1 ORDER BY 1`, [schema])
  return { columns, inherits: inherits.map((r) => r.pair) }
}

/** The catalog keyed by name only: what a reader of the tables sees, whatever order columns were added in. */
export function byName(catalog: { columns: readonly CatalogColumn[]; inherits: readonly string[] }, tablePrefix = ''): string[] {
  return [
    ...catalog.columns.filter((c) => c.table.startsWith(tablePrefix))
      .map((c) => `${c.table}.${c.column} ${c.type}${c.notNull ? ' NOT NULL' : ''}${c.local ? '' : ' (inherited only)'}${c.inherited > 0 ? ` inh${c.inherited}` : ''}`)
      .sort(),
    ...catalog.inherits.filter((p) => p.startsWith(tablePrefix)),
  ]
}

/** `table.column type` of one table's columns, in the table's column order. */
export function columnsOf(catalog: { columns: readonly CatalogColumn[] }, table: string): string[] {
  return catalog.columns.filter((c) => c.table === table).map((c) => `${c.column} ${c.type}${c.notNull ? ' NOT NULL' : ''}`)
}
