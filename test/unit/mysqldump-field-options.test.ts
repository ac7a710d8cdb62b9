import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Config } from '../../src/config/config'
import { RecordReader } from '../../src/ingest/read/record-reader'
import { readRecords } from '../support/read-records'
import { makeWorkspace, writeConfig } from '../support/workspace'

/**
 * mysqldump's field options as a user writes them in heirloom.yml (the
 * README shows the same lines): each option maps to one format key.
 */
const FORMATS_YAML = [
  'formats:',
  '  # mysqldump --tab --fields-enclosed-by=\'"\'',
  '  mysql-enclosed: { delimiter: "\\t", rowTerminator: "\\n", quote: \'"\', escape: \'\\\', nullPattern: \'\\N\' }',
  '  # mysqldump --tab --fields-optionally-enclosed-by=\'"\' --fields-terminated-by=,',
  '  mysql-csv: { delimiter: ",", rowTerminator: "\\n", quote: \'"\', escape: \'\\\', nullPattern: \'\\N\' }',
  '  # mysqldump --tab --fields-escaped-by=\'\' --fields-optionally-enclosed-by=\'"\' --fields-terminated-by=, (no escape: NULL is the bare word NULL)',
  '  mysql-csv-unescaped: { delimiter: ",", rowTerminator: "\\n", quote: \'"\', nullPattern: \'NULL\' }',
  '',
].join('\n')

/** What `mariadb-dump --tab` (MariaDB 10.11) wrote for rows (id, s varchar, n decimal) with those options. */
const WRITTEN: Readonly<Record<string, string>> = {
  'mysql-enclosed': '"1"\t"plain"\t"1.50"\n"2"\t"q\\"uo\\"\\"te"\t\\N\n"3"\t\\N\t"2.00"\n"4"\t"\\\\N"\t"3.00"\n"5"\t"NULL"\t"4.00"\n"6"\t"tab\there,comma"\t"5.00"\n"7"\t"back\\\\slash"\t"6.00"\n"8"\t""\t"7.00"\n"9"\t"line\\\nbreak"\t"8.00"\n',
  'mysql-csv': '1,"plain",1.50\n2,"q\\"uo\\"\\"te",\\N\n3,\\N,2.00\n4,"\\\\N",3.00\n5,"NULL",4.00\n6,"tab\there,comma",5.00\n7,"back\\\\slash",6.00\n8,"",7.00\n9,"line\\\nbreak",8.00\n',
  // Row 2 (`"q"uo""te"`) left out: without an escape, mysqldump writes a value holding the enclosure ambiguously.
  'mysql-csv-unescaped': '1,"plain",1.50\n3,NULL,2.00\n4,"\\N",3.00\n5,"NULL",4.00\n6,"tab\there,comma",5.00\n7,"back\\slash",6.00\n8,"",7.00\n9,"line\nbreak",8.00\n',
}

/** The values as the server holds them (and as LOAD DATA reads the files back). */
const VALUES: readonly (readonly (string | null)[])[] = [
  ['1', 'plain', '1.50'], ['2', 'q"uo""te', null], ['3', null, '2.00'], ['4', '\\N', '3.00'], ['5', 'NULL', '4.00'],
  ['6', 'tab\there,comma', '5.00'], ['7', 'back\\slash', '6.00'], ['8', '', '7.00'], ['9', 'line\nbreak', '8.00'],
]

describe('mysqldump --fields-* / --lines-terminated-by options as formats in heirloom.yml', () => {
  let ws: ReturnType<typeof makeWorkspace>
  let config: Config
  before(() => {
    ws = makeWorkspace('mysqldump-formats')
    config = writeConfig(ws.dir, FORMATS_YAML)
  })
  after(() => ws.cleanup())

  const readAll = (format: string, text: string, sizes = [text.length]): (string | null)[][] => {
    const f = config.formats[format]
    assert.ok(f !== undefined, format)
    const bytes = Buffer.from(text, 'utf8')
    const chunks: Buffer[] = []
    for (let at = 0, k = 0; at < bytes.length; k++) {
      const size = Math.max(1, sizes[k % sizes.length] ?? 1)
      chunks.push(Buffer.from(bytes.subarray(at, at + size)))
      at += size
    }
    return readRecords(new RecordReader(f, 3), chunks).map((r) => r.fields.map((v) => (v === null ? null : v.toString('utf8'))))
  }

  for (const [format, text] of Object.entries(WRITTEN)) {
    it(`${format}: reads what mariadb-dump wrote value for value, whole and cut into 1- and 3-byte chunks`, () => {
      const expected = format === 'mysql-csv-unescaped' ? VALUES.filter((v) => v[0] !== '2') : VALUES
      for (const sizes of [[text.length], [1], [3]]) assert.deepEqual(readAll(format, text, sizes), expected)
    })
  }

  it('reads a quoted \\N as NULL with an escape character, as LOAD DATA does, and as the two characters without one', () => {
    assert.deepEqual(readAll('mysql-csv', '1,"\\N",\\N\n'), [['1', null, null]])
    assert.deepEqual(readAll('mysql-csv-unescaped', '1,"\\N",\\N\n'), [['1', '\\N', '\\N']])
  })

  it('reads a doubled enclosure character inside a quoted field as one, and an escaped one as one', () => {
    assert.deepEqual(readAll('mysql-csv', '1,"a""b","a\\"b"\n'), [['1', 'a"b', 'a"b']])
  })

  it('reads the bare word NULL as NULL and the quoted "NULL" as text when the escape is none', () => {
    assert.deepEqual(readAll('mysql-csv-unescaped', '1,NULL,"NULL"\n'), [['1', null, 'NULL']])
  })

  it('reads --lines-terminated-by=\\r\\n with the rowTerminator "\\r\\n"', () => {
    const f = { ...config.formats['mysql-csv'], rowTerminator: '\r\n' }
    const records = readRecords(new RecordReader(f as NonNullable<typeof config.formats[string]>, 2), [Buffer.from('1,"a\r\nb"\r\n2,\\N\r\n')])
    assert.deepEqual(records.map((r) => r.fields.map((v) => (v === null ? null : v.toString()))), [['1', 'a\r\nb'], ['2', null]])
  })
})
