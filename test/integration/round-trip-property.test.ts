import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import fc from 'fast-check'
import pg from 'pg'
import { run as runPipeline } from '../../src/use-cases/run'
import { DEFAULT_MAX_RECORD_BYTES, type Config } from '../../src/config/config'
import { copyMember, type MemberLoad } from '../../src/ingest/copy-member'
import { BUILTIN_FORMATS, type DataFormat } from '../../src/schema/data-format'
import type { LoadPathKind } from '../../src/ingest/load-path/choose-load-path'
import type { TableTask } from '../../src/ingest/table-task'
import type { Dialect, TargetColumn } from '../../src/schema/model'
import { parsePgType } from '../../src/schema/parse-pg-type'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'
import { makeZip } from '../support/make-zip'
import { bcpCanWrite, encodeBcp, encodeCsv, encodeMysqlTab, type Row } from '../support/encode-rows'

/** One generated source row; every column but the id may be NULL. */
interface Sample {
  readonly qty: number | null
  readonly big: bigint | null
  readonly cents: bigint | null
  readonly name: string | null
  readonly body: string | null
  readonly at: number | null
  readonly day: number | null
  readonly flag: boolean | null
  readonly bin: Uint8Array | null
  readonly uid: string | null
}

/**
 * Characters each format treats specially, and a few that trip decoders; one code point each. The
 * U+7C00, U+7E7C, U+0A0D, U+0D00 put the bytes of `|`, `~`, CR and LF at odd offsets in UTF-16LE.
 */
const HOSTILE = ['\t', '\n', '\r', '\\', '"', '`', ',', '|', '~', '&', 'N', ' ', '\u00e9', '\u2028', '\ufeff', '\u{1F600}', '\u{1D11E}', '漢',
  '\u7c00', '\u7e7c', '\u0a0d', '\u0d00']
/** Any code point but NUL, which PostgreSQL text cannot hold; hostile ones often. */
const CHAR = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\0') },
)
const MIN_MS = Date.UTC(1753, 0, 1)
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999)
const DAY_MS = 86_400_000

const SAMPLE: fc.Arbitrary<Sample> = fc.record({
  qty: fc.option(fc.integer({ min: -2147483648, max: 2147483647 }), { nil: null }),
  big: fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { nil: null }),
  cents: fc.option(fc.bigInt({ min: -(10n ** 12n) + 1n, max: 10n ** 12n - 1n }), { nil: null }),
  name: fc.option(fc.string({ unit: CHAR, maxLength: 20 }), { nil: null }),
  body: fc.option(fc.string({ unit: CHAR, maxLength: 120 }), { nil: null }),
  at: fc.option(fc.integer({ min: MIN_MS, max: MAX_MS }), { nil: null }),
  day: fc.option(fc.integer({ min: Math.ceil(MIN_MS / DAY_MS), max: Math.floor(MAX_MS / DAY_MS) }), { nil: null }),
  flag: fc.option(fc.boolean(), { nil: null }),
  bin: fc.option(fc.uint8Array({ maxLength: 40 }), { nil: null }),
  uid: fc.option(fc.uuid(), { nil: null }),
})

const COLUMNS = ['Id', 'Qty', 'Big', 'Amount', 'Name', 'Body', 'At', 'Day', 'Flag', 'Bin', 'Uid'] as const
const PG_TYPES = ['integer', 'integer', 'bigint', 'numeric(12,2)', 'character varying(20)', 'text', 'timestamp(3) without time zone', 'date', 'boolean', 'bytea', 'uuid']

function centsText(cents: bigint): string {
  const abs = cents < 0n ? -cents : cents
  return `${cents < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`
}

/** `YYYY-MM-DD HH:MM:SS.fff`, SQL Server datetime and MySQL datetime(3) text. */
function timestampText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ')
}

function dateText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

/** What PostgreSQL reads back, as text: timestamps without trailing fractional zeros. */
function expectedRow(s: Sample, id: number): Record<string, string | boolean | number | null> {
  const at = s.at === null ? null : timestampText(s.at).replace(/\.?0+$/, '')
  return {
    id, qty: s.qty, big: s.big === null ? null : String(s.big), amount: s.cents === null ? null : centsText(s.cents),
    name: s.name, body: s.body, at, day: s.day === null ? null : dateText(s.day), flag: s.flag,
    bin: s.bin === null ? null : Buffer.from(s.bin).toString('hex'), uid: s.uid,
  }
}

interface FormatCase {
  /** Table name in the dump: one table per format, loaded side by side. */
  readonly table: string
  readonly label: string
  /** Source types in COLUMNS order. */
  readonly types: readonly string[]
  readonly fields: (s: Sample, id: number) => Row
  readonly encode: (rows: readonly Row[]) => Buffer
  /** Whether the exporter can write the row at all (bcp cannot write a value holding its delimiter). */
  readonly writable: (s: Sample) => boolean
  /** The loaded child's column types, when not PG_TYPES. */
  readonly pgTypes?: readonly string[]
  readonly dialect: Dialect
  /** The data format the dump's config gives the table. */
  readonly format: DataFormat
  /** The load path copyMember must take for the member's bytes. */
  readonly path: (member: Buffer) => LoadPathKind
}

const text = (v: number | bigint | null): string | null => (v === null ? null : String(v))
const common = (s: Sample, id: number): Row => [
  String(id), text(s.qty), text(s.big), s.cents === null ? null : centsText(s.cents), s.name, s.body,
  s.at === null ? null : timestampText(s.at), s.day === null ? null : dateText(s.day),
]
const MSSQL_TYPES = ['int', 'int', 'bigint', 'decimal(12,2)', 'nvarchar(20)', 'nvarchar(max)', 'datetime', 'date', 'bit', 'varbinary(max)', 'uniqueidentifier']
const BCP_DELIMITER = '|~|'
const BCP16: DataFormat = { delimiter: BCP_DELIMITER, rowTerminator: '\r\n', nullPattern: '', emptyString: '\0', encoding: 'utf16le', header: false }

/** mysqldump --tab, in a dump of its own (dialect mysql). */
const MYSQL: FormatCase = {
  table: 'MyRows',
  label: 'mysql-tab',
  types: ['int', 'int', 'bigint', 'decimal(12,2)', 'varchar(20)', 'longtext', 'datetime(3)', 'date', 'tinyint(1)', 'longblob', 'char(36)'],
  fields: (s, id) => [...common(s, id), s.flag === null ? null : s.flag ? '1' : '0', s.bin === null ? null : Buffer.from(s.bin), s.uid],
  encode: encodeMysqlTab,
  writable: () => true,
  dialect: 'mysql',
  format: BUILTIN_FORMATS['mysql-tab'],
  // Raw bytes in a binary column: only the checks read them.
  path: () => 'checked',
}

/**
 * mysqldump --tab of a table without binary or uuid columns (binary as hex text, uuid as char(36)):
 * its rows are COPY text already, so valid ones go through whole, the others field by field.
 */
const MYSQL_TEXT: FormatCase = {
  table: 'MyText',
  label: 'mysql-tab, text columns only',
  types: [...MYSQL.types.slice(0, 9), 'varchar(80)', 'char(36)'],
  fields: (s, id) => [...MYSQL.fields(s, id).slice(0, 9), s.bin === null ? null : Buffer.from(s.bin).toString('hex'), s.uid],
  encode: encodeMysqlTab,
  writable: () => true,
  pgTypes: [...PG_TYPES.slice(0, 9), 'character varying(80)', 'character(36)'],
  dialect: 'mysql',
  format: BUILTIN_FORMATS['mysql-tab'],
  // mysqldump leaves a CR in a value raw, which COPY text would read as a row's end: the cutter sends such a member to the checks.
  path: (member) => (member.includes(0x0d) ? 'checked' : 'binary'),
}

/** bcp -w (UTF-16LE with a BOM), |~| and CRLF, and RFC 4180 csv: two tables of one SQL Server dump. */
const MSSQL: readonly FormatCase[] = [
  {
    table: 'BcpRows',
    label: 'mssql-bcp utf16le',
    types: MSSQL_TYPES,
    fields: (s, id) => [...common(s, id), s.flag === null ? null : s.flag ? '1' : '0', s.bin === null ? null : Buffer.from(s.bin), s.uid?.toUpperCase() ?? null],
    encode: (rows) => encodeBcp(rows, { delimiter: BCP_DELIMITER, rowTerminator: '\r\n', encoding: 'utf16le', bom: true }),
    writable: (s) => [s.name, s.body].every((v) => v === null || bcpCanWrite(v === '' ? '\0' : v, BCP_DELIMITER, '\r\n', false)),
    dialect: 'mssql',
    format: BCP16,
    // bytea and uuid: only the checks convert them.
    path: () => 'checked',
  },
  {
    table: 'CsvRows',
    label: 'csv',
    types: MSSQL_TYPES,
    fields: (s, id) => [...common(s, id), s.flag === null ? null : String(s.flag), s.bin === null ? null : Buffer.from(s.bin), s.uid],
    encode: (rows) => encodeCsv(rows),
    writable: () => true,
    dialect: 'mssql',
    format: BUILTIN_FORMATS.csv,
    path: () => 'checked',
  },
]

/**
 * The same bcp and csv tables without binary or uuid columns (binary as hex text, uuid as char(36)):
 * every column has an as-is check and a COPY BINARY writer, so they go through the fast path, whatever the text holds.
 */
const MSSQL_FAST: readonly FormatCase[] = MSSQL.map((c) => ({
  ...c,
  table: c.table.replace('Rows', 'Fast'),
  label: `${c.label}, text columns only`,
  types: [...MSSQL_TYPES.slice(0, 9), 'varchar(80)', 'char(36)'],
  fields: (s: Sample, id: number): Row => [...c.fields(s, id).slice(0, 9), s.bin === null ? null : Buffer.from(s.bin).toString('hex'), s.uid],
  pgTypes: [...PG_TYPES.slice(0, 9), 'character varying(80)', 'character(36)'],
  path: () => 'binary',
}))

const CONFIG = (url: string): string => [
  `database: { url: '${url}' }`,
  'dumps:',
  '  path: ./dumps',
  '  tableFormats: { BcpRows: bcp16, CsvRows: csv, BcpFast: bcp16, CsvFast: csv }',
  'formats:',
  `  bcp16: { delimiter: '${BCP_DELIMITER}', rowTerminator: "\\r\\n", nullPattern: '', emptyString: "\\0", encoding: utf16le }`,
  // MySQL has no uuid type: such columns are char(36), mapped by a per-column override.
  'types: { columns: { MyRows.Uid: uuid } }',
  'migrations: { directory: ./migrations }',
  // One pair of dumps per run, all kept: each run reads back its own rows by _dump_id.
  'ingest: { workers: 2, mode: append }',
  '',
].join('\n')

function schemaOf(c: FormatCase): string {
  return JSON.stringify({ table: c.table, columns: COLUMNS.map((name, i) => ({ name, type: c.types[i], nullable: i > 0 })), primaryKey: ['Id'] })
}

function rowsOf(c: FormatCase, samples: readonly Sample[]): Row[] {
  return samples.map((s, i) => c.fields(s, i + 1))
}

/** The case's schema file and data file, as ZIP members. */
function membersOf(c: FormatCase, samples: readonly Sample[]): Record<string, string | Buffer> {
  return { [`${c.table}.json`]: schemaOf(c), [`${c.table}.dat`]: c.encode(rowsOf(c, samples)) }
}

const ROWS = fc.array(SAMPLE, { minLength: 1, maxLength: 20 })
const BCP_ROWS = fc.array(SAMPLE.filter((s) => MSSQL[0].writable(s)), { minLength: 1, maxLength: 20 })

describe('random rows written by each format\'s rules (mysql-tab, bcp utf16le and csv, each with and without binary columns) load back value for value, on the path their types choose', () => {
  let db: TestDatabase
  let client: pg.Client
  let ws: ReturnType<typeof makeWorkspace>
  let config: Config
  const dumps = (): string => path.join(ws.dir, 'dumps')

  before(async () => {
    db = await createTestDatabase()
    ws = makeWorkspace('round-trip')
    fs.mkdirSync(dumps())
    config = writeConfig(ws.dir, CONFIG(db.url))
    client = new pg.Client({ connectionString: db.url })
    await client.connect()
  })
  after(async () => {
    await client.end()
    await db.drop()
    ws.cleanup()
  })

  it('int, bigint, numeric(12,2), varchar(20), text, timestamp(3), date, boolean, bytea, uuid and char(36) survive delimiters, quotes, escapes, CR/LF, non-BMP text and NULL vs empty', async () => {
    let run = 0
    await fc.assert(fc.asyncProperty(ROWS, BCP_ROWS, ROWS, async (mysqlRows, bcpRows, csvRows) => {
      run++
      fs.rmSync(dumps(), { recursive: true, force: true })
      fs.mkdirSync(dumps())
      await makeZip(path.join(dumps(), `mysql-${run}.zip`), {
        'manifest.json': JSON.stringify({ application: 'propmy', version: '1', region: 'r', dialect: 'mysql', format: 'mysql-tab' }),
        ...membersOf(MYSQL, mysqlRows),
        ...membersOf(MYSQL_TEXT, mysqlRows),
      })
      const [bcp, csv] = MSSQL
      const [bcpFast, csvFast] = MSSQL_FAST
      await makeZip(path.join(dumps(), `mssql-${run}.zip`), {
        'manifest.json': JSON.stringify({ application: 'propms', version: '1', region: 'r', dialect: 'mssql', format: 'mssql-bcp' }),
        ...membersOf(bcp, bcpRows),
        ...membersOf(csv, csvRows),
        ...membersOf(bcpFast, bcpRows),
        ...membersOf(csvFast, csvRows),
      })
      const report = await runPipeline(config)
      assert.equal(report.ok, true, JSON.stringify(report.ingest))
      const fingerprints = report.scan.dumps.map((d) => d.fingerprint)
      const ids = (await db.query<{ id: number }>('SELECT id FROM heirloom.dumps WHERE fingerprint = ANY($1)', [fingerprints])).map((r) => r.id)
      assert.deepEqual(await db.query('SELECT member, line, reason, raw FROM heirloom.rejects WHERE dump_id = ANY($1)', [ids]), [])
      const cases = [[MYSQL, mysqlRows, 'mysql'], [MYSQL_TEXT, mysqlRows, 'mysql'], [bcp, bcpRows, 'mssql'], [csv, csvRows, 'mssql'], [bcpFast, bcpRows, 'mssql'], [csvFast, csvRows, 'mssql']] as const
      for (const [c, samples] of cases) {
        const loaded = await db.query(`${selectRows(c)} FROM public.${c.table.toLowerCase()}_v1 WHERE _dump_id = ANY($1) ORDER BY id`, [ids])
        assert.deepEqual(loaded, samples.map((s, i) => expectedRow(s, i + 1)), c.label)
      }
      // The same members once more through copyMember, rolled back: the path each took, and the same rows.
      for (const [c, samples, zip] of cases) {
        const { load, rows } = await replay(c, path.join(dumps(), `${zip}-${run}.zip`))
        const expected = c.path(c.encode(rowsOf(c, samples)))
        assert.equal(load.path, expected, `${c.label}: chosen ${load.chosen.kind} (${load.chosen.reason}); ${load.leftBehind.join('; ')}`)
        // Chosen from the types alone: what an empty member (nothing in it to refuse) takes.
        assert.equal(load.chosen.kind, c.path(Buffer.alloc(0)), c.label)
        assert.deepEqual({ rows: load.rows, loaded: load.loaded, rejects: load.rejects }, { rows: samples.length, loaded: samples.length, rejects: [] }, c.label)
        assert.deepEqual(rows, samples.map((s, i) => expectedRow(s, i + 1)), `${c.label}, through copyMember`)
      }
    }), { numRuns: 15, interruptAfterTimeLimit: 120_000, markInterruptAsFailure: true })

    for (const c of [MYSQL, MYSQL_TEXT, ...MSSQL, ...MSSQL_FAST]) {
      const types = await db.query<{ type: string }>(
        `SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute
         WHERE attrelid = 'public.${c.table.toLowerCase()}_v1'::regclass AND attnum > 0 AND NOT attisdropped AND attname <> '_dump_id' ORDER BY attnum`)
      assert.deepEqual(types.map((t) => t.type), c.pgTypes ?? PG_TYPES, c.label)
    }
  })

  /** copyMember on the case's member into a copy of its child, in a transaction rolled back: what it says it did, and the rows it wrote. */
  async function replay(c: FormatCase, zip: string): Promise<{ load: MemberLoad; rows: unknown[] }> {
    const child = `public.${c.table.toLowerCase()}_v1`
    const attributes = await db.query<{ name: string; type: string }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
       WHERE attrelid = '${child}'::regclass AND attnum > 0 AND NOT attisdropped AND attname <> '_dump_id' ORDER BY attnum`)
    const columns: TargetColumn[] = attributes.map((a, i) => ({
      name: a.name, type: parsePgType(a.type), nullable: i > 0, source: { name: COLUMNS[i], type: c.types[i].replace(/\(.*$/, ''), nullable: i > 0 },
    }))
    const task: TableTask = {
      url: db.url, dumpFile: zip, dumpId: 1, application: 'replay', region: 'r', members: [`${c.table}.dat`], table: c.table.toLowerCase(), schema: 'public', child: 'replay',
      columns, fieldOrderFromHeader: false, format: c.format, dialect: c.dialect, timezone: undefined, mode: 'append', maxRejects: 0, maxMemberBytes: 2 ** 30, maxRecordBytes: DEFAULT_MAX_RECORD_BYTES,
    }
    await client.query('BEGIN')
    try {
      await client.query("SET LOCAL TimeZone = 'UTC'")
      await client.query(`CREATE TABLE public.replay (LIKE ${child})`)
      const load = await copyMember(client, task, `${c.table}.dat`, { schema: 'public', table: 'replay' })
      const rows = (await client.query(`${selectRows(c)} FROM public.replay ORDER BY id`)).rows
      return { load, rows }
    } finally {
      await client.query('ROLLBACK')
    }
  }
})

/** The columns as the test reads them back: as text, bytea as hex. */
function selectRows(c: FormatCase): string {
  return `SELECT id, qty, big::text AS big, amount::text AS amount, name, body, at::text AS at, day::text AS day, flag,
                 ${c.pgTypes === undefined ? "encode(bin, 'hex')" : 'bin'} AS bin, uid::text AS uid`
}
