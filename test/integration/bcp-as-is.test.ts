import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import fc from 'fast-check'
import pg from 'pg'
import { BcpRows } from '../../src/ingest/format/bcp-rows'
import { BUILTIN_FORMATS, type DataFormat } from '../../src/ingest/format/data-format'
import { encodeFormat } from '../../src/ingest/format/format-bytes'
import { RecordReader } from '../../src/ingest/format/record-reader'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { readRecords } from '../support/read-records'
import { cut } from '../support/as-is-rows'
import { AS_IS_TABLE, loadAsIs } from '../support/load-as-is'

/*
 * A bcp member (no quotes, no escapes) is rewritten by BcpRows as COPY text
 * and PostgreSQL reads it. Whatever bytes the member holds, PostgreSQL must
 * then read exactly the rows and values heirloom's own reader reads — or
 * the member is refused, which sends it through the checks. Files are built
 * from the pieces bcp goes wrong on: parts of the `|~|` delimiter and the
 * CRLF terminator, lone CR and LF, backslashes and COPY's own escapes, TAB,
 * NUL (alone: the empty string; inside a value: refused), empty fields (NULL).
 */
const COLUMNS = 3
const FORMAT: DataFormat = { ...BUILTIN_FORMATS['mssql-bcp'], delimiter: '|~|' }
const PIECE = fc.oneof(
  { weight: 40, arbitrary: fc.constantFrom('a', 'ü', '|', '~', '|~', '~|', '|~|', '\r', '\n', '\r\n', '\t', '\\', '\\.', '\\N', 'N', '.', ' ') },
  { weight: 1, arbitrary: fc.constant('\0') },
)
const TEXT = fc.array(PIECE, { maxLength: 5 }).map((p) => p.join(''))
const FIELD = fc.oneof(
  { weight: 6, arbitrary: TEXT.filter((s) => !s.includes('|~|') && !s.includes('\r\n')) },
  { weight: 2, arbitrary: TEXT },
  { weight: 1, arbitrary: fc.constantFrom('', '\0') },
)
const ROW = fc.oneof(
  { weight: 8, arbitrary: fc.array(FIELD, { minLength: COLUMNS, maxLength: COLUMNS }) },
  { weight: 1, arbitrary: fc.array(FIELD, { minLength: COLUMNS - 1, maxLength: COLUMNS + 1 }) },
).map((f) => f.join('|~|'))
/** Rows ending CRLF, the last one with or without its end, sometimes after a BOM. */
const FILE = fc.tuple(fc.array(ROW, { minLength: 1, maxLength: 5 }), fc.boolean(), fc.nat(9))
  .map(([rows, lastEnds, bom]) => (bom === 0 ? '\ufeff' : '') + rows.join('\r\n') + (lastEnds ? '\r\n' : ''))

describe('bcp rows PostgreSQL reads as COPY text', () => {
  let db: TestDatabase
  let client: pg.Client
  before(async () => {
    db = await createTestDatabase()
    client = new pg.Client({ connectionString: db.url })
    await client.connect()
    await client.query(AS_IS_TABLE)
  })
  after(async () => {
    await client.end()
    await db.drop()
  })

  it('loads exactly the values the checks read, or refuses the member', async () => {
    let loaded = 0
    let runs = 0
    await fc.assert(fc.asyncProperty(FILE, fc.array(fc.nat(), { maxLength: 4 }), async (text, cuts) => {
      runs++
      const file = Buffer.from(text)
      const got = await loadAsIs(client, new BcpRows(COLUMNS, encodeFormat(FORMAT), Buffer.from('\t7\n')), cut(file, cuts))
      if (got === undefined) return
      loaded++
      const expected = readRecords(new RecordReader(FORMAT, COLUMNS), [file])
        .map((r) => r.fields.map((f) => (f === null ? null : f.toString('utf8'))))
      assert.deepEqual(got, expected)
    }), { numRuns: 1000 })
    // Not vacuous: most files go through PostgreSQL (only NULs in values, field counts and cut-short rows are refused).
    assert.ok(loaded >= runs / 3, `only ${loaded} of ${runs} files loaded as they are`)
  })
})
