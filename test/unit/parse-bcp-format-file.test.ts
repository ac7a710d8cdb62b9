import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BUILTIN_FORMATS } from '../../src/schema/data-format'
import { formatWithLayout, parseBcpNonXmlFormat, parseBcpXmlFormat, unescapeTerminator } from '../../src/dump/parse-bcp-format-file'

const where = { dump: 'd.zip', member: 'T.xml' }
const XSI = 'xmlns="http://schemas.microsoft.com/sqlserver/2004/bulkload/format" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'

function xmlOf(columns: readonly string[]): string {
  const fields = columns.map((_, i) => `<FIELD ID="${i + 1}" xsi:type="CharTerm" TERMINATOR="${i === columns.length - 1 ? '\\r\\n' : '\\t'}" MAX_LENGTH="30"/>`).join('')
  return `<?xml version="1.0"?><BCPFORMAT ${XSI}><RECORD>${fields}</RECORD><ROW>${columns.map((c, i) => `<COLUMN SOURCE="${i + 1}" NAME="c${i + 1}" ${c}/>`).join('')}</ROW></BCPFORMAT>`
}

function problemOf(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
  return 'no error'
}

describe('bcp format files', () => {
  it('maps bcp\'s xsi:type SQL types to SQL Server types with their details', () => {
    const { schema } = parseBcpXmlFormat(xmlOf([
      'xsi:type="SQLBIT"', 'xsi:type="SQLMONEY"', 'xsi:type="SQLFLT8"', 'xsi:type="SQLTIME" SCALE="3"', 'xsi:type="SQLDATETIMEOFFSET" SCALE="7"',
      'xsi:type="SQLCHAR" LENGTH="10"', 'xsi:type="SQLNUMERIC" PRECISION="5" SCALE="1"', 'xsi:type="SQLXML"', 'xsi:type="SQLDATE" NULLABLE="NO"',
    ]), where)
    assert.deepEqual(schema.columns.map(({ name, ...rest }) => rest), [
      { type: 'bit', nullable: true }, { type: 'money', nullable: true }, { type: 'float', nullable: true },
      { type: 'time', datetimePrecision: 3, nullable: true }, { type: 'datetimeoffset', datetimePrecision: 7, nullable: true },
      { type: 'char', length: 10, nullable: true }, { type: 'numeric', precision: 5, scale: 1, nullable: true }, { type: 'xml', nullable: true },
      { type: 'date', nullable: false },
    ])
    assert.equal(schema.name, 'T')
  })

  it('reads NCharTerm fields (bcp -w) as UTF-16LE, CharTerm as the dump\'s encoding', () => {
    assert.equal(parseBcpXmlFormat(xmlOf(['xsi:type="SQLINT"']).replace('CharTerm', 'NCharTerm'), where).layout.encoding, 'utf16le')
    assert.equal(parseBcpXmlFormat(xmlOf(['xsi:type="SQLINT"']), where).layout.encoding, undefined)
  })

  it('unescapes terminators as bcp writes them', () => {
    assert.equal(unescapeTerminator('\\t'), '\t')
    assert.equal(unescapeTerminator('\\r\\n'), '\r\n')
    assert.equal(unescapeTerminator('|\\0|'), '|\0|')
    assert.equal(unescapeTerminator('\\\\'), '\\')
    assert.equal(unescapeTerminator(',\\q'), ',\\q')
  })

  it('keeps one delimiter when fields share it, so the as-is path still takes the member', () => {
    const format = formatWithLayout(BUILTIN_FORMATS['mssql-bcp'], { terminators: [',', ',', '\n'], encoding: undefined, skipped: [] })
    assert.deepEqual([format.delimiter, format.rowTerminator, format.fieldTerminators], [',', '\n', undefined])
    const mixed = formatWithLayout(BUILTIN_FORMATS['mssql-bcp'], { terminators: [',', '|', '\n'], encoding: 'utf16le', skipped: [1] })
    assert.deepEqual([mixed.fieldTerminators, mixed.encoding, mixed.skipFields], [[',', '|'], 'utf16le', [1]])
  })

  it('names the member and the problem: not XML, no BCPFORMAT, an unknown type, a field without a terminator, a SOURCE no field has', () => {
    assert.match(problemOf(() => parseBcpXmlFormat('<BCPFORMAT><RECORD>', where)), /^d\.zip: T\.xml: is not well-formed XML/)
    assert.match(problemOf(() => parseBcpXmlFormat('<other/>', where)), /is no bcp XML format file/)
    assert.match(problemOf(() => parseBcpXmlFormat(xmlOf(['xsi:type="SQLNOPE"']), where)), /column "c1" has the unknown xsi:type "SQLNOPE"/)
    const native = xmlOf(['xsi:type="SQLINT"']).replace(' TERMINATOR="\\r\\n"', '')
    assert.match(problemOf(() => parseBcpXmlFormat(native, where)), /field 1 has no TERMINATOR/)
    assert.match(problemOf(() => parseBcpXmlFormat(xmlOf(['xsi:type="SQLINT"']).replace('SOURCE="1"', 'SOURCE="7"'), where)), /column "c1" has SOURCE 7, which is no FIELD ID/)
  })

  it('names a non-XML format file whose field count or field line does not read', () => {
    const table = { name: 'T', columns: [{ name: 'a', type: 'int', nullable: true }], primaryKey: [], fieldOrderFromHeader: false }
    const fmt = { ...where, member: 'T.fmt' }
    assert.match(problemOf(() => parseBcpNonXmlFormat('14.0\n2\n1 SQLCHAR 0 12 "\\r\\n" 1 a ""\n', fmt, table)), /^d\.zip: T\.fmt: is no bcp format file/)
    assert.match(problemOf(() => parseBcpNonXmlFormat('14.0\n1\n1 SQLCHAR 0 12 \\r\\n 1 a ""\n', fmt, table)), /line 3 is not a field line/)
  })
})
