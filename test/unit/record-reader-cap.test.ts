import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { BUILTIN_FORMATS, type DataFormat } from '../../src/schema/data-format'
import { RecordReader, TOO_LONG_PREFIX_BYTES, type RawRecord } from '../../src/ingest/read/record-reader'
import { readRecords } from '../support/read-records'

const MYSQL = BUILTIN_FORMATS['mysql-tab']
const BCP = BUILTIN_FORMATS['mssql-bcp']
const CSV = BUILTIN_FORMATS.csv
const MIB = 1024 * 1024
const CHUNK = 64 * 1024

/** The bytes in chunks of the given sizes (cycled), each a copy: the reader may keep views of what it is given. */
function chunked(input: Buffer, sizes: readonly number[]): Buffer[] {
  const chunks: Buffer[] = []
  for (let at = 0, k = 0; at < input.length; k++) {
    const size = Math.max(1, sizes[k % sizes.length] ?? 1)
    chunks.push(Buffer.from(input.subarray(at, at + size)))
    at += size
  }
  return chunks
}

/** `piece` repeated to at least `bytes` bytes. */
function repeated(piece: string, bytes: number): string {
  return piece.repeat(Math.ceil(bytes / piece.length))
}

/** A file of two good rows, the huge row, two good rows; each row's line (1 + the LFs before it). */
function fileAround(huge: string, good: (i: number) => string): { bytes: Buffer; lines: number[] } {
  const rows = [good(1), good(2), huge, good(4), good(5)]
  const lines: number[] = []
  let line = 1
  for (const row of rows) {
    lines.push(line)
    line += row.split('\n').length - 1
  }
  return { bytes: Buffer.from(rows.join('')), lines }
}

interface Case {
  readonly name: string
  readonly format: DataFormat
  readonly columns: number | undefined
  /** The 5 MiB row, with line breaks inside (escaped, inside a non-last field, quoted): later line numbers must count them. */
  readonly huge: string
  readonly good: (i: number) => string
  readonly fields: (i: number) => string[]
}

const CASES: readonly Case[] = [
  {
    name: 'mysql-tab', format: MYSQL, columns: 2, huge: `3\t${repeated('x'.repeat(1000) + '\\\n', 5 * MIB)}\n`,
    good: (i) => `${i}\tgood ${i}\n`, fields: (i) => [`${i}`, `good ${i}`],
  },
  {
    name: 'mssql-bcp (a CRLF inside a non-last field is data)', format: BCP, columns: 3, huge: `3\t${repeated('y'.repeat(1000) + '\r\n', 5 * MIB)}\tz\r\n`,
    good: (i) => `${i}\tgood ${i}\t${i}\r\n`, fields: (i) => [`${i}`, `good ${i}`, `${i}`],
  },
  {
    name: 'csv (a quoted field with LFs inside)', format: CSV, columns: undefined, huge: `3,"${repeated('q'.repeat(1000) + '\n""', 5 * MIB)}"\n`,
    good: (i) => `${i},good ${i}\n`, fields: (i) => [`${i}`, `good ${i}`],
  },
]

function text(records: readonly RawRecord[]): { line: number; tooLong: boolean; fields: (string | null)[]; raw: string }[] {
  return records.map((r) => ({ line: r.line, tooLong: r.tooLong, fields: r.fields.map((f) => f?.toString('utf8') ?? null), raw: r.raw.toString('utf8') }))
}

describe('RecordReader: a record longer than maxRecordBytes', () => {
  for (const c of CASES) {
    it(`${c.name}: is one tooLong record with its line and first bytes; the records after it read as usual, on the right lines`, () => {
      const { bytes, lines } = fileAround(c.huge, c.good)
      const records = readRecords(new RecordReader(c.format, c.columns, [], MIB), chunked(bytes, [CHUNK]))
      const good = (i: number, line: number): unknown => ({ line, tooLong: false, fields: c.fields(i), raw: c.good(i).replace(/\r?\n$/, '') })
      assert.deepEqual(text(records), [
        good(1, lines[0]), good(2, lines[1]),
        { line: lines[2], tooLong: true, fields: [], raw: c.huge.slice(0, TOO_LONG_PREFIX_BYTES) },
        good(4, lines[3]), good(5, lines[4]),
      ])
    })
  }

  it('csv: a quoted field that never closes is one tooLong record up to the end of the file', () => {
    const bytes = Buffer.from(`1,a\n2,"${repeated('never closed\n', 3 * MIB)}`)
    const records = text(readRecords(new RecordReader(CSV, undefined, [], MIB), chunked(bytes, [CHUNK])))
    assert.deepEqual(records.map((r) => [r.line, r.tooLong]), [[1, false], [2, true]])
  })

  it('a record of exactly maxRecordBytes (without its terminator) is read whole; one byte more is tooLong', () => {
    for (const format of [MYSQL, BCP, { ...CSV, rowTerminator: '\r\n' }]) {
      const row = (n: number): string => `1${format.delimiter}${'v'.repeat(n - 2)}${format.rowTerminator}`
      const bytes = Buffer.from(row(100) + row(101) + row(100))
      for (const sizes of [[bytes.length], [1], [7, 3]]) {
        const records = readRecords(new RecordReader(format, 2, [], 100), chunked(bytes, sizes))
        assert.deepEqual(records.map((r) => r.tooLong), [false, true, false], `${format.delimiter} ${sizes.join()}`)
      }
    }
  })

  it('holds no more than about maxRecordBytes and a chunk, however long the record', () => {
    for (const c of CASES) {
      const reader = new RecordReader(c.format, c.columns, [], MIB)
      let held = 0
      for (const chunk of chunked(fileAround(c.huge, c.good).bytes, [CHUNK])) {
        reader.read(chunk, () => undefined)
        held = Math.max(held, reader.heldBytes)
      }
      assert.ok(held <= MIB + CHUNK + 2, `${c.name}: held ${held} bytes`)
    }
  })

  it('keeps a long record under a large cap whole, and the records read before a too-long one keep their bytes', () => {
    const kept = 'k'.repeat(5 * MIB)
    const bytes = Buffer.from(`1\ta\n2\t${kept}\n3\tc\n4\t${'t'.repeat(20 * MIB)}\n5\te\n`)
    const reader = new RecordReader(MYSQL, 2, [], 8 * MIB)
    let held = 0
    const records: RawRecord[] = []
    for (const chunk of chunked(bytes, [CHUNK])) {
      reader.read(chunk, (r) => records.push(r.toRecord()))
      held = Math.max(held, reader.heldBytes)
    }
    reader.finish((r) => records.push(r.toRecord()))
    assert.deepEqual(text(records).map((r) => [r.line, r.tooLong, r.fields.map((f) => f?.length)]), [[1, false, [1, 1]], [2, false, [1, kept.length]], [3, false, [1, 1]], [4, true, []], [5, false, [1, 1]]])
    assert.ok(records[1].fields[1]?.equals(Buffer.from(kept)))
    assert.ok(held <= 8 * MIB + CHUNK + 1, `held ${held} bytes`)
  })

  it('records read before a too-long one keep their bytes, also in chunks larger than the cap', () => {
    const rows = 200_000
    const small = Array.from({ length: rows }, (_, i) => `${i}\tsmall ${i}\n`).join('')
    const bytes = Buffer.from(`${small}x\t${'t'.repeat(5 * MIB)}\n${small}`)
    const records = readRecords(new RecordReader(MYSQL, 2, [], MIB), chunked(bytes, [3 * MIB]))
    assert.equal(records.length, 2 * rows + 1)
    assert.deepEqual(records.filter((r) => r.tooLong).map((r) => r.line), [rows + 1])
    const wrong = records.filter((r, k) => !r.tooLong && r.fields[1]?.toString() !== `small ${k % (rows + 1)}`)
    assert.deepEqual(wrong.map((r) => r.line).slice(0, 5), [])
  })

  it('reads every record as the reader without a cap does, except that those longer than the cap are tooLong and cut (property)', () => {
    const formats: readonly [DataFormat, number | undefined, (number | undefined)[]][] = [
      [MYSQL, 3, []], [MYSQL, 3, [undefined, 1, undefined]], [MYSQL, undefined, []], [BCP, 3, []], [CSV, undefined, []],
      [{ ...CSV, escape: '\\' }, undefined, []], [{ delimiter: '|~|', rowTerminator: '\r\n', quote: '`', nullPattern: 'NULL', encoding: 'utf8', header: false }, 3, []],
    ]
    const specials = ['\t', '\n', '\r', '\r\n', '\\', '\\N', '"', ',', '`', '``', '|~|', 'NULL', 'é', 'x'.repeat(40)]
    const file = fc.array(fc.constantFrom(...specials, 'a', 'b'), { maxLength: 120 }).map((parts) => Buffer.from(parts.join('')))
    fc.assert(fc.property(fc.constantFrom(...formats), file, fc.integer({ min: 1, max: 60 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 4 }),
      ([format, columns, widths], bytes, cap, sizes) => {
        const whole = readRecords(new RecordReader(format, columns, widths), [bytes])
        const capped = readRecords(new RecordReader(format, columns, widths, cap), chunked(bytes, sizes))
        assert.deepEqual(capped.map((r) => r.line), whole.map((r) => r.line))
        capped.forEach((r, i) => {
          const w = whole[i]
          if (w.raw.length <= cap) assert.deepEqual(r, w)
          else assert.deepEqual(r, { line: w.line, fields: [], raw: w.raw.subarray(0, Math.min(cap, TOO_LONG_PREFIX_BYTES)), tooLong: true })
        })
      }), { numRuns: 3000 })
  })
})
