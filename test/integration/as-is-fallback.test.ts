import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { run as runPipeline } from '../../src/use-cases/run'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'
import { makeZip } from '../support/make-zip'

/*
 * A clean mysql-tab, csv or bcp member goes to COPY as it is; PostgreSQL checks the
 * values. When it refuses one — far into the member, after several COPY
 * chunks have gone out — the member is rolled back to its savepoint and
 * loaded again through heirloom's checks: every row once, bad rows kept
 * with their line, zero dates turned into NULL with a warning. The first
 * try's rows stay behind as dead tuples: the live rows of a reloaded table
 * do not start on its first page.
 */
const ROWS = 40_000
const schema = (table: string, amount: string): string => JSON.stringify({
  table,
  columns: [
    { name: 'id', type: 'int', nullable: false },
    { name: 'note', type: 'varchar(20)' },
    { name: 'placed', type: 'datetime' },
    { name: 'amount', type: amount },
  ],
  primaryKey: ['id'],
})

function rows(last: readonly string[]): string {
  const good = Array.from({ length: ROWS }, (_, i) => `${i + 1}\tnote ${i}\\\tx\t2024-01-31 13:45:00\t${i % 1000}.25`)
  return `${[...good, ...last].join('\n')}\n`
}

/** The same rows as csv from SQL Server, each note quoted over two lines: row k starts on line 2k − 1. */
function csvRows(last: readonly string[]): string {
  const good = Array.from({ length: ROWS }, (_, i) => `${i + 1},"note ${i}, ""q""\r\nx",2024-01-31 13:45:00,${i % 1000}.25`)
  return `${[...good, ...last].join('\r\n')}\r\n`
}

/** The same rows as a SQL Server bcp export: `|~|` between fields, CRLF rows, UTF-16LE with a BOM; each note holds a CRLF (data: not the last field). */
function bcpRows(last: readonly string[]): Buffer {
  const good = Array.from({ length: ROWS }, (_, i) => `${i + 1}|~|note ${i}\r\nx|~|2024-01-31 13:45:00|~|${i % 1000}.25`)
  return Buffer.from(`\ufeff${[...good, ...last].join('\r\n')}\r\n`, 'utf16le')
}

const FORMATS = "formats: { bcp16: { delimiter: '|~|', rowTerminator: \"\\r\\n\", nullPattern: '', emptyString: \"\\0\", encoding: utf16le } }\n"

type Format = 'mysql-tab' | 'csv' | 'bcp16'

describe('a mysql-tab, csv or bcp member PostgreSQL refuses part-way', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  before(async () => {
    db = await createTestDatabase()
    ws = makeWorkspace('as-is-fallback')
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  async function load(name: string, last: readonly string[], format: Format = 'mysql-tab', amount = 'decimal(8,2)'): Promise<Awaited<ReturnType<typeof runPipeline>>> {
    await makeZip(path.join(ws.dir, 'dumps', `${name}.zip`), {
      'manifest.json': JSON.stringify({ application: name, version: '1', region: 'eu', dialect: format === 'mysql-tab' ? 'mysql' : 'mssql', format }),
      [`${name}.json`]: schema(name, amount),
      [`${name}.dat`]: format === 'csv' ? csvRows(last) : format === 'bcp16' ? bcpRows(last) : rows(last),
    })
    const config = writeConfig(ws.dir, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { mode: append }\n${FORMATS}`)
    return runPipeline(config)
  }

  async function rejectsOf(application: string): Promise<{ line: number; reason: string }[]> {
    const rejects = await db.query<{ line: string; reason: string }>(
      'SELECT r.line, r.reason FROM heirloom.rejects r JOIN heirloom.dumps d ON d.id = r.dump_id WHERE d.application = $1 ORDER BY r.line', [application])
    return rejects.map((r) => ({ line: Number(r.line), reason: r.reason }))
  }

  /** Rows of the table's child, and the page its first live row is on. */
  async function loaded(table: string): Promise<{ n: number; ids: number; nulls: number; firstPage: number }> {
    const [r] = await db.query<{ n: string; ids: string; nulls: string; first: string }>(
      `SELECT count(*) AS n, count(DISTINCT id) AS ids, count(*) FILTER (WHERE placed IS NULL) AS nulls,
              min((ctid::text::point)[0]) AS first
       FROM public.${table}_v1`)
    return { n: Number(r.n), ids: Number(r.ids), nulls: Number(r.nulls), firstPage: Number(r.first) }
  }

  it('loads a clean member in one pass (no rows left behind by a first try), tabs escaped by MySQL read as data', async () => {
    const report = await load('clean', [])
    assert.equal(report.ok, true, JSON.stringify(report.ingest))
    assert.deepEqual(await loaded('clean'), { n: ROWS, ids: ROWS, nulls: 0, firstPage: 0 })
    const [note] = await db.query<{ note: string }>('SELECT note FROM public.clean_v1 WHERE id = 1')
    assert.equal(note.note, 'note 0\tx')
  })

  it('loads a member with a value the binary writers leave to PostgreSQL (an ISO `T` timestamp) in one read: COPY BINARY up to it, COPY text from there, every row once, none left behind', async () => {
    const report = await load('isot', [`${ROWS + 1}\tok\t2024-02-29T06:30:00\t1.00`])
    assert.equal(report.ok, true, JSON.stringify(report.ingest))
    // No row written twice: the rows COPY BINARY took stay, the first live row is on the table's first page.
    assert.deepEqual(await loaded('isot'), { n: ROWS + 1, ids: ROWS + 1, nulls: 0, firstPage: 0 })
    assert.deepEqual(await rejectsOf('isot'), [])
    const [row] = await db.query<{ placed: string }>(`SELECT placed::text FROM public.isot_v1 WHERE id = ${ROWS + 1}`)
    assert.equal(row.placed, '2024-02-29 06:30:00')
  })

  it('loads a member with a column the binary writers do not take (MySQL float: real) as COPY text in one pass', async () => {
    const report = await load('float', [], 'mysql-tab', 'float')
    assert.equal(report.ok, true, JSON.stringify(report.ingest))
    assert.deepEqual(await loaded('float'), { n: ROWS, ids: ROWS, nulls: 0, firstPage: 0 })
    const [row] = await db.query<{ amount: number; type: string }>('SELECT amount, pg_typeof(amount)::text AS type FROM public.float_v1 WHERE id = 2')
    assert.deepEqual(row, { amount: 1.25, type: 'real' })
  })

  it('reloads it through the checks: bad rows kept with their line, every good row once', async () => {
    const report = await load('bad', [`${ROWS + 1}\tok\t2024-02-30 00:00:00\t1.00`, `${ROWS + 2}\tok\t2024-01-01 00:00:00\t1.00`, `${ROWS + 3}\tok\t2024-01-01 00:00:00\tlots`])
    assert.equal(report.ok, true, JSON.stringify(report.ingest))
    const bad = await loaded('bad')
    assert.deepEqual({ ...bad, firstPage: undefined }, { n: ROWS + 1, ids: ROWS + 1, nulls: 0, firstPage: undefined })
    // Each try COPYs (FREEZE) into the leaf emptied again: the as-is try PostgreSQL refused leaves no dead rows behind it.
    assert.equal(bad.firstPage, 0, `no rows left behind by the as-is try (first live row on page ${bad.firstPage})`)
    const rejects = await rejectsOf('bad')
    assert.deepEqual(rejects.map((r) => r.line), [ROWS + 1, ROWS + 3])
    assert.match(rejects[0].reason, /placed.*day 30 does not exist/)
    assert.match(rejects[1].reason, /amount/)
  })

  it('reloads it through the checks when a zero date needs converting: NULL and a warning', async () => {
    const report = await load('zero', [`${ROWS + 1}\tok\t0000-00-00 00:00:00\t1.00`])
    assert.equal(report.ok, true, JSON.stringify(report.ingest))
    const zero = await loaded('zero')
    assert.deepEqual({ ...zero, firstPage: undefined }, { n: ROWS + 1, ids: ROWS + 1, nulls: 1, firstPage: undefined })
    assert.equal(zero.firstPage, 0, `no rows left behind by the as-is try (first live row on page ${zero.firstPage})`)
    const members = report.ingest?.dumps.flatMap((d) => d.members) ?? []
    assert.ok(members.some((m) => m.status === 'loaded' && m.warnings.some((w) => /placed: 1 zero date/.test(w))), JSON.stringify(members))
  })

  // The same rows as csv and as UTF-16LE bcp: each note spans two lines, so row k starts on line 2k − 1.
  for (const { format, table, note } of [
    { format: 'csv', table: 'csv', note: 'note 1, "q"\r\nx' },
    { format: 'bcp16', table: 'bcp', note: 'note 1\r\nx' },
  ] as const) {
    const d = format === 'csv' ? ',' : '|~|'
    const multiLine = format === 'csv' ? '"multi\r\nline"' : 'multi\r\nline'
    it(`loads a clean ${table} member in one pass: a CRLF inside a value read as data`, async () => {
      const report = await load(`clean${table}`, [], format)
      assert.equal(report.ok, true, JSON.stringify(report.ingest))
      assert.deepEqual(await loaded(`clean${table}`), { n: ROWS, ids: ROWS, nulls: 0, firstPage: 0 })
      const [row] = await db.query<{ note: string }>(`SELECT note FROM public.clean${table}_v1 WHERE id = 2`)
      assert.equal(row.note, note)
    })

    it(`reloads a ${table} member through the checks: rejects on their physical line, every good row once`, async () => {
      const last = [[ROWS + 1, multiLine, '2024-02-30 00:00:00', '1.00'], [ROWS + 2, 'ok', '2024-01-01 00:00:00', '1.00'], [ROWS + 3, 'ok', '2024-01-01 00:00:00', 'lots']]
      const report = await load(`bad${table}`, last.map((r) => r.join(d)), format)
      assert.equal(report.ok, true, JSON.stringify(report.ingest))
      const bad = await loaded(`bad${table}`)
      assert.deepEqual({ ...bad, firstPage: undefined }, { n: ROWS + 1, ids: ROWS + 1, nulls: 0, firstPage: undefined })
      // Each try COPYs (FREEZE) into the leaf emptied again: the as-is try PostgreSQL refused leaves no dead rows behind it.
      assert.equal(bad.firstPage, 0, `no rows left behind by the as-is try (first live row on page ${bad.firstPage})`)
      const rejects = await rejectsOf(`bad${table}`)
      assert.deepEqual(rejects.map((r) => r.line), [2 * ROWS + 1, 2 * ROWS + 4])
      assert.match(rejects[0].reason, /placed.*day 30 does not exist/)
      assert.match(rejects[1].reason, /amount/)
    })
  }
})
