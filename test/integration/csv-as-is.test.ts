import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import fc from 'fast-check'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { CsvRows } from '../../src/ingest/format/csv-rows'
import { BUILTIN_FORMATS } from '../../src/ingest/format/data-format'
import { RecordReader } from '../../src/ingest/format/record-reader'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { readRecords } from '../support/read-records'
import { cut, passThrough } from '../support/as-is-rows'

/*
 * A csv member goes to PostgreSQL's COPY csv as it is when CsvRows lets it.
 * Whatever bytes the member holds, PostgreSQL must then read exactly the
 * rows and values heirloom's own reader reads — or refuse the member, which
 * sends it through the checks. Files are built from the pieces csv goes
 * wrong on: quotes anywhere, delimiters, CR, LF, backslash-dot, NUL.
 */
const COLUMNS = 3
const PIECE = fc.oneof(
  { weight: 40, arbitrary: fc.constantFrom('a', 'ü', ',', '"', '""', '\n', '\r', '\r\n', '\\', '\\.', '.', ' ', '') },
  { weight: 1, arbitrary: fc.constant('\0') },
)
const TEXT = fc.array(PIECE, { maxLength: 5 }).map((p) => p.join(''))
const FIELD = fc.oneof(
  { weight: 4, arbitrary: TEXT.filter((s) => !/[",\r\n]/.test(s)) },
  { weight: 4, arbitrary: TEXT.map((s) => `"${s.replace(/"/g, '""')}"`) },
  { weight: 2, arbitrary: TEXT },
  { weight: 1, arbitrary: fc.tuple(TEXT, TEXT).map(([a, b]) => `"${a.replace(/"/g, '""')}"${b}`) },
)
const ROW = fc.oneof(
  { weight: 8, arbitrary: fc.array(FIELD, { minLength: COLUMNS, maxLength: COLUMNS }) },
  { weight: 1, arbitrary: fc.array(FIELD, { minLength: COLUMNS - 1, maxLength: COLUMNS + 1 }) },
).map((f) => f.join(','))
/** Rows ending LF or CRLF (mostly one kind per file), the last one with or without its end. */
const FILE = fc.tuple(fc.array(ROW, { minLength: 1, maxLength: 5 }), fc.constantFrom('\n', '\r\n'), fc.nat(), fc.boolean())
  .map(([rows, end, other, lastEnds]) => rows.map((r, i) => {
    const rowEnd = i === other % 30 ? (end === '\n' ? '\r\n' : '\n') : end
    return i < rows.length - 1 || lastEnds ? r + rowEnd : r
  }).join(''))

describe('csv rows PostgreSQL reads as they are', () => {
  let db: TestDatabase
  let client: pg.Client
  before(async () => {
    db = await createTestDatabase()
    client = new pg.Client({ connectionString: db.url })
    await client.connect()
    await client.query('CREATE TABLE t (n serial, a text, b text, c text, d int)')
  })
  after(async () => {
    await client.end()
    await db.drop()
  })

  /** The rows PostgreSQL loads from the member as CsvRows hands it over, or undefined when either refuses it. */
  async function loadAsIs(file: Buffer, cuts: readonly number[]): Promise<(string | null)[][] | undefined> {
    const fed = passThrough(new CsvRows(0x2c, Buffer.from(',7\n')), cut(file, cuts))
    if (fed === undefined) return undefined
    await client.query('BEGIN')
    try {
      const copy = client.query(copyFrom('COPY t (a, b, c, d) FROM STDIN (FORMAT csv)'))
      await pipeline(Readable.from([Buffer.from(fed.text)]), copy)
      assert.equal(copy.rowCount, fed.rows, 'PostgreSQL counts the rows CsvRows cut')
      return (await client.query<{ a: string | null; b: string | null; c: string | null }>('SELECT a, b, c FROM t ORDER BY n')).rows.map((r) => [r.a, r.b, r.c])
    } catch (e) {
      if ((e as { code?: string }).code?.startsWith('22') !== true) throw e
      return undefined
    } finally {
      await client.query('ROLLBACK')
    }
  }

  it('loads exactly the values the checks read, or refuses the member', async () => {
    let loaded = 0
    let runs = 0
    await fc.assert(fc.asyncProperty(FILE, fc.array(fc.nat(), { maxLength: 4 }), async (text, cuts) => {
      runs++
      const file = Buffer.from(text)
      const got = await loadAsIs(file, cuts)
      if (got === undefined) return
      loaded++
      const expected = readRecords(new RecordReader(BUILTIN_FORMATS.csv, COLUMNS), [file])
        .map((r) => r.fields.map((f) => (f === null ? null : f.toString('utf8'))))
      assert.deepEqual(got, expected)
    }), { numRuns: 1000 })
    // Not vacuous: a good share of the files went through PostgreSQL (about 15 % do).
    assert.ok(loaded >= runs / 20, `only ${loaded} of ${runs} files loaded as they are`)
  })
})
