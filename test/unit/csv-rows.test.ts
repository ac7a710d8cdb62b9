import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { cut, passThrough as feed } from '../support/as-is-rows'
import { CsvRows } from '../../src/ingest/as-is/csv-rows'

const COMMA = 0x2c
const SUFFIX = Buffer.from('\t7\n')

/** The COPY text written for the bytes fed in the given pieces, or undefined when the rows need the checks. */
function passThrough(pieces: readonly Buffer[], columns = 2): { text: string; rows: number } | undefined {
  return feed(new CsvRows(columns, COMMA, SUFFIX), pieces)
}

const text = (s: string): Buffer[] => [Buffer.from(s)]

describe('csv rows rewritten as COPY text', () => {
  it('turns commas into TABs and unquoted empty fields into \\N, ends CRLF rows with LF, adds _dump_id, takes a last row without LF', () => {
    assert.deepEqual(passThrough(text('1,a\r\n2,\n3,""')), { text: '1\ta\t7\n2\t\\N\t7\n3\t\t7\n', rows: 3 })
  })

  it('unquotes fields: quoted delimiters, doubled quotes, LFs and CRLFs are data, wherever the chunks are cut', () => {
    const file = Buffer.from('1,"a, b",x\n2,"say ""hi""",\r\n"3","two\nlines","cr\r\nlf"\n4,"ü""",""\n')
    const expected = '1\ta, b\tx\t7\n2\tsay "hi"\t\\N\t7\n3\ttwo\\nlines\tcr\\r\\nlf\t7\n4\tü"\t\t7\n'
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 8 }), (at) => {
      assert.deepEqual(passThrough(cut(file, at), 3), { text: expected, rows: 4 })
    }))
  })

  it('escapes backslashes, TABs and CRs for COPY text, so \\. and \\N are data', () => {
    assert.deepEqual(passThrough(text('\\.,a\\b\tc\r\n\\N,"\r"\n')), { text: '\\\\.\ta\\\\b\\tc\t7\n\\\\N\t\\r\t7\n', rows: 2 })
  })

  it('keeps a quote inside a field, and text after a closing quote, as the reader does', () => {
    assert.deepEqual(passThrough(text('1,ab"c\n2,"a" "b"\n3,"ab"c\n')), { text: '1\tab"c\t7\n2\ta "b"\t7\n3\tabc\t7\n', rows: 3 })
  })

  it('keeps a CR that ends the member without LF as data, as the reader does', () => {
    assert.deepEqual(passThrough(text('1,a\r')), { text: '1\ta\\r\t7\n', rows: 1 })
  })

  it('skips a UTF-8 BOM at the start of the member, even cut across the first chunks', () => {
    const bom = Buffer.from('\ufeff1,a\n2,b\n')
    for (const pieces of [[bom], [bom.subarray(0, 1), bom.subarray(1, 2), bom.subarray(2)], [bom.subarray(0, 5), bom.subarray(5)]]) {
      assert.deepEqual(passThrough(pieces), { text: '1\ta\t7\n2\tb\t7\n', rows: 2 })
    }
  })

  for (const [label, bytes] of [
    ['a row with a field too many', '1,a\n2,b,c\n'],
    ['a row with a field too few', '1,a\n2\n'],
    ['a quoted field still open at the end', '1,"abc\n'],
  ] as const) {
    it(`sends the member to the checks when it holds ${label}`, () => {
      assert.equal(passThrough(text(bytes)), undefined)
    })
  }

  it('sends a quoted field still open after 1 MiB to the checks instead of rescanning it with every chunk', () => {
    const pieces = Array.from({ length: 20 }, () => Buffer.alloc(64 * 1024, 0x61))
    assert.equal(passThrough([Buffer.from('1,"'), ...pieces, Buffer.from('"\n')]), undefined)
  })
})
