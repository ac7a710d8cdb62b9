/**
 * The live bench's source: a MariaDB database of its own holding the bench
 * table (the 12 columns of bench/dataset.ts, with a primary key, as a live
 * InnoDB table has), filled by LOAD DATA LOCAL from the bench's generated
 * `mysqldump --tab` text, then given hostile text values (TAB, LF, CR, a
 * literal `\N`, backslashes, quotes, 4-byte UTF-8) that a tab file must
 * escape. Dropped again by `drop`.
 */
import fs from 'node:fs'
import path from 'node:path'
import mysql from 'mysql2/promise'
import { BENCH_COLUMNS, BENCH_TABLE } from './dataset'
import { writeMysqlTabFile } from './generate-data'
import { mariadbChecksum, SAMPLE_ROWS } from './live-checksum'

export const DEFAULT_MARIADB_URL = 'mysql://root@127.0.0.1:3306'

/** The sampled rows' notes, MariaDB string literals (backslash escapes on): TAB, LF, CR, a literal `\N`, backslashes, both quotes, 4-byte UTF-8. */
const HOSTILE_NOTES = [
  String.raw`'tab\there\tend'`,
  String.raw`'line one\nline two\r\ncrlf'`,
  String.raw`'\\N'`,
  String.raw`'back\\slash \\t not a tab, "quoted" and ''single'' \\'`,
  String.raw`'emoji 😀 and 𝄞 clef, café\t\\N\n'`,
]

export interface LiveSource {
  /** Server URL without a database (`mysql://user[:password]@host:port`). */
  readonly url: string
  readonly database: string
  readonly table: string
  readonly rows: number
  /** The `mysqldump --tab` text the table was loaded from (bytes): the "input MB" of every run. */
  readonly textBytes: number
  /** What every load must reproduce (see live-checksum.ts). */
  readonly checksum: string
  drop(): Promise<void>
}

/** Connects to the server at url (no database), for the bench's own statements. */
export function connectMariadb(url: string, database?: string): Promise<mysql.Connection> {
  const u = new URL(url)
  return mysql.createConnection({
    host: u.hostname, port: u.port === '' ? 3306 : Number(u.port),
    user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database,
    charset: 'utf8mb4_general_ci', supportBigNumbers: true, bigNumberStrings: true, dateStrings: true,
    infileStreamFactory: (file: string) => fs.createReadStream(file),
  })
}

/** Creates `heirloom_bench_live_<pid>_<time>` with `rows` rows generated from seed. */
export async function makeLiveSource(url: string, rows: number, seed: number, workDir: string, log: (line: string) => void): Promise<LiveSource> {
  const database = `heirloom_bench_live_${process.pid}_${Date.now().toString(36)}`
  const text = path.join(workDir, 'source.txt')
  const started = Date.now()
  log(`source: generating ${rows} rows (seed ${seed})`)
  const textBytes = writeMysqlTabFile(text, rows, seed)
  const c = await connectMariadb(url)
  const drop = async (): Promise<void> => {
    const d = await connectMariadb(url)
    try {
      await d.query(`DROP DATABASE IF EXISTS \`${database}\``)
    } finally {
      await d.end()
    }
  }
  try {
    await c.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`)
    await c.query(`USE \`${database}\``)
    await c.query("SET SESSION time_zone = '+00:00'")
    const columns = BENCH_COLUMNS.map((col) => `${col.name} ${col.mysql}${col.nullable ? '' : ' NOT NULL'}`)
    await c.query(`CREATE TABLE ${BENCH_TABLE} (${columns.join(', ')}, PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`)
    log(`source: LOAD DATA into MariaDB ${database}.${BENCH_TABLE}`)
    await c.query({ sql: `LOAD DATA LOCAL INFILE ? INTO TABLE ${BENCH_TABLE} CHARACTER SET utf8mb4`, values: [text] })
    await c.query(`UPDATE ${BENCH_TABLE} SET notes = ELT(1 + (id DIV 1000) % ${HOSTILE_NOTES.length}, ${HOSTILE_NOTES.join(', ')}) WHERE ${SAMPLE_ROWS}`)
    const checksum = await mariadbChecksum(c, BENCH_TABLE)
    const loaded = Number(checksum.split(':')[0])
    if (loaded !== rows) throw new Error(`source: MariaDB holds ${loaded} rows after LOAD DATA, expected ${rows}`)
    log(`source: ready in ${((Date.now() - started) / 1000).toFixed(1)} s, checksum ${checksum}`)
    return { url, database, table: BENCH_TABLE, rows, textBytes, checksum, drop }
  } catch (e) {
    await drop().catch(() => undefined)
    throw e
  } finally {
    await c.end()
    fs.rmSync(text, { force: true })
  }
}

/**
 * Reads the whole table once (clustered index and the text columns), so each
 * run starts with the source in the server's and the kernel's caches, not
 * with whatever the previous run left there.
 */
export async function warmSource(source: LiveSource): Promise<void> {
  const c = await connectMariadb(source.url, source.database)
  try {
    await c.query(`SELECT COUNT(*), SUM(LENGTH(notes)), SUM(LENGTH(name)) FROM ${source.table}`)
  } finally {
    await c.end()
  }
}
