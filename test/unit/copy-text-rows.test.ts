import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { cut, passThrough as feed } from '../support/as-is-rows'
import { CopyTextRows } from '../../src/ingest/as-is/copy-text-rows'

const SUFFIX = Buffer.from('\t7\n')

/** The COPY data written for the bytes fed in the given pieces, or undefined when the rows need the checks. */
function passThrough(pieces: readonly Buffer[]): { text: string; rows: number } | undefined {
  return feed(new CopyTextRows(SUFFIX), pieces)
}

describe('mysql-tab rows handed to COPY text as they are', () => {
  it('adds _dump_id to each row, the last one without LF included', () => {
    assert.deepEqual(passThrough([Buffer.from('1\ta\n2\t\\N\n3\tc')]), { text: '1\ta\t7\n2\t\\N\t7\n3\tc\t7\n', rows: 3 })
  })

  it('keeps an escaped LF, TAB or backslash inside its row, wherever the chunks are cut', () => {
    const file = Buffer.from('1\tline\\\nbreak\n2\ttab\\\there\n3\tback\\\\\n4\tü\\n\\t\\r\\b\n')
    const expected = '1\tline\\\nbreak\t7\n2\ttab\\\there\t7\n3\tback\\\\\t7\n4\tü\\n\\t\\r\\b\t7\n'
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 8 }), (at) => {
      assert.deepEqual(passThrough(cut(file, at)), { text: expected, rows: 4 })
    }))
  })

  for (const [label, bytes] of [
    ['\\0 (MySQL NUL, PostgreSQL octal)', '1\ta\\0b\n'],
    ['\\Z (MySQL ^Z)', '1\ta\\Zb\n'],
    ['\\x (PostgreSQL hex)', '1\t\\x41\n'],
    ['\\. (PostgreSQL end of data)', '1\ta\n\\.\n'],
    ['a raw CR', '1\ta\rb\n'],
    ['a UTF-8 BOM', '\ufeff1\ta\n'],
    ['a UTF-8 BOM and no LF', '\ufeff1\ta'],
    ['a dangling backslash at the end', '1\ta\\'],
  ] as const) {
    it(`sends the member to the checks when it holds ${label}`, () => {
      assert.equal(passThrough([Buffer.from(bytes)]), undefined)
    })
  }

  it('sends the member to the checks when a UTF-8 BOM is cut across the first chunks', () => {
    const bom = Buffer.from('\ufeff1\ta\n2\tb\n')
    assert.equal(passThrough([bom.subarray(0, 1), bom.subarray(1, 2), bom.subarray(2)]), undefined)
  })

  it('sends a row still open after 1 MiB to the checks instead of rescanning it with every chunk', () => {
    const pieces = Array.from({ length: 20 }, () => Buffer.alloc(64 * 1024, 0x61))
    assert.equal(passThrough([Buffer.from('1\t'), ...pieces, Buffer.from('\n')]), undefined)
  })
})
