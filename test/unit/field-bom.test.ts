import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decodeText } from '../../src/ingest/format/encoding'
import { BUILTIN_FORMATS } from '../../src/schema/data-format'
import { RecordReader } from '../../src/ingest/read/record-reader'
import { readRecords } from '../support/read-records'

// Regression: TextDecoder drops a leading U+FEFF on every decode() unless ignoreBOM is set, and
// fields are decoded one by one, so a value starting with U+FEFF lost it (found by the round-trip property).
describe('a U+FEFF that starts a field is data, not a byte order mark', () => {
  it('decodeText keeps a leading U+FEFF in every encoding, strict or not', () => {
    for (const encoding of ['utf8', 'utf16le', 'utf16be']) {
      const bytes = encoding === 'utf16be' ? Buffer.from('\ufeffx', 'utf16le').swap16() : Buffer.from('\ufeffx', encoding === 'utf8' ? 'utf8' : 'utf16le')
      assert.equal(decodeText(bytes, encoding), '\ufeffx', encoding)
      assert.equal(decodeText(bytes, encoding, true), '\ufeffx', `${encoding}, fatal`)
    }
  })

  it('the reader still skips the file\'s own BOM, and keeps one that starts a later field', () => {
    const reader = new RecordReader(BUILTIN_FORMATS.csv, 2)
    const records = readRecords(reader, [Buffer.from('\ufeff1,\ufeffa\n2,"\ufeffb"\n', 'utf8')])
    assert.deepEqual(records.map((r) => r.fields.map((f) => (f === null ? null : decodeText(f, 'utf8')))), [['1', '\ufeffa'], ['2', '\ufeffb']])
  })
})
