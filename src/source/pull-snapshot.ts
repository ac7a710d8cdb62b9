import fs from 'node:fs'
import path from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type mysql from 'mysql2'
import picomatch from 'picomatch'
import yazl from 'yazl'
import { HeirloomError } from '../errors'
import type { Config, LiveSource } from '../config/config'
import type { Manifest } from '../dump/dump-identity'
import { connectSource, sourceError, sourceLabel } from './mysql-connection'
import { mysqlTabLine } from './mysql-tab-line'

/** What one pull wrote: a dump like any other, in the dumps folder. */
export interface PulledSnapshot {
  readonly source: string
  readonly file: string
  readonly exportedAt: string
  readonly version: string
  readonly tables: number
  readonly rows: number
}

/** The INFORMATION_SCHEMA.COLUMNS keys a pulled table's schema member holds (the dump's Form B). */
const COLUMN_KEYS = ['TABLE_NAME', 'COLUMN_NAME', 'ORDINAL_POSITION', 'DATA_TYPE', 'COLUMN_TYPE', 'CHARACTER_MAXIMUM_LENGTH',
  'NUMERIC_PRECISION', 'NUMERIC_SCALE', 'DATETIME_PRECISION', 'IS_NULLABLE', 'COLUMN_KEY'] as const

type ColumnRow = Record<(typeof COLUMN_KEYS)[number], string | number | null>

/** Rows buffered between the server and the ZIP: the server is paused beyond that. */
const ROWS_IN_FLIGHT = 256

/**
 * Reads the source at one point in time and writes it as a dump: one
 * `START TRANSACTION WITH CONSISTENT SNAPSHOT` on one connection, its export
 * time the server's clock at the snapshot's start; per table an
 * INFORMATION_SCHEMA.COLUMNS schema (`<table>.json`) and the rows as
 * `mysqldump --tab` text (`<table>.txt`), streamed with backpressure into the
 * ZIP, plus a manifest with the identity. The ZIP is written under a
 * temporary name and renamed when whole, so a failed or killed pull leaves
 * no dump behind.
 */
export async function pullSnapshot(config: Config, source: LiveSource): Promise<PulledSnapshot> {
  const folder = pulledFolder(config, source)
  fs.mkdirSync(folder, { recursive: true })
  for (const f of fs.readdirSync(folder)) if (f.endsWith('.zip.part')) fs.rmSync(path.join(folder, f), { force: true })
  const connection = await connectSource(source)
  let part: string | undefined
  let abandon = (): void => undefined
  try {
    const db = connection.promise()
    await query(db, source, undefined, 'START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY')
    const [clock] = await query(db, source, undefined, "SELECT DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%dT%H:%i:%s.%fZ') AS t")
    const exportedAt = String((clock as { t: string }).t)
    const version = await versionOf(db, source)
    const columns = await columnsOf(db, source)
    if (columns.size === 0) {
      throw new HeirloomError('SOURCE_FAILED', `${sourceLabel(source)}: no base table${source.tables.length === 0 ? '' : ` matches sources.tables (${source.tables.join(', ')})`}`,
        'check sources.database and sources.tables')
    }
    const file = path.join(folder, `${source.name}_${exportedAt.replace(/[-:.]/g, '')}.zip`)
    part = `${file}.part`
    const zip = new yazl.ZipFile()
    const output = fs.createWriteStream(part)
    const written = pipeline(zip.outputStream, output)
    // A failure below ends the pull before the ZIP is awaited: stop its writer, and do not leave its rejection unhandled.
    written.catch(() => undefined)
    abandon = () => { (zip.outputStream as unknown as Readable).destroy(); output.destroy() }
    const manifest: Manifest = { application: source.application, version, region: source.region, exportedAt, dialect: 'mysql', format: 'mysql-tab' }
    zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json')
    const dataExt = config.dumps.dataExt ?? '.txt'
    let rows = 0
    for (const [table, cols] of columns) {
      zip.addBuffer(Buffer.from(`${JSON.stringify({ columns: cols }, null, 1)}\n`), `${table}.json`)
      rows += await streamTable(connection, source, table, cols, (stream) => zip.addReadStream(stream, `${table}${dataExt}`, { compress: false }))
    }
    await query(db, source, undefined, 'COMMIT')
    zip.end()
    await written
    fs.renameSync(part, file)
    part = undefined
    return { source: source.name, file, exportedAt, version, tables: columns.size, rows }
  } finally {
    connection.destroy()
    if (part !== undefined) {
      abandon()
      fs.rmSync(part, { force: true })
    }
  }
}

/** Where a source's pulled dumps go: `<dumps.path>/<source name>/`, so `run`, `scan` and `generate --check` see them as dumps. */
export function pulledFolder(config: Config, source: LiveSource): string {
  if (picomatch.scan(config.dumps.path).isGlob) {
    throw new HeirloomError('CONFIG_INVALID', `dumps.path: ${config.dumps.path} is a glob, so there is no folder to write source ${source.name}'s snapshot into`,
      'point dumps.path at a folder to use sources')
  }
  if (config.dumps.schemaExt !== undefined && config.dumps.schemaExt !== '.json') {
    throw new HeirloomError('CONFIG_INVALID', `dumps.schemaExt: ${config.dumps.schemaExt}: a pulled snapshot's schemas are .json (INFORMATION_SCHEMA.COLUMNS rows)`,
      'remove dumps.schemaExt, or set it to .json, to use sources')
  }
  return path.join(config.dumps.path, source.name)
}

type Db = ReturnType<mysql.Connection['promise']>

async function query(db: Db, source: LiveSource, table: string | undefined, sql: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  try {
    const [rows] = await db.query(sql, values)
    return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : []
  } catch (e) {
    throw sourceError(source, table, e)
  }
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

/** Base tables matching `tables`, each with its INFORMATION_SCHEMA.COLUMNS rows in ordinal order, in name order. */
async function columnsOf(db: Db, source: LiveSource): Promise<Map<string, ColumnRow[]>> {
  const matches = source.tables.length === 0 ? () => true : picomatch([...source.tables], { nocase: true })
  const rows = await query(db, source, undefined,
    `SELECT ${COLUMN_KEYS.map((k) => `c.${k}`).join(', ')} FROM INFORMATION_SCHEMA.COLUMNS c
       JOIN INFORMATION_SCHEMA.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
      WHERE c.TABLE_SCHEMA = ? AND t.TABLE_TYPE = 'BASE TABLE'
      ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`, [source.database])
  const tables = new Map<string, ColumnRow[]>()
  for (const r of rows) {
    const table = String(r['TABLE_NAME'])
    if (!matches(table)) continue
    const row = Object.fromEntries(COLUMN_KEYS.map((k) => [k, plain(r[k])])) as ColumnRow
    const list = tables.get(table) ?? []
    list.push(row)
    tables.set(table, list)
  }
  return new Map([...tables].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

function plain(v: unknown): string | number | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') return v
  const s = Buffer.isBuffer(v) ? v.toString('utf8') : String(v)
  return /^-?\d+$/.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : s
}

/**
 * One table's rows, every field as the bytes the server sent (no conversion:
 * dates, decimals, JSON, spatial and BIT values stay the server's text or
 * bytes, as in an OUTFILE), written as mysql-tab lines into `into`'s stream;
 * the server's stream is paused while the ZIP does not take more.
 */
async function streamTable(connection: mysql.Connection, source: LiveSource, table: string, cols: readonly ColumnRow[], into: (stream: Readable) => void): Promise<number> {
  const raw = cols.map((c) => String(c.DATA_TYPE).toLowerCase() === 'bit')
  const names = cols.map((c) => `\`${String(c.COLUMN_NAME).replace(/`/g, '``')}\``).join(', ')
  const sql = `SELECT ${names} FROM \`${source.database.replace(/`/g, '``')}\`.\`${table.replace(/`/g, '``')}\``
  const rows = connection.query({ sql, rowsAsArray: true, typeCast: (field) => field.buffer() }).stream({ highWaterMark: ROWS_IN_FLIGHT })
  let count = 0
  const lines = new Transform({
    writableObjectMode: true,
    transform(row: (Buffer | null)[], _enc, done) {
      count++
      done(null, mysqlTabLine(row, raw))
    },
  })
  into(lines)
  // mysql2 may end a streaming query's rows normally when the connection drops mid-table: the connection's own
  // error or end is what says the table was cut short, so either fails the table (never a silently short table).
  let onLost: (e?: unknown) => void = () => undefined
  const lost = new Promise<never>((_, reject) => {
    onLost = (e?: unknown) => reject(e ?? Object.assign(new Error('the server closed the connection'), { code: 'PROTOCOL_CONNECTION_LOST' }))
  })
  connection.once('error', onLost)
  connection.once('end', onLost)
  try {
    await Promise.race([pipeline(rows, lines), lost])
  } catch (e) {
    rows.destroy()
    lines.destroy()
    throw sourceError(source, table, e)
  } finally {
    connection.off('error', onLost)
    connection.off('end', onLost)
  }
  return count
}
