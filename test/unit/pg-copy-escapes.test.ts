import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BUILTIN_FORMATS } from '../../src/schema/data-format'
import { RecordReader } from '../../src/ingest/read/record-reader'
import { readRecords } from '../support/read-records'

const PG_COPY = BUILTIN_FORMATS['pg-copy']
const MYSQL_TAB = BUILTIN_FORMATS['mysql-tab']

function fields(format: typeof PG_COPY, text: string): (string | null)[][] {
  const reader = new RecordReader(format, undefined)
  return readRecords(reader, [Buffer.from(text, 'latin1')]).map((r) => r.fields.map((f) => (f === null ? null : f.toString('latin1'))))
}

describe('pg-copy reads COPY text escapes as PostgreSQL does', () => {
  it('one-letter escapes \\b \\f \\n \\r \\t \\v and \\\\; any other character stands for itself', () => {
    assert.deepEqual(fields(PG_COPY, 'a\\bb\\fc\\nd\\re\\tf\\vg\\\\h\\qi\\Z\n'), [['a\bb\fc\nd\re\tf\vg\\hqiZ']])
  })

  it('octal \\N, \\NN, \\NNN and hex \\xH, \\xHH are one byte each; \\x without a hex digit is an x', () => {
    assert.deepEqual(fields(PG_COPY, '\\101\\1012\\7\\08\\x41\\x4g\\xg\\0\n'), [['AA2\x07\x008A\x04gxg\x00']])
  })

  it('\\N alone is NULL, inside a field it is N; an escaped TAB is data', () => {
    assert.deepEqual(fields(PG_COPY, '\\N\tx\\Ny\ta\\\tb\n'), [[null, 'xNy', 'a\tb']])
  })

  it('mysql-tab keeps MySQL\'s set: \\0 is NUL, \\Z is ^Z, \\101 is 0 then 101 and \\x is x', () => {
    assert.deepEqual(fields(MYSQL_TAB, '\\101\\Z\\x41\\f\n'), [['101\x1ax41f']])
  })
})
