import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BUILTIN_FORMATS, type DataFormat } from '../../src/schema/data-format'
import { RecordReader } from '../../src/ingest/read/record-reader'
import { readRecords } from '../support/read-records'

const BCP = BUILTIN_FORMATS['mssql-bcp']

/** Every field of every record as text, the input fed in chunks of `size` bytes. */
function fields(format: DataFormat, columns: number, input: Buffer, size: number): (string | null)[][] {
  const chunks: Buffer[] = []
  for (let at = 0; at < input.length; at += size) chunks.push(Buffer.from(input.subarray(at, at + size)))
  return readRecords(new RecordReader(format, columns), chunks).map((r) => r.fields.map((f) => (f === null ? null : f.toString(format.encoding === 'utf16le' ? 'utf16le' : 'utf8'))))
}

describe('bcp format files: a terminator per field and skipped fields in the column-by-column reader', () => {
  const perField: DataFormat = { ...BCP, delimiter: ',', fieldTerminators: [',', '|~|', '\t'], rowTerminator: '@@\r\n' }
  const input = '1,a, b\tc|~|x\r\ny, z\tlast@@\r\n2,|~|\t@@\r\n'

  it('ends each field at its own terminator, whatever the chunk boundaries', () => {
    for (const size of [1, 2, 3, 5, 64]) {
      assert.deepEqual(fields(perField, 4, Buffer.from(input), size), [['1', 'a, b\tc', 'x\r\ny, z', 'last'], ['2', null, null, null]], `chunks of ${size}`)
    }
  })

  it('matches per-field terminators on UTF-16 code units only', () => {
    const wide: DataFormat = { ...perField, encoding: 'utf16le' }
    for (const size of [1, 3, 64]) {
      assert.deepEqual(fields(wide, 4, Buffer.from(input, 'utf16le'), size), [['1', 'a, b\tc', 'x\r\ny, z', 'last'], ['2', null, null, null]], `chunks of ${size}`)
    }
  })

  it('reads skipped fields and hands the sink only the others', () => {
    const skipping: DataFormat = { ...perField, skipFields: [1] }
    for (const size of [1, 7, 64]) {
      assert.deepEqual(fields(skipping, 3, Buffer.from(input), size), [['1', 'x\r\ny, z', 'last'], ['2', null, null]], `chunks of ${size}`)
    }
  })

  it('skips a last field too, and leaves a short row short', () => {
    const lastSkipped: DataFormat = { ...BCP, skipFields: [2] }
    assert.deepEqual(fields(lastSkipped, 2, Buffer.from('a\tb\tgone\r\nshort\r\n'), 4), [['a', 'b'], ['short']])
  })
})
