import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { BUILTIN_FORMATS, type DataFormat } from '../../src/schema/data-format'
import { decodeText, detectBom, encodeText } from '../../src/ingest/format/encoding'
import { RecordReader, type RawRecord } from '../../src/ingest/read/record-reader'
import { readRecords } from '../support/read-records'

const MYSQL = BUILTIN_FORMATS['mysql-tab']
const BCP = BUILTIN_FORMATS['mssql-bcp']
const CSV = BUILTIN_FORMATS.csv
/** The seed project's ezETL dumps: every value in backticks, bare NULL, a header row. */
const EZETL: DataFormat = { delimiter: '|~|', rowTerminator: '\r\n', quote: '`', nullPattern: 'NULL', encoding: 'utf8', header: true }

interface Read {
  readonly records: RawRecord[]
  readonly header: readonly string[] | undefined
}

/** Reads `input` fed in chunks of the given sizes (cycled), then ends. */
function read(format: DataFormat, input: Buffer, columnCount?: number, sizes: readonly number[] = [input.length || 1]): Read {
  const reader = new RecordReader(format, columnCount)
  const chunks: Buffer[] = []
  for (let at = 0, k = 0; at < input.length; k++) {
    const size = Math.max(1, sizes[k % sizes.length] ?? 1)
    // A copy per chunk: the reader may keep views of what it is given.
    chunks.push(Buffer.from(input.subarray(at, at + size)))
    at += size
  }
  return { records: readRecords(reader, chunks), header: reader.header }
}

interface Shown {
  readonly line: number
  readonly fields: (string | null)[]
  readonly raw: string
}

/** Records as strings in the format's encoding, for readable assertions. */
function show(records: readonly RawRecord[], encoding = 'utf8'): Shown[] {
  return records.map((r) => ({
    line: r.line,
    fields: r.fields.map((f) => (f === null ? null : decodeText(f, encoding))),
    raw: decodeText(r.raw, encoding),
  }))
}

function readText(format: DataFormat, text: string, columnCount?: number): Shown[] {
  return show(read(format, encodeText(text, format.encoding), columnCount).records, format.encoding)
}

function fieldsOf(format: DataFormat, text: string, columnCount?: number): (string | null)[][] {
  return readText(format, text, columnCount).map((r) => r.fields)
}

describe('RecordReader: mysql-tab (mysqldump --tab, LOAD DATA escapes)', () => {
  it('splits tab-separated rows and numbers their lines', () => {
    assert.deepEqual(readText(MYSQL, 'a\tb\n\tc\n', 2), [
      { line: 1, fields: ['a', 'b'], raw: 'a\tb' },
      { line: 2, fields: ['', 'c'], raw: '\tc' },
    ])
  })
  it('reads the whole field \\N as NULL, compared before unescaping', () => {
    assert.deepEqual(fieldsOf(MYSQL, '\\N\t\\\\N\tx\\N\n', 3), [[null, '\\N', 'xN']])
  })
  it('maps \\0 \\b \\n \\r \\t \\Z \\\\ to their bytes', () => {
    assert.deepEqual(fieldsOf(MYSQL, 'a\\0\\b\\n\\r\\t\\Z\\\\z\n', 1), [['a\0\b\n\r\t\x1a\\z']])
  })
  it('keeps the byte after an escape: an escaped TAB or LF ends neither field nor record', () => {
    assert.deepEqual(readText(MYSQL, 'a\\\tb\tc\\\nd\\x\nnext\tz\n', 2), [
      { line: 1, fields: ['a\tb', 'c\nd' + 'x'], raw: 'a\\\tb\tc\\\nd\\x' },
      { line: 3, fields: ['next', 'z'], raw: 'next\tz' },
    ])
  })
  it('does the same without a column count', () => {
    assert.deepEqual(fieldsOf(MYSQL, 'a\\\tb\tc\\\nd\n1\t2\t3\n'), [['a\tb', 'c\nd'], ['1', '2', '3']])
  })
  it('with a column count, an unescaped LF ends the row even before its last field (LOAD DATA): a short row does not swallow the next', () => {
    assert.deepEqual(readText(MYSQL, 'x\ny\tz\n', 2), [
      { line: 1, fields: ['x'], raw: 'x' },
      { line: 2, fields: ['y', 'z'], raw: 'y\tz' },
    ])
  })
  it('reads the issue\'s short row as a row of 2 fields and the next line as a row of its own, at every split point', () => {
    const input = Buffer.from('1\tok\t1.00\t2025-01-01\n3\ttoo few\n4\tok2\t2.00\t2025-01-02\n')
    const expected = [
      { line: 1, fields: ['1', 'ok', '1.00', '2025-01-01'], raw: '1\tok\t1.00\t2025-01-01' },
      { line: 2, fields: ['3', 'too few'], raw: '3\ttoo few' },
      { line: 3, fields: ['4', 'ok2', '2.00', '2025-01-02'], raw: '4\tok2\t2.00\t2025-01-02' },
    ]
    for (let size = 1; size <= input.length; size++) assert.deepEqual(show(read(MYSQL, input, 4, [size]).records), expected, `chunks of ${size}`)
  })
  it('reads a row with too many fields as that line alone, and a short last line without LF as a row', () => {
    assert.deepEqual(readText(MYSQL, '1\ta\tb\tc\te\n2\ta\tb\tc\n3\tshort', 4), [
      { line: 1, fields: ['1', 'a', 'b', 'c', 'e'], raw: '1\ta\tb\tc\te' },
      { line: 2, fields: ['2', 'a', 'b', 'c'], raw: '2\ta\tb\tc' },
      { line: 3, fields: ['3', 'short'], raw: '3\tshort' },
    ])
  })
  it('keeps an escaped LF inside a non-last field as data, and a NULL or empty field before an early row end', () => {
    assert.deepEqual(fieldsOf(MYSQL, 'a\\\nb\t\\N\n\t\n1\t2\t3\n', 3), [['a\nb', null], ['', ''], ['1', '2', '3']])
  })
  it('without a column count, a raw LF ends the record', () => {
    assert.deepEqual(fieldsOf(MYSQL, 'x\ny\tz\n'), [['x'], ['y', 'z']])
  })
  it('returns extra fields when the last one holds a delimiter, so the caller rejects the row', () => {
    assert.deepEqual(fieldsOf(MYSQL, 'a\tb\tc\n1\t2\n', 2), [['a', 'b', 'c'], ['1', '2']])
  })
  it('returns a short record at end of input with fewer fields', () => {
    assert.deepEqual(fieldsOf(MYSQL, '1\t2\t3\n4\t5', 3), [['1', '2', '3'], ['4', '5']])
    assert.deepEqual(fieldsOf(MYSQL, '1\t2\t3\n4\t5\n', 3), [['1', '2', '3'], ['4', '5']])
  })
  it('passes BLOB bytes through untouched, invalid UTF-8 included', () => {
    const input = Buffer.from([0x31, 0x09, 0xff, 0xfe, 0x5c, 0x30, 0xc3, 0x5c, 0x09, 0x80, 0x0a])
    const { records } = read(MYSQL, input, 2)
    assert.deepEqual(records[0]?.fields, [Buffer.from('1'), Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x09, 0x80])])
  })
  it('keeps a dangling escape at the very end of the file', () => {
    assert.deepEqual(fieldsOf(MYSQL, 'a\tb\\', 2), [['a', 'b\\']])
  })
})

describe('RecordReader: wide records', () => {
  // The record view's field arrays start at 16 entries and double: fields 17 and 33 are the first of a larger array.
  it('reads NULL as NULL in every field of the first wide record, fields 17 and 33 included', () => {
    const n = 70
    for (const [label, format, nul] of [['mysql-tab', MYSQL, '\\N'], ['mssql-bcp', BCP, ''], ['csv', CSV, '']] as const) {
      const row = Array.from({ length: n }, () => nul).join(format.delimiter)
      const terminator = format.rowTerminator
      const records = read(format, Buffer.from(`${row}${terminator}${row}${terminator}`), n).records
      assert.deepEqual(records.map((r) => r.fields), [Array(n).fill(null), Array(n).fill(null)], label)
    }
  })
})

describe('RecordReader: mssql-bcp (bcp -c)', () => {
  it('reads CRLF rows, an empty field as NULL and a lone NUL as the empty string', () => {
    const { records } = read(BCP, Buffer.from('1\t\t\0\r\n', 'utf8'), 3)
    assert.deepEqual(records[0]?.fields, [Buffer.from('1'), null, Buffer.alloc(0)])
  })
  it('keeps raw CRLF inside non-last fields (XML, comments) and numbers physical lines', () => {
    assert.deepEqual(readText(BCP, '1\t<a>\r\n</a>\tx\r\n2\t\ty\r\n', 3), [
      { line: 1, fields: ['1', '<a>\r\n</a>', 'x'], raw: '1\t<a>\r\n</a>\tx' },
      { line: 3, fields: ['2', null, 'y'], raw: '2\t\ty' },
    ])
  })
  it('without a column count, ends a record at the first CRLF', () => {
    assert.deepEqual(fieldsOf(BCP, '1\t<a>\r\n</a>\tx\r\n'), [['1', '<a>'], ['</a>', 'x']])
  })
  it('keeps a lone LF or CR in the last field', () => {
    assert.deepEqual(fieldsOf(BCP, '1\ta\nb\rc\r\r\n', 2), [['1', 'a\nb\rc\r']])
  })
  it('reads windows-1252 bytes, matching a non-ASCII delimiter', () => {
    const format: DataFormat = { ...BCP, delimiter: '€', encoding: 'windows-1252' }
    const input = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x80, 0x93, 0x9f, 0x0d, 0x0a])
    const { records } = read(format, input, 2)
    assert.deepEqual(records[0]?.fields, [Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from([0x93, 0x9f])])
    assert.deepEqual(show(records, 'windows-1252')[0]?.fields, ['café', '\u201cŸ'])
  })
  it('reads utf16le with a BOM, matching only at even offsets', () => {
    const format: DataFormat = { ...BCP, encoding: 'utf16le' }
    // U+0900 U+4E00 are the bytes 00 09 00 4E: a TAB (09 00) at an odd offset that is not a delimiter.
    const text = 'ऀ一\t😀\r\nx\r\n\t\0\r\n'
    const input = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    assert.deepEqual(show(read(format, input, 2).records, 'utf16le'), [
      { line: 1, fields: ['ऀ一', '😀'], raw: 'ऀ一\t😀' },
      { line: 2, fields: ['x\r\n', ''], raw: 'x\r\n\t\0' },
    ])
  })
  it('counts UTF-16 LF code units only, not 0A bytes at odd offsets', () => {
    const format: DataFormat = { ...BCP, encoding: 'utf16le' }
    // U+0A00 U+4E00 are 00 0A 00 4E: no line feed.
    const records = show(read(format, Buffer.from('਀一\tb\r\nc\td\r\n', 'utf16le'), 2).records, 'utf16le')
    assert.deepEqual(records.map((r) => r.line), [1, 2])
  })
})

describe('RecordReader: csv (RFC 4180)', () => {
  it('reads quoted fields holding delimiters, newlines and doubled quotes', () => {
    assert.deepEqual(readText(CSV, 'a,"b,""c""\nd",e\nf,g,h\n'), [
      { line: 1, fields: ['a', 'b,"c"\nd', 'e'], raw: 'a,"b,""c""\nd",e' },
      { line: 3, fields: ['f', 'g', 'h'], raw: 'f,g,h' },
    ])
  })
  it('reads a quoted empty field as the empty string and an unquoted one as NULL', () => {
    assert.deepEqual(fieldsOf(CSV, '"",,""\n'), [['', null, '']])
  })
  it('accepts CRLF rows when the terminator is LF, keeping a CR inside quotes', () => {
    assert.deepEqual(readText(CSV, 'a,b\r\n"c\r",d\r\ne,f\n'), [
      { line: 1, fields: ['a', 'b'], raw: 'a,b' },
      { line: 2, fields: ['c\r', 'd'], raw: '"c\r",d' },
      { line: 3, fields: ['e', 'f'], raw: 'e,f' },
    ])
  })
  it('treats a quote inside an unquoted field as data', () => {
    assert.deepEqual(fieldsOf(CSV, 'a"b,c""\n'), [['a"b', 'c""']])
  })
  it('keeps text after a closing quote rather than losing it', () => {
    assert.deepEqual(fieldsOf(CSV, '"ab"c,d\n'), [['abc', 'd']])
  })
  it('returns the last record without a terminator, and no record for a final empty line', () => {
    assert.deepEqual(fieldsOf(CSV, 'a\nb'), [['a'], ['b']])
    assert.deepEqual(fieldsOf(CSV, 'a\nb\n'), [['a'], ['b']])
    assert.deepEqual(fieldsOf(CSV, ''), [])
  })
  it('returns an unterminated quoted field at end of input as it stands', () => {
    assert.deepEqual(fieldsOf(CSV, 'x,"ab\ncd'), [['x', 'ab\ncd']])
  })
  it('reads a header row, not returned as a record, and numbers lines after it', () => {
    const { records, header } = read({ ...CSV, header: true }, Buffer.from('id,"na,me"\n1,x\n'))
    assert.deepEqual(header, ['id', 'na,me'])
    assert.deepEqual(show(records), [{ line: 2, fields: ['1', 'x'], raw: '1,x' }])
  })
  it('with an escape too (LOAD DATA ENCLOSED BY + ESCAPED BY), honours escapes inside and outside quotes', () => {
    const format: DataFormat = { ...CSV, escape: '\\', nullPattern: '\\N' }
    // A quoted "\N" is NULL too: MariaDB 10.11's LOAD DATA … ENCLOSED BY '"' ESCAPED BY '\' reads it so.
    assert.deepEqual(fieldsOf(format, '"a\\"b""c\\n",d\\,e,\\N,"\\N"\n'), [['a"b"c\n', 'd,e', null, null]])
  })
  it('ignores the column count: quotes decide where a record ends', () => {
    assert.deepEqual(fieldsOf(CSV, 'a\nb,c\n', 2), [['a'], ['b', 'c']])
  })
})

describe('RecordReader: ezETL format (|~| delimiter, CRLF, backtick quotes, NULL, header)', () => {
  const text = '`user_id`|~|`name`|~|`created`\r\n'
    + '`1`|~|`Ann|~|Bob`|~|`Dec 22 2000 11:04PM`\r\n'
    + '`2`|~|NULL|~|`NULL`\r\n'
    + '`3`|~|`it``s\r\nmultiline`|~|``\r\n'
  it('reads the header and every record', () => {
    const { records, header } = read(EZETL, Buffer.from(text))
    assert.deepEqual(header, ['user_id', 'name', 'created'])
    assert.deepEqual(show(records), [
      { line: 2, fields: ['1', 'Ann|~|Bob', 'Dec 22 2000 11:04PM'], raw: '`1`|~|`Ann|~|Bob`|~|`Dec 22 2000 11:04PM`' },
      { line: 3, fields: ['2', null, 'NULL'], raw: '`2`|~|NULL|~|`NULL`' },
      { line: 4, fields: ['3', 'it`s\r\nmultiline', ''], raw: '`3`|~|`it``s\r\nmultiline`|~|``' },
    ])
  })
  it('reads the same at every chunk size', () => {
    const input = Buffer.from(text)
    const whole = read(EZETL, input).records
    for (let size = 1; size <= 8; size++) assert.deepEqual(read(EZETL, input, undefined, [size]).records, whole)
  })
})

describe('RecordReader: header and BOM', () => {
  it('takes the column count from the header row for column-by-column reading', () => {
    const { records, header } = read({ ...BCP, header: true }, Buffer.from('a\tb\r\n1\r\n2\tx\r\n'))
    assert.deepEqual(header, ['a', 'b'])
    assert.deepEqual(show(records), [{ line: 2, fields: ['1\r\n2', 'x'], raw: '1\r\n2\tx' }])
  })
  it('skips a UTF-8 BOM, even when it arrives byte by byte', () => {
    const input = Buffer.from('\ufeffa\tb\n', 'utf8')
    for (const sizes of [[input.length], [1], [2, 1], [1, 2]]) {
      assert.deepEqual(show(read(MYSQL, input, 2, sizes).records), [{ line: 1, fields: ['a', 'b'], raw: 'a\tb' }])
    }
  })
  it('keeps bytes that only look like the start of a BOM', () => {
    assert.deepEqual(read(MYSQL, Buffer.from([0xef, 0xbb]), 1).records[0]?.fields, [Buffer.from([0xef, 0xbb])])
    assert.deepEqual(read(MYSQL, Buffer.from([0xef, 0xbb, 0xbf]), 1).records, [])
  })
  it('decodes Node and WHATWG labels alike, windows-1252 by its own table, strictly when asked', () => {
    assert.equal(decodeText(Buffer.from('a€', 'utf16le'), 'utf16le'), 'a€')
    assert.equal(decodeText(Buffer.from([0x80, 0x93, 0x9f, 0xe9, 0x81]), 'windows-1252'), '€“Ÿé\x81')
    assert.equal(decodeText(Buffer.from([0x80]), 'latin1'), '€')
    assert.equal(decodeText(Buffer.from([0xff]), 'utf8'), '\ufffd')
    assert.throws(() => decodeText(Buffer.from([0xff]), 'utf8', true), TypeError)
    assert.throws(() => new RecordReader({ ...CSV, encoding: 'no-such-encoding' }), { code: 'CONFIG_INVALID' })
    assert.throws(() => new RecordReader({ ...CSV, delimiter: '' }), { code: 'CONFIG_INVALID' })
    assert.throws(() => new RecordReader({ ...CSV, delimiter: '😀', encoding: 'windows-1252' }), { code: 'CONFIG_INVALID' })
  })
  it('detects which BOM a file starts with', () => {
    assert.deepEqual(detectBom(Buffer.from([0xff, 0xfe, 0x41, 0])), { encoding: 'utf16le', length: 2 })
    assert.deepEqual(detectBom(Buffer.from([0xef, 0xbb, 0xbf])), { encoding: 'utf8', length: 3 })
    assert.equal(detectBom(Buffer.from('abc')), undefined)
  })
})

describe('RecordReader: chunk boundaries', () => {
  it('reads a record spanning many chunks (a large BLOB or quoted text) whole', () => {
    // 9 bytes a unit: an escaped TAB and an escaped LF for mysql-tab, a doubled quote for csv.
    const unit = 'ab\\\t,""\\\n'
    const big = Buffer.from(unit.repeat(350_000))
    const mysql = read(MYSQL, Buffer.concat([Buffer.from('1\t'), big, Buffer.from('\n2\tx\n')]), 2, [4096])
    assert.deepEqual(mysql.records.map((r) => r.fields.length), [2, 2])
    assert.deepEqual(mysql.records[0]?.fields[1], Buffer.from('ab\t,""\n'.repeat(350_000)))
    const csv = read(CSV, Buffer.concat([Buffer.from('1,"'), big, Buffer.from('"\n2,x\n')]), undefined, [4096])
    assert.deepEqual(csv.records.map((r) => r.fields.length), [2, 2])
    assert.deepEqual(csv.records[0]?.fields[1], Buffer.from(unit.replaceAll('""', '"').repeat(350_000)))
  })

  const cases: readonly { readonly name: string; readonly format: DataFormat; readonly input: Buffer; readonly n?: number }[] = [
    { name: 'mysql-tab', format: MYSQL, input: Buffer.from('\ufeffa\\\tb\t\\N\tc\\\\\nd\ne\\0\t\\\n\t😀\nlast\t\\', 'utf8'), n: 3 },
    { name: 'mysql-tab unsplit', format: MYSQL, input: Buffer.from('a\\\tb\t\\N\nc\\\\\nd\te\\', 'utf8') },
    { name: 'mssql-bcp', format: BCP, input: Buffer.from('1\t<a>\r\n</a>\t\0\r\n2\t\t\r\r\n3\t€\t', 'utf8'), n: 3 },
    { name: 'csv', format: CSV, input: Buffer.from('a,"b,""\r\n""",\r\n"","x\r"\nl"ast,"\n', 'utf8') },
    { name: 'csv with escape', format: { ...CSV, escape: '\\' }, input: Buffer.from('"a\\"b""\\\n",c\\,d\\\n\r\n"x\\', 'utf8') },
    { name: 'ezETL', format: EZETL, input: Buffer.from('`a`|~|`b`\r\n`1|~|`|~|NULL\r\n`x``y`|~|``\r\n|~|', 'utf8') },
    { name: 'utf16le multi-char', format: { ...EZETL, encoding: 'utf16le' }, input: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('`a`|~|`ऀ一`\r\n`𝄞`|~|NULL\r\n`x``\r\n`|~|`', 'utf16le')]) },
  ]
  for (const c of cases) {
    it(`${c.name}: every split point and byte-by-byte give the same records`, () => {
      const bytes = (records: readonly RawRecord[]): unknown => records.map((r) => ({ line: r.line, fields: r.fields, raw: r.raw }))
      const whole = bytes(read(c.format, c.input, c.n).records)
      assert.ok(Array.isArray(whole) && whole.length > 0)
      for (let at = 1; at < c.input.length; at++) {
        assert.deepEqual(bytes(read(c.format, c.input, c.n, [at, c.input.length]).records), whole, `split at ${at}`)
      }
      assert.deepEqual(bytes(read(c.format, c.input, c.n, [1]).records), whole, 'byte by byte')
      assert.deepEqual(bytes(read(c.format, c.input, c.n, [3, 1, 2]).records), whole, 'mixed sizes')
    })
  }
})

// ---------------------------------------------------------------------------
// Property: records written by a small encoder that follows each format's
// rules, fed in random chunk sizes, read back equal (values and line numbers).

type Value = Buffer | null

interface Encoded {
  readonly bytes: Buffer
  /** Expected physical line of each record. */
  readonly lines: number[]
}

/** Joins encoded rows, computing each row's line from the LF code units before it. */
function joinRows(rows: readonly Buffer[], lf: Buffer, unit: 1 | 2, head: Buffer = Buffer.alloc(0)): Encoded {
  const lines: number[] = []
  let line = 1 + countUnits(head, lf, unit)
  for (const row of rows) {
    lines.push(line)
    line += countUnits(row, lf, unit)
  }
  return { bytes: Buffer.concat([head, ...rows]), lines }
}

function countUnits(buf: Buffer, pattern: Buffer, unit: 1 | 2): number {
  let n = 0
  for (let i = 0; i + pattern.length <= buf.length; i += unit) if (buf.subarray(i, i + pattern.length).equals(pattern)) n++
  return n
}

const SPECIALS = ['\t', '\n', '\r', '\r\n', '\0', '\\', '\\N', 'N', '"', ',', '`', '``', '|~|', '|', '~', 'NULL', '\x1a', '\b', ' ', 'é', '€', '😀', '𝄞', 'ऀ', '਀']
const anyText = fc.string({ unit: fc.oneof(fc.constantFrom(...SPECIALS), fc.string({ unit: 'binary', maxLength: 2 })), maxLength: 8 })
const cp1252Text = fc.string({ unit: fc.constantFrom('\t', '\n', '\r', '\0', 'a', 'é', '€', 'Ÿ', '‰', ' '), maxLength: 8 })
const chunkSizes = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 })

/** MySQL --tab: `\N` for NULL; backslash, TAB, LF, NUL escaped (or, in `alt` style, backslash + the raw byte). */
function mysqlField(v: Value, alt: boolean): Buffer {
  if (v === null) return Buffer.from('\\N')
  const out: number[] = []
  for (const b of v) {
    if (b === 0x5c) out.push(0x5c, 0x5c)
    else if (b === 0x09) out.push(0x5c, alt ? 0x09 : 0x74)
    else if (b === 0x0a) out.push(0x5c, alt ? 0x0a : 0x6e)
    else if (b === 0x00) out.push(...(alt ? [0x5c, 0x00] : [0x5c, 0x30]))
    else if (b === 0x0d && !alt) out.push(0x5c, 0x72)
    else if (b === 0x1a && alt) out.push(0x5c, 0x5a)
    else if (b === 0x08 && alt) out.push(0x5c, 0x62)
    else out.push(b)
  }
  return Buffer.from(out)
}

function assertReadsBack(format: DataFormat, enc: Encoded, expected: readonly Value[][], sizes: readonly number[], n?: number): void {
  const records = read(format, enc.bytes, n, sizes).records
  assert.deepEqual(records.map((r) => r.fields), expected)
  assert.deepEqual(records.map((r) => r.line), enc.lines)
}

describe('RecordReader: properties', () => {
  const lf1 = Buffer.from('\n')

  it('mysql-tab: any bytes, escaped either way, read back with and without a column count', () => {
    const value: fc.Arbitrary<Value> = fc.oneof(
      fc.constant(null),
      anyText.map((s) => Buffer.from(s, 'utf8')),
      fc.uint8Array({ maxLength: 8 }).map((a) => Buffer.from(a)),
    )
    fc.assert(fc.property(fc.array(fc.tuple(fc.array(value, { minLength: 3, maxLength: 3 }), fc.boolean()), { maxLength: 6 }), chunkSizes, (rows, sizes) => {
      const enc = joinRows(rows.map(([fields, alt]) => Buffer.concat([...fields.flatMap((f, i) => (i === 0 ? [mysqlField(f, alt)] : [Buffer.from('\t'), mysqlField(f, alt)])), lf1])), lf1, 1)
      const expected = rows.map(([fields]) => fields)
      assertReadsBack(MYSQL, enc, expected, sizes, 3)
      assertReadsBack(MYSQL, enc, expected, sizes)
    }))
  })

  for (const encoding of ['utf8', 'utf16le', 'windows-1252']) {
    it(`mssql-bcp in ${encoding}: NULL, empty, raw CR/LF in non-last fields read back`, () => {
      const format: DataFormat = { ...BCP, encoding }
      const text = (encoding === 'windows-1252' ? cp1252Text : anyText).map((s) => s.replaceAll('\t', ' '))
      const cell = (last: boolean): fc.Arbitrary<string | null> =>
        fc.oneof(fc.constant(null), last ? text.map((s) => s.replace(/\r+\n/g, '\n')) : text).filter((s) => s !== '\0')
      const row = fc.tuple(cell(false), cell(false), cell(true))
      fc.assert(fc.property(fc.array(row, { maxLength: 6 }), chunkSizes, fc.boolean(), (rows, sizes, bom) => {
        const bcpText = (v: string | null): string => (v === null ? '' : v === '' ? '\0' : v)
        const encoded = rows.map((r) => encodeText(r.map(bcpText).join('\t') + '\r\n', encoding))
        const head = bom && encoding !== 'windows-1252' ? encodeText('\ufeff', encoding) : Buffer.alloc(0)
        const enc = joinRows(encoded, encodeText('\n', encoding), encoding === 'utf16le' ? 2 : 1, head)
        const expected = rows.map((r) => r.map((v) => (v === null ? null : encodeText(v, encoding))))
        // The BOM is not a line: joinRows counted no LF in it, and the reader skips it.
        assertReadsBack(format, enc, expected, sizes, 3)
      }))
    })
  }

  for (const encoding of ['utf8', 'utf16le']) {
    it(`csv in ${encoding}: quoted, doubled quotes, LF or CRLF rows read back`, () => {
      const format: DataFormat = { ...CSV, encoding }
      const cell = fc.tuple(fc.oneof(fc.constant(null), anyText), fc.boolean())
      const row = fc.tuple(fc.array(cell, { minLength: 1, maxLength: 4 }), fc.boolean())
      fc.assert(fc.property(fc.array(row, { maxLength: 6 }), chunkSizes, (rows, sizes) => {
        const csvText = ([v, quoteAnyway]: readonly [string | null, boolean]): string =>
          v === null ? '' : quoteAnyway || v === '' || /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v
        const encoded = rows.map(([cells, crlf]) => encodeText(cells.map(csvText).join(',') + (crlf ? '\r\n' : '\n'), encoding))
        const enc = joinRows(encoded, encodeText('\n', encoding), encoding === 'utf16le' ? 2 : 1)
        const expected = rows.map(([cells]) => cells.map(([v]) => (v === null ? null : encodeText(v, encoding))))
        assertReadsBack(format, enc, expected, sizes)
      }))
    })
  }

  it('ezETL: backtick-quoted values, bare NULL and the header read back', () => {
    const row = fc.array(fc.oneof(fc.constant(null), anyText), { minLength: 2, maxLength: 2 })
    fc.assert(fc.property(fc.array(row, { maxLength: 6 }), chunkSizes, (rows, sizes) => {
      const ez = (v: string | null): string => (v === null ? 'NULL' : `\`${v.replaceAll('`', '``')}\``)
      const head = Buffer.from('`id`|~|`na|~|me`\r\n')
      const enc = joinRows(rows.map((r) => Buffer.from(r.map(ez).join('|~|') + '\r\n')), lf1, 1, head)
      const { records, header } = read(EZETL, enc.bytes, undefined, sizes)
      assert.deepEqual(header, ['id', 'na|~|me'])
      assert.deepEqual(records.map((r) => r.fields), rows.map((r) => r.map((v) => (v === null ? null : Buffer.from(v)))))
      assert.deepEqual(records.map((r) => r.line), enc.lines)
    }))
  })
})
