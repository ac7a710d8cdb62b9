import assert from 'node:assert/strict'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import fc from 'fast-check'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { AsIsRows } from '../../src/ingest/as-is/as-is-rows'
import { BcpRows } from '../../src/ingest/as-is/bcp-rows'
import { CopyTextRows } from '../../src/ingest/as-is/copy-text-rows'
import { CsvRows } from '../../src/ingest/as-is/csv-rows'
import { BUILTIN_FORMATS, type DataFormat } from '../../src/schema/data-format'
import { encodeFormat } from '../../src/ingest/read/format-bytes'
import { RecordReader } from '../../src/ingest/read/record-reader'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { readRecords } from '../support/read-records'
import { cut, passThrough } from '../support/as-is-rows'

/*
 * A mysql-tab member is cut into rows as it is, a csv or bcp member rewritten by its cutter as COPY text and
 * PostgreSQL reads it. Whatever bytes the member holds, PostgreSQL must then
 * read exactly the rows and values heirloom's own reader reads — or the
 * member is refused, which sends it through the checks. Files are built
 * from the pieces each format goes wrong on, and fed in random chunks.
 */
const COLUMNS = 3
const SUFFIX = Buffer.from('\t7\n')

/** A field's text from pieces, at most five. */
const text = (pieces: readonly string[]): fc.Arbitrary<string> => fc.array(fc.oneof(
  { weight: 40, arbitrary: fc.constantFrom(...pieces) },
  { weight: 1, arbitrary: fc.constant('\0') },
), { maxLength: 5 }).map((p) => p.join(''))

/** Rows of mostly COLUMNS fields, sometimes one more or less. */
const rows = (field: fc.Arbitrary<string>, delimiter: string): fc.Arbitrary<string> => fc.oneof(
  { weight: 8, arbitrary: fc.array(field, { minLength: COLUMNS, maxLength: COLUMNS }) },
  { weight: 1, arbitrary: fc.array(field, { minLength: COLUMNS - 1, maxLength: COLUMNS + 1 }) },
).map((f) => f.join(delimiter))

/** csv with delimiter d: quotes anywhere, delimiters, CR, LF, COPY's own escapes (backslash, `\.`, `\N`), TAB, NUL; rows ending LF or CRLF, mostly one kind per file. */
function csvFiles(d: string): fc.Arbitrary<string> {
  const any = text(['a', 'ü', d, '"', '""', '\n', '\r', '\r\n', '\t', '\\', '\\.', '\\N', '.', ' ', ''])
  const row = rows(fc.oneof(
    { weight: 4, arbitrary: any.filter((s) => !s.includes(d) && !/["\r\n]/.test(s)) },
    { weight: 4, arbitrary: any.map((s) => `"${s.replace(/"/g, '""')}"`) },
    { weight: 2, arbitrary: any },
    { weight: 1, arbitrary: fc.tuple(any, any).map(([a, b]) => `"${a.replace(/"/g, '""')}"${b}`) },
  ), d)
  return fc.tuple(fc.array(row, { minLength: 1, maxLength: 5 }), fc.constantFrom('\n', '\r\n'), fc.nat(), fc.boolean(), fc.nat(9))
    .map(([lines, end, other, lastEnds, bom]) => (bom === 0 ? '\ufeff' : '') + lines.map((r, i) => {
      const rowEnd = i === other % 30 ? (end === '\n' ? '\r\n' : '\n') : end
      return i < lines.length - 1 || lastEnds ? r + rowEnd : r
    }).join(''))
}

/** bcp with `|~|`: parts of the delimiter and of the CRLF terminator, lone CR and LF, COPY's escapes, TAB, NUL (alone: the empty string), empty fields (NULL). */
const BCP_FORMAT: DataFormat = { ...BUILTIN_FORMATS['mssql-bcp'], delimiter: '|~|' }
const BCP_TEXT = text(['a', 'ü', '|', '~', '|~', '~|', '|~|', '\r', '\n', '\r\n', '\t', '\\', '\\.', '\\N', 'N', '.', ' '])
const BCP_ROW = rows(fc.oneof(
  { weight: 6, arbitrary: BCP_TEXT.filter((s) => !s.includes('|~|') && !s.includes('\r\n')) },
  { weight: 2, arbitrary: BCP_TEXT },
  { weight: 1, arbitrary: fc.constantFrom('', '\0') },
), '|~|')
const BCP_FILE = fc.tuple(fc.array(BCP_ROW, { minLength: 1, maxLength: 5 }), fc.boolean(), fc.nat(9))
  .map(([lines, lastEnds, bom]) => (bom === 0 ? '\ufeff' : '') + lines.join('\r\n') + (lastEnds ? '\r\n' : ''))

/** mysql-tab: escapes LOAD DATA and COPY read alike and those they do not, `\N`; now and then a raw TAB, LF (ending the row, short or not) or CR. */
const MYSQL_ESCAPED = ['a', 'ü', '\\\t', '\\\n', '\\\\', '\\N', 'N', '\\n', '\\t', '\\b', '.', ' ']
const MYSQL_FIELD = fc.oneof(
  { weight: 8, arbitrary: text(MYSQL_ESCAPED) },
  { weight: 1, arbitrary: text([...MYSQL_ESCAPED, '\t', '\n', '\r', '\\0', '\\Z', '\\.', '\\x']) },
)
const MYSQL_FILE = fc.tuple(fc.array(rows(MYSQL_FIELD, '\t'), { minLength: 1, maxLength: 5 }), fc.boolean())
  .map(([lines, lastEnds]) => lines.join('\n') + (lastEnds ? '\n' : ''))

describe('rows rewritten as COPY text, as PostgreSQL reads them', () => {
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

  /** The values PostgreSQL loads from what the cutter writes for the pieces, or undefined when either refuses them. Rolled back. */
  async function loadAsIs(rows: AsIsRows, pieces: readonly Buffer[]): Promise<(string | null)[][] | undefined> {
    const fed = passThrough(rows, pieces)
    if (fed === undefined) return undefined
    await client.query('BEGIN')
    try {
      const copy = client.query(copyFrom('COPY t (a, b, c, d) FROM STDIN'))
      await pipeline(Readable.from([Buffer.from(fed.text)]), copy)
      assert.equal(copy.rowCount, fed.rows, 'PostgreSQL counts the rows the cutter cut')
      return (await client.query<{ a: string | null; b: string | null; c: string | null }>('SELECT a, b, c FROM t ORDER BY n')).rows.map((r) => [r.a, r.b, r.c])
    } catch (e) {
      if ((e as { code?: string }).code?.startsWith('22') !== true) throw e
      return undefined
    } finally {
      await client.query('ROLLBACK')
    }
  }

  /** Not vacuous: at least `share` of the files went through PostgreSQL (the rest are refused: field counts, open quotes, NULs, bad UTF-8). */
  async function readsAsTheReader(files: fc.Arbitrary<string>, format: DataFormat, cutter: () => AsIsRows, share: number): Promise<void> {
    let loaded = 0
    let runs = 0
    await fc.assert(fc.asyncProperty(files, fc.array(fc.nat(), { maxLength: 4 }), async (file, cuts) => {
      runs++
      const bytes = Buffer.from(file)
      const got = await loadAsIs(cutter(), cut(bytes, cuts))
      if (got === undefined) return
      loaded++
      const expected = readRecords(new RecordReader(format, COLUMNS), [bytes]).map((r) => r.fields.map((f) => (f === null ? null : f.toString('utf8'))))
      assert.deepEqual(got, expected)
    }), { numRuns: 1000 })
    assert.ok(loaded >= runs * share, `only ${loaded} of ${runs} files loaded as they are`)
  }

  for (const delimiter of [',', '\t']) {
    it(`csv (delimiter ${JSON.stringify(delimiter)}): loads exactly the values the checks read, or refuses the member`, async () => {
      // About a quarter of these files load.
      const format = { ...BUILTIN_FORMATS.csv, delimiter }
      await readsAsTheReader(csvFiles(delimiter), format, () => new CsvRows(COLUMNS, delimiter.charCodeAt(0), SUFFIX), 0.1)
    })
  }

  it('mysql-tab: loads exactly the rows and values the checks read, short rows ending at their LF, or refuses the member', async () => {
    // About a third of these files load.
    await readsAsTheReader(MYSQL_FILE, BUILTIN_FORMATS['mysql-tab'], () => new CopyTextRows(SUFFIX), 0.2)
  })

  it('bcp: loads exactly the values the checks read, or refuses the member', async () => {
    // About 40 % of these files load.
    await readsAsTheReader(BCP_FILE, BCP_FORMAT, () => new BcpRows(COLUMNS, encodeFormat(BCP_FORMAT), SUFFIX), 1 / 3)
  })
})
