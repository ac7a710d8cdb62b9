import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { isPlainDateTime } from '../../src/ingest/checked/convert/convert-date-time'
import { Invalid } from '../../src/ingest/checked/convert/value-converter'
import { makeValueConverter } from '../../src/ingest/load-path/column-kinds'
import { parsePgType } from '../../src/schema/parse-pg-type'

/*
 * The row encoder lets a date/time field through as it is when the byte
 * check says so; otherwise the converter decides. The check must therefore
 * accept only what the converter accepts, with the same meaning.
 */
function convert(pgType: string, text: string): unknown {
  const column = { name: 'c', type: parsePgType(pgType), nullable: true, source: { name: 'c', type: 'x', nullable: true } }
  return makeValueConverter(column, { dialect: 'mysql' })(text)
}

const plain = (text: string, kind: 'date' | 'timestamp' | 'timestamptz', offsetRequired = false): boolean => {
  const buf = Buffer.from(`xx${text}yy`, 'latin1')
  return isPlainDateTime(buf, 2, buf.length - 2, kind, offsetRequired)
}

/** Strings near the accepted shapes: valid values with one character replaced, inserted or dropped, and random ones. */
const SHAPES = ['2024-02-29', '2023-02-29', '2024-01-31 13:45:00', '2024-01-31T23:59:59.123456', '0000-00-00 00:00:00', '9999-12-31 24:00:00',
  '2024-06-30 12:00:00.5 +05:30', '2024-06-30 12:00:00-14:00', '2024-06-30 12:00:00.1234567', '2024-06-30 12:00:00 +15:00']
const NEAR = fc.tuple(fc.constantFrom(...SHAPES), fc.nat(40), fc.constantFrom('', '0', '9', '-', ':', ' ', '.', '+', 'T', '3', '1'), fc.constantFrom('replace', 'insert', 'drop', 'keep'))
  .map(([s, at, c, how]) => {
    const i = at % (s.length + 1)
    if (how === 'keep') return s
    return how === 'insert' ? s.slice(0, i) + c + s.slice(i) : s.slice(0, i) + (how === 'replace' ? c : '') + s.slice(i + 1)
  })
const TEXT = fc.oneof(NEAR, fc.string({ unit: fc.constantFrom(...'0123456789-: .+T'), maxLength: 32 }))

describe('isPlainDateTime: the byte check before the date/time converter', () => {
  it('accepts a date or timestamp only when the converter passes the same text through unchanged', () => {
    fc.assert(fc.property(TEXT, (s) => {
      if (plain(s, 'date')) assert.equal(convert('date', s), s)
      if (plain(s, 'timestamp')) assert.equal(convert('timestamp', s), s)
    }), { numRuns: 5000 })
  })

  it('accepts a timestamptz only when the converter accepts it, and one without an offset only when asked to', () => {
    fc.assert(fc.property(TEXT, (s) => {
      if (plain(s, 'timestamptz')) assert.ok(!(convert('timestamptz', s) instanceof Invalid), s)
      if (plain(s, 'timestamptz', true)) assert.match(s, /[+-]\d\d:\d\d$/)
    }), { numRuns: 5000 })
  })

  it('accepts the everyday forms and refuses what does not exist', () => {
    for (const s of ['2024-02-29', '0001-01-01']) assert.ok(plain(s, 'date'), s)
    for (const s of ['2024-01-31 13:45:00', '2024-01-31T13:45:00.123', '2024-01-31 13:45:00.123456']) assert.ok(plain(s, 'timestamp'), s)
    for (const s of ['2011-05-06 23:47:15.770413 +00:00', '2011-05-06 23:47:15-05:30']) assert.ok(plain(s, 'timestamptz', true), s)
    for (const s of ['2023-02-29', '0000-00-00', '2024-13-01', '2024-1-01', '2024-01-01 ']) assert.ok(!plain(s, 'date'), s)
    for (const s of ['2024-01-31 24:00:00', '2024-01-31 13:60:00', '2024-01-31 13:45:00.1234567', '2024-01-31 13:45:00.', '2024-01-31 13:45:00 +01:00'])
      assert.ok(!plain(s, 'timestamp'), s)
    for (const s of ['2024-01-31 13:45:00', '2024-01-31 13:45:00 +15:00', '2024-01-31 13:45:00 +01']) assert.ok(!plain(s, 'timestamptz', true), s)
  })
})
