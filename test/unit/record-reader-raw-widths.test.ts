import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BUILTIN_FORMATS } from '../../src/schema/data-format'
import { RecordReader } from '../../src/ingest/read/record-reader'
import { readRecords } from '../support/read-records'

// MySQL's OUTFILE writes BIT(16) values as two raw bytes, unescaped: here LF TAB, `\` A, and a NULL.
const INPUT = Buffer.concat([
  Buffer.from('1\t'), Buffer.from([0x0a, 0x09]), Buffer.from('\tend\n'),
  Buffer.from('2\t'), Buffer.from([0x5c, 0x41]), Buffer.from('\tend\n'),
  Buffer.from('3\t\\N\tend\n'),
  Buffer.from('4\tx\tend\n'),
  // A short row: it ends at its LF, and the next line, whose raw bytes hold an LF, is read by width again.
  Buffer.from('5\n'),
  Buffer.from('6\t'), Buffer.from([0x0a, 0x5c]), Buffer.from('\tend\n'),
])

function read(chunks: readonly Buffer[]): (string | null)[][] {
  const reader = new RecordReader(BUILTIN_FORMATS['mysql-tab'], 3, [undefined, 2, undefined])
  return readRecords(reader, chunks).map((r) => r.fields.map((f) => (f === null ? null : f.toString('hex'))))
}

describe('RecordReader: raw fixed-width fields (MySQL BIT in tab files)', () => {
  const expected = [
    ['31', '0a09', '656e64'],
    ['32', '5c41', '656e64'],
    ['33', null, '656e64'],
    // Not the declared width: read the ordinary way, so the row's wrong value reaches the converter.
    ['34', '78', '656e64'],
    ['35'],
    ['36', '0a5c', '656e64'],
  ]

  it('takes each value by its width, whatever bytes it holds, and \\N as NULL', () => {
    assert.deepEqual(read([INPUT]), expected)
  })

  it('reads the same at every split point', () => {
    for (let i = 1; i < INPUT.length; i++) assert.deepEqual(read([INPUT.subarray(0, i), INPUT.subarray(i)]), expected, `split at ${i}`)
  })
})
