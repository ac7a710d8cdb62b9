import type mysql from 'mysql2'
import picomatch from 'picomatch'
import { HeirloomError } from '../errors'
import type { LiveSource } from '../config/config'
import { sourceError, sourceLabel } from './mysql-connection'

/** The INFORMATION_SCHEMA.COLUMNS keys of a pulled table's schema (the dump's Form B, parsed as a dump's `<table>.json`). */
export const COLUMN_KEYS = ['TABLE_NAME', 'COLUMN_NAME', 'ORDINAL_POSITION', 'DATA_TYPE', 'COLUMN_TYPE', 'CHARACTER_MAXIMUM_LENGTH',
  'NUMERIC_PRECISION', 'NUMERIC_SCALE', 'DATETIME_PRECISION', 'IS_NULLABLE', 'COLUMN_KEY'] as const

export type ColumnRow = Record<(typeof COLUMN_KEYS)[number], string | number | null>

/** A source table as INFORMATION_SCHEMA has it: its columns in ordinal order, and DATA_LENGTH (an estimate of its bytes, 0 when unknown). */
export interface SourceTable {
  readonly columns: readonly ColumnRow[]
  readonly estimatedBytes: number
}

/** What a pull reads inside its snapshot before any row: the export time (the source's clock at the snapshot's start) and the version. */
export interface SnapshotFacts {
  readonly exportedAt: string
  readonly version: string
}

type Db = ReturnType<mysql.Connection['promise']>

/** Runs one statement; a failure is a `sourceError` naming the table when there is one. */
async function sourceQuery(db: Db, source: LiveSource, table: string | undefined, sql: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  try {
    const [rows] = await db.query(sql, values)
    return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : []
  } catch (e) {
    throw sourceError(source, table, e)
  }
}

/** Opens the connection's snapshot: reads from now on see the source as it is at this statement. */
export async function startSnapshot(db: Db, source: LiveSource): Promise<void> {
  await sourceQuery(db, source, undefined, 'START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY')
}

/** The export time and version, read on a connection whose snapshot is open. */
export async function snapshotFacts(db: Db, source: LiveSource): Promise<SnapshotFacts> {
  const [clock] = await sourceQuery(db, source, undefined, "SELECT DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%dT%H:%i:%s.%fZ') AS t")
  return { exportedAt: String((clock as { t: string }).t), version: await versionOf(db, source) }
}

/** The configured version, or the first value of `versionQuery`, read inside the snapshot. */
async function versionOf(db: Db, source: LiveSource): Promise<string> {
  if (source.versionQuery === undefined) return source.version as string
  let first: unknown
  try {
    const [rows] = await db.query({ sql: source.versionQuery, rowsAsArray: true })
    first = Array.isArray(rows) && Array.isArray(rows[0]) ? rows[0][0] : undefined
  } catch (e) {
    const err = sourceError(source, undefined, e)
    throw new HeirloomError('SOURCE_FAILED', `${err.message} (in sources.versionQuery)`, 'fix sources.versionQuery: its first column of its first row is the version')
  }
  if (first === undefined || first === null || String(first).trim() === '') {
    throw new HeirloomError('SOURCE_FAILED', `${sourceLabel(source)}: sources.versionQuery returned no version`, 'fix sources.versionQuery: its first column of its first row is the version')
  }
  return (Buffer.isBuffer(first) ? first.toString('utf8') : String(first)).trim()
}

/**
 * Base tables matching `sources.tables`, each with its INFORMATION_SCHEMA
 * rows, in name order; none is an error (nothing to pull).
 */
export async function sourceTables(db: Db, source: LiveSource): Promise<Map<string, SourceTable>> {
  const matches = source.tables.length === 0 ? () => true : picomatch([...source.tables], { nocase: true })
  const rows = await sourceQuery(db, source, undefined,
    `SELECT ${COLUMN_KEYS.map((k) => `c.${k}`).join(', ')}, t.DATA_LENGTH FROM INFORMATION_SCHEMA.COLUMNS c
       JOIN INFORMATION_SCHEMA.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
      WHERE c.TABLE_SCHEMA = ? AND t.TABLE_TYPE = 'BASE TABLE'
      ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`, [source.database])
  const tables = new Map<string, { columns: ColumnRow[]; estimatedBytes: number }>()
  for (const r of rows) {
    const table = String(r['TABLE_NAME'])
    if (!matches(table)) continue
    const entry = tables.get(table) ?? { columns: [], estimatedBytes: Number(plain(r['DATA_LENGTH']) ?? 0) || 0 }
    entry.columns.push(Object.fromEntries(COLUMN_KEYS.map((k) => [k, plain(r[k])])) as ColumnRow)
    tables.set(table, entry)
  }
  if (tables.size === 0) {
    throw new HeirloomError('SOURCE_FAILED', `${sourceLabel(source)}: no base table${source.tables.length === 0 ? '' : ` matches sources.tables (${source.tables.join(', ')})`}`,
      'check sources.database and sources.tables')
  }
  return new Map([...tables].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

function plain(v: unknown): string | number | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') return v
  const s = Buffer.isBuffer(v) ? v.toString('utf8') : String(v)
  return /^-?\d+$/.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : s
}

/** A MySQL identifier quoted with backticks. */
export function quoteMysql(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``
}
