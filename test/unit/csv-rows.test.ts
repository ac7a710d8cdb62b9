import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { cut, passThrough as feed } from '../support/as-is-rows'
import { CsvRows } from '../../src/ingest/format/csv-rows'

const COMMA = 0x2c
const SUFFIX = Buffer.from(',7\n')

/** The COPY data written for the bytes fed in the given pieces, or undefined when the rows need the checks. */
function passThrough(pieces: readonly Buffer[]): { text: string; rows: number } | undefined {
  return feed(new CsvRows(COMMA, SUFFIX), pieces)
}

const text = (s: string): Buffer[] => [Buffer.from(s)]

describe('csv rows handed to COPY csv as they are', () => {
  it('adds _dump_id to each row, ends CRLF rows with LF, and takes a last row without LF', () => {
    assert.deepEqual(passThrough(text('1,a\r\n2,\n3,""')), { text: '1,a,7\n2,,7\n3,"",7\n', rows: 3 })
  })

  it('keeps quoted delimiters, doubled quotes, LFs and CRLFs inside their row, wherever the chunks are cut', () => {
    const file = Buffer.from('1,"a, b"\n2,"say ""hi"""\r\n"3","two\nlines","cr\r\nlf"\n4,"ü"""\n')
    const expected = '1,"a, b",7\n2,"say ""hi""",7\n"3","two\nlines","cr\r\nlf",7\n4,"ü""",7\n'
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 8 }), (at) => {
      assert.deepEqual(passThrough(cut(file, at)), { text: expected, rows: 4 })
    }))
  })

  it('keeps a CR that ends the member without LF as data, as the reader does', () => {
    assert.deepEqual(passThrough(text('1,a\r')), { text: '1,a\r,7\n', rows: 1 })
  })

  for (const [label, bytes] of [
    ['a quote inside an unquoted field (PostgreSQL starts quoting there)', '1,ab"c"\n'],
    ['a quote after leading spaces', '1, "a"\n'],
    ['a second quoted part after a closing quote', '1,"a" "b"\n'],
    ['a quoted field still open at the end', '1,"abc\n'],
    ['a UTF-8 BOM', '\ufeff1,a\n'],
    ['a UTF-8 BOM and no LF', '\ufeff1,a'],
    ['a row starting with \\. (with a CR, PostgreSQL\'s end of data)', '1,a\n\\.\r,b\n'],
  ] as const) {
    it(`sends the member to the checks when it holds ${label}`, () => {
      assert.equal(passThrough(text(bytes)), undefined)
    })
  }

  it('sends the member to the checks when a UTF-8 BOM is cut across the first chunks', () => {
    const bom = Buffer.from('\ufeff1,a\n2,b\n')
    assert.equal(passThrough([bom.subarray(0, 1), bom.subarray(1, 2), bom.subarray(2)]), undefined)
  })

  it('sends a quoted field still open after 1 MiB to the checks instead of rescanning it with every chunk', () => {
    const pieces = Array.from({ length: 20 }, () => Buffer.alloc(64 * 1024, 0x61))
    assert.equal(passThrough([Buffer.from('1,"'), ...pieces, Buffer.from('"\n')]), undefined)
  })
})
