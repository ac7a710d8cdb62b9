/**
 * What proves a live-bench load right, computed alike on the MariaDB source
 * and on each PostgreSQL result whatever types the loader chose (pgloader
 * picks its own): the row count, exact sums of the numeric columns, the
 * non-NULL count of every column, and an md5 over every column of a sample
 * (every 1000th row, which holds the hostile text values), timestamps
 * rendered in UTC. `count:sums:counts:md5`; equal to the source's = loaded
 * right.
 */
import type mysql from 'mysql2/promise'
import type pg from 'pg'
import { BENCH_COLUMNS } from './dataset'

/** The sampled rows: every 1000th, from id 7 (the source makes their notes hostile). */
export const SAMPLE_ROWS = 'id % 1000 = 7'

/** Marks NULL in the sample: not `\N`, which a hostile value holds as text. */
const NULL_MARK = '<null>'

interface Side {
  /** Each column's text in the sample, by bench column name (default: the column cast to text). */
  readonly text: Readonly<Record<string, (c: string) => string>>
  readonly sums: readonly string[]
  readonly md5: (rows: string) => string
}

const MARIADB: Side = {
  text: {
    amount: (c) => `CAST(${c} AS CHAR)`,
    created_at: (c) => `DATE_FORMAT(${c}, '%Y-%m-%d %H:%i:%s.%f')`,
    updated_at: (c) => `DATE_FORMAT(${c}, '%Y-%m-%d %H:%i:%s.%f')`,
    birth_date: (c) => `DATE_FORMAT(${c}, '%Y-%m-%d')`,
    score: (c) => `CAST(CAST(${c} AS DECIMAL(20,4)) AS CHAR)`,
  },
  sums: ['SUM(id)', 'SUM(big)', 'SUM(amount)', 'SUM(qty)', 'SUM(active)', 'SUM(CAST(score AS DECIMAL(20,4)))'],
  md5: (rows) => `MD5(GROUP_CONCAT(${rows} ORDER BY id SEPARATOR '\\n'))`,
}

const POSTGRES: Side = {
  text: {
    created_at: (c) => `to_char(${c}::timestamp, 'YYYY-MM-DD HH24:MI:SS.US')`,
    updated_at: (c) => `to_char(${c}::timestamp, 'YYYY-MM-DD HH24:MI:SS.US')`,
    birth_date: (c) => `to_char(${c}, 'YYYY-MM-DD')`,
    active: (c) => `${c}::int::text`,
    score: (c) => `${c}::numeric(20,4)::text`,
  },
  sums: ['sum(id)', 'sum(big)', 'sum(amount)', 'sum(qty)', 'sum(active::int)', 'sum(score::numeric(20,4))'],
  md5: (rows) => `md5(string_agg(${rows}, E'\\n' ORDER BY id))`,
}

function checksumSql(side: Side, table: string): string {
  const text = (name: string): string => side.text[name]?.(name) ?? (side === MARIADB ? `CAST(${name} AS CHAR)` : `${name}::text`)
  const sample = `CONCAT_WS('|', ${BENCH_COLUMNS.map((c) => `COALESCE(${text(c.name)}, '${NULL_MARK}')`).join(', ')})`
  const totals = ['COUNT(*)', ...side.sums, ...BENCH_COLUMNS.map((c) => `COUNT(${c.name})`)].map((e) => `COALESCE(${e}, 0)`)
  return `SELECT CONCAT_WS(':', ${totals.join(', ')}, (SELECT ${side.md5(sample)} FROM ${table} WHERE ${SAMPLE_ROWS})) AS checksum FROM ${table}`
}

/** The source's checksum, on a connection to its database. */
export async function mariadbChecksum(c: mysql.Connection, table: string): Promise<string> {
  await c.query("SET SESSION time_zone = '+00:00', SESSION group_concat_max_len = 1073741824")
  const [rows] = await c.query(checksumSql(MARIADB, table))
  return String((rows as { checksum: string }[])[0].checksum)
}

/** A loaded table's checksum (table: a quoted, qualified name). */
export async function postgresChecksum(c: pg.Client, table: string): Promise<string> {
  await c.query("SET TimeZone = 'UTC'")
  const r = await c.query<{ checksum: string }>(checksumSql(POSTGRES, table))
  return r.rows[0].checksum
}
