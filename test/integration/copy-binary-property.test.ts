import assert from 'node:assert/strict'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import fc from 'fast-check'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { CopyBinaryRows } from '../../src/ingest/binary/copy-binary'
import { CopyBuffer } from '../../src/ingest/copy/copy-buffer'
import { parsePgType } from '../../src/schema/parse-pg-type'
import { createTestDatabase, type TestDatabase } from '../support/test-database'

/*
 * COPY text rows turned into COPY BINARY by heirloom must load exactly the
 * values PostgreSQL's text input reads from the same rows — or be refused,
 * which sends the member as COPY text. Compared on PostgreSQL's own text
 * output of every row, so a numeric's scale, a -0 or a microsecond counts.
 */
const COLUMNS: readonly (readonly [string, fc.Arbitrary<string>, fc.Arbitrary<string>])[] = [
  // [type, a plain value the writers must take, a value PostgreSQL takes that they may leave to it]
  ['smallint', fc.integer({ min: -32768, max: 32767 }).map(String), fc.constantFrom(' 7', '+12', '0012', '-0')],
  ['integer', fc.integer().map(String), fc.constantFrom('2147483647', '-2147483648', ' 1 ', '+0')],
  ['bigint', fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String), fc.constantFrom('9007199254740993', '-9223372036854775808', '00000000000000000001')],
  ['numeric(12,2)', decimal(10, 4), fc.constantFrom('1.005', '-0.005', '0.004', '1.5e2', '.5', '5.', 'NaN', '-0', '0009999999999.99')],
  ['numeric', decimal(30, 30), fc.constantFrom('0.0000', '-0.00', '100000000', '1e-3', 'Infinity', '12345678901234567890.123456789')],
  ['double precision', fc.double({ noNaN: true, noDefaultInfinity: true }).filter((v) => v === 0 || Math.abs(v) >= 2.2250738585072014e-308).map(String), fc.constantFrom('1e-320', '0.1', '-0', '123456789012345678', '1.7976931348623157e308', 'NaN', '-Infinity', '4.9e-324', '2.2250738585072014e-308')],
  ['boolean', fc.constantFrom('t', 'f', 'true', 'false', '1', '0'), fc.constantFrom('yes', 'off', 'TRUE', ' t')],
  ['date', day(), fc.constantFrom('2024-02-29', '0001-01-01', '9999-12-31', '20240102', 'epoch', '2024-1-2')],
  ['timestamp(6)', fc.tuple(day(), time(6)).map(([d, t]) => `${d} ${t}`), fc.constantFrom('2024-01-02T03:04:05', '2024-01-02 03:04:05.1234567', '2024-01-02 03:04', '1999-12-31 23:59:59.999999+02')],
  ['timestamp(2)', fc.tuple(day(), time(6)).map(([d, t]) => `${d} ${t}`), fc.constantFrom('2024-01-02 03:04:05.995', '0001-01-01 00:00:00')],
  ['timestamptz', fc.tuple(day(), time(6), fc.constantFrom('', '+00', '-05', '+05:30', '+14', '-12:45', ' +00:00', ' -03:30')).map(([d, t, z]) => `${d} ${t}${z}`), fc.constantFrom('2024-01-02 03:04:05 UTC', '2024-01-02 03:04:05+0530', '2024-01-02 03:04:05Z', '2024-01-02 03:04:05  +01')],
  ['text', copyText(), fc.constantFrom('\\x41', '\\101', '\\f', '\\v', 'a\\.')],
  ['varchar(6)', copyText().filter((s) => unescapedLength(s) <= 6), fc.constantFrom('abcdef ', 'ä\\b')],
  ['char(4)', copyText().filter((s) => unescapedLength(s) <= 4), fc.constantFrom('ab  ', '    ')],
]

function decimal(ints: number, fracs: number): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(new RegExp(`^[0-9]{1,${ints}}$`)), fc.option(fc.stringMatching(new RegExp(`^[0-9]{1,${fracs}}$`))))
    .map(([sign, i, f]) => `${sign}${i}${f === null ? '' : `.${f}`}`)
}

function day(): fc.Arbitrary<string> {
  return fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
}

function time(maxFraction: number): fc.Arbitrary<string> {
  return fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fc.option(fc.stringMatching(new RegExp(`^[0-9]{1,${maxFraction}}$`))))
    .map(([h, m, s, f]) => `${pad(h)}:${pad(m)}:${pad(s)}${f === null ? '' : `.${f}`}`)
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/** Text as the as-is cutters write it: UTF-8 with COPY's escapes for backslash, TAB, LF, CR, and MySQL's `\b` and `\<other>` that COPY reads alike (not `\.`, COPY's end of data). */
function copyText(): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom('a', 'Z', ' ', 'ü', '€', '𝄞', '\\\\', '\\t', '\\n', '\\r', '\\b', '\\N', '\\a', 'N', '"'), { maxLength: 6 }).map((p) => p.join(''))
}

function unescapedLength(s: string): number {
  return [...s.replace(/\\(.)/g, '$1')].length
}

/** A row: per column a plain value (mostly), another form, or NULL. */
const ROW = fc.tuple(...COLUMNS.map(([, plain, other]) => fc.oneof(
  { weight: 12, arbitrary: plain },
  { weight: 1, arbitrary: other },
  { weight: 1, arbitrary: fc.constant('\\N') },
)))

const TYPES = [...COLUMNS.map(([type]) => parsePgType(type)), parsePgType('integer')]

/** The row as the binary writers encode it, alone, or undefined when they leave it to COPY text. */
function binaryRow(fields: readonly string[]): Buffer | undefined {
  const out = new CopyBuffer(1024)
  const rows = new CopyBinaryRows(TYPES)
  if (!rows.push(Buffer.from(`${fields.join('\t')}\t7\n`), out)) return undefined
  rows.finish(out)
  return out.take()
}

describe('COPY BINARY written from COPY text rows', () => {
  let db: TestDatabase
  let client: pg.Client
  const names = COLUMNS.map((_, i) => `c${i}`)
  before(async () => {
    db = await createTestDatabase()
    client = new pg.Client({ connectionString: db.url })
    await client.connect()
    // timestamptz without an offset is UTC in the load's session (loadTable), so here too.
    await client.query("SET TimeZone = 'UTC'")
    const columns = COLUMNS.map(([type], i) => `${names[i]} ${type}`).join(', ')
    await client.query(`CREATE TABLE from_text (${columns}, d int)`)
    await client.query(`CREATE TABLE from_binary (${columns}, d int)`)
  })
  after(async () => {
    await client.end()
    await db.drop()
  })

  /** PostgreSQL's text of the one row loaded from data, or its error code. Rolled back. */
  async function load(table: string, data: Buffer, binary: boolean): Promise<string> {
    await client.query('BEGIN')
    try {
      await pipeline(Readable.from([data]), client.query(copyFrom(`COPY ${table} FROM STDIN${binary ? ' (FORMAT binary)' : ''}`)))
      const r = await client.query<{ row: string }>(`SELECT t::text AS row FROM ${table} t`)
      return r.rows[0].row
    } catch (e) {
      const code = (e as { code?: string }).code
      if (code === undefined) throw e
      return `error ${code.slice(0, 2)}`
    } finally {
      await client.query('ROLLBACK')
    }
  }

  it('loads exactly the values PostgreSQL reads from the text, or leaves the row to COPY text', async () => {
    let encoded = 0
    let runs = 0
    await fc.assert(fc.asyncProperty(ROW, async (fields) => {
      runs++
      const binary = binaryRow(fields)
      if (binary === undefined) return
      encoded++
      const text = await load('from_text', Buffer.from(`${fields.join('\t')}\t7\n`), false)
      assert.equal(await load('from_binary', binary, true), text, `fields: ${JSON.stringify(fields)}`)
    }), { numRuns: 1000 })
    // Each row holds 14 values, one in 14 of them in another form: about a third of rows are all plain.
    assert.ok(encoded >= runs / 5, `only ${encoded} of ${runs} rows were written as binary`)
  })

  const PLAIN_ROW = fc.tuple(...COLUMNS.map(([, value]) => fc.oneof({ weight: 8, arbitrary: value }, { weight: 1, arbitrary: fc.constant('\\N') })))

  it('writes every value of the forms it claims, NULL included', () => {
    fc.assert(fc.property(PLAIN_ROW, (fields) => binaryRow(fields) !== undefined), { numRuns: 2000 })
  })

  it('leaves a row with a field too many or too few to COPY text', () => {
    const [row] = fc.sample(PLAIN_ROW, 1)
    assert.notEqual(binaryRow(row), undefined)
    assert.equal(binaryRow(row.slice(1)), undefined)
    assert.equal(binaryRow([...row, '1']), undefined)
  })
})
