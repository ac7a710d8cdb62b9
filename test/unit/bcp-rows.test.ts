import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { cut, passThrough as feed } from '../support/as-is-rows'
import { BcpRows } from '../../src/ingest/as-is/bcp-rows'
import { BUILTIN_FORMATS, type DataFormat } from '../../src/schema/data-format'
import { encodeFormat } from '../../src/ingest/read/format-bytes'

const SUFFIX = Buffer.from('\t7\n')
const PIPES: DataFormat = { ...BUILTIN_FORMATS['mssql-bcp'], delimiter: '|~|' }

/** The COPY text written for the bytes fed in the given pieces, or undefined when the rows need the checks. */
function passThrough(pieces: readonly Buffer[], columns = 3, format: DataFormat = PIPES): { text: string; rows: number } | undefined {
  return feed(new BcpRows(columns, encodeFormat(format), SUFFIX), pieces)
}

const text = (s: string): Buffer[] => [Buffer.from(s)]

describe('bcp rows rewritten as COPY text', () => {
  it('turns delimiters into TABs, empty fields into \\N, a lone NUL into the empty string, and adds _dump_id', () => {
    assert.deepEqual(passThrough(text('1|~|a|~|\r\n2|~|\0|~|ü\r\n')), { text: '1\ta\t\\N\t7\n2\t\tü\t7\n', rows: 2 })
  })

  it('escapes backslashes, TABs, CRs and LFs in values; a row terminator inside a non-last field is data', () => {
    const file = Buffer.from('1|~|two\r\nlines|~|a\\b\tc\r\r\n2|~|\\.|~|\\N\r\n')
    const expected = '1\ttwo\\r\\nlines\ta\\\\b\\tc\\r\t7\n2\t\\\\.\t\\\\N\t7\n'
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 8 }), (at) => {
      assert.deepEqual(passThrough(cut(file, at)), { text: expected, rows: 2 })
    }))
  })

  it('takes a last row without its terminator once its last field has begun', () => {
    assert.deepEqual(passThrough(text('1|~|a|~|b')), { text: '1\ta\tb\t7\n', rows: 1 })
    assert.deepEqual(passThrough(text('1|~|a|~|')), { text: '1\ta\t\\N\t7\n', rows: 1 })
  })

  it('spells a configured NULL pattern as \\N and keeps an empty field as the empty string when the format has no marker for it', () => {
    const legacy: DataFormat = { ...PIPES, nullPattern: 'NULL', emptyString: undefined }
    assert.deepEqual(passThrough(text('NULL|~||~|NULLx\r\n'), 3, legacy), { text: '\\N\t\tNULLx\t7\n', rows: 1 })
  })

  it('skips a UTF-8 BOM at the start of the member, even cut across chunks and before a long first row', () => {
    const file = Buffer.from(`\ufeff1|~|${'a'.repeat(300)}|~|b\r\n2|~|c|~|d\r\n`)
    const expected = `1\t${'a'.repeat(300)}\tb\t7\n2\tc\td\t7\n`
    for (const at of [[1], [2], [1, 2], [50], [1, 2, 100, 200]]) {
      assert.deepEqual(passThrough(cut(file, at)), { text: expected, rows: 2 }, JSON.stringify(at))
    }
  })

  it('keeps a second BOM as data, as the reader does, even when the first row spans chunks', () => {
    const file = Buffer.from(`\ufeff\ufeff1|~|${'a'.repeat(300)}|~|b\r\n`)
    for (const at of [[], [50], [3, 100]]) {
      assert.deepEqual(passThrough(cut(file, at)), { text: `\ufeff1\t${'a'.repeat(300)}\tb\t7\n`, rows: 1 }, JSON.stringify(at))
    }
  })

  for (const [label, bytes] of [
    ['a NUL inside a value', '1|~|a\0b|~|c\r\n'],
    ['a delimiter in the last field (a field too many)', '1|~|a|~|b|~|c\r\n'],
    ['a member ending before its last row has all its fields', '1|~|a|~|b\r\n2|~|c'],
  ] as const) {
    it(`sends the member to the checks when it holds ${label}`, () => {
      assert.equal(passThrough(text(bytes)), undefined)
    })
  }

  it('sends a row still open after 1 MiB to the checks instead of rescanning it with every chunk', () => {
    const pieces = Array.from({ length: 20 }, () => Buffer.alloc(64 * 1024, 0x61))
    assert.equal(passThrough([Buffer.from('1|~|'), ...pieces, Buffer.from('|~|b\r\n')]), undefined)
  })

  it('reads the built-in bcp layout: TAB-delimited, CRLF', () => {
    assert.deepEqual(passThrough(text('1\ta\r\n\t\0\r\n'), 2, BUILTIN_FORMATS['mssql-bcp']), { text: '1\ta\t7\n\\N\t\t7\n', rows: 2 })
  })
})
