import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asIsCutter } from '../../src/ingest/as-is/as-is-cutter'
import { BcpRows } from '../../src/ingest/as-is/bcp-rows'
import { CopyTextRows } from '../../src/ingest/as-is/copy-text-rows'
import { CsvRows } from '../../src/ingest/as-is/csv-rows'
import { BUILTIN_FORMATS } from '../../src/schema/data-format'
import { chooseLoadPath, type LoadPathKind } from '../../src/ingest/load-path/choose-load-path'
import { asRead } from '../../src/ingest/read/member-input'
import type { TableTask } from '../../src/ingest/table-task'
import type { TargetColumn } from '../../src/schema/model'

type Column = [source: string, pg: string, modifiers?: number[], datetimePrecision?: number]

function task(columns: readonly Column[], change: Partial<TableTask> = {}): TableTask {
  const targets = columns.map(([source, pg, modifiers, datetimePrecision]): TargetColumn =>
    ({ name: source, type: { name: pg, modifiers: modifiers ?? [] }, nullable: true, source: { name: source, type: source, nullable: true, datetimePrecision } } as TargetColumn))
  return {
    url: '', dumpFile: 'shop.zip', dumpId: 7, application: 'shop', region: 'eu', members: ['t.dat'], table: 't', schema: 'public', child: 't_v1',
    columns: targets, fieldOrderFromHeader: false, format: BUILTIN_FORMATS['mysql-tab'], dialect: 'mysql', timezone: undefined, mode: 'append',
    maxRejects: 0, maxMemberBytes: Infinity, maxRecordBytes: Infinity, ...change,
  }
}

/** The rung chosen, and for a fast one the cutter the layout gets. */
function chosen(t: TableTask): { kind: LoadPathKind; cutter?: string } {
  const path = chooseLoadPath(t)
  return path.kind === 'checked' ? { kind: path.kind } : { kind: path.kind, cutter: asIsCutter(asRead(t))?.constructor.name }
}

describe('the load path is chosen once per member from the column types, the format and the dialect', () => {
  const plain: Column[] = [['int', 'integer'], ['decimal', 'numeric', [12, 2]], ['varchar', 'varchar'], ['datetime', 'timestamp'], ['date', 'date'], ['tinyint', 'boolean']]
  const csv = BUILTIN_FORMATS.csv
  const bcp = BUILTIN_FORMATS['mssql-bcp']

  it('COPY BINARY for a UTF-8 mysql-tab member of text, numbers, dates, timestamps and booleans, rows cut as COPY text', () => {
    for (const t of [task(plain), task([...plain, ['timestamp', 'timestamptz']]), task([...plain, ['bigint', 'bigint'], ['smallint', 'smallint'], ['double', 'double precision'], ['char', 'char', [3]], ['text', 'text']])]) {
      assert.deepEqual(chosen(t), { kind: 'binary', cutter: CopyTextRows.name })
    }
  })

  it('COPY BINARY for a csv member of the same columns, with any one-byte ASCII delimiter', () => {
    for (const delimiter of [',', ';', '\t', '|', '^', '\\']) {
      assert.deepEqual(chosen(task(plain, { format: { ...csv, delimiter }, dialect: 'mssql' })), { kind: 'binary', cutter: CsvRows.name }, delimiter)
    }
    assert.deepEqual(chosen(task([...plain, ['datetime2', 'timestamp', [6], 6]], { format: csv, dialect: 'mssql' })), { kind: 'binary', cutter: CsvRows.name })
  })

  it('COPY BINARY for a bcp member of the same columns: UTF-8, or UTF-16LE and windows-1252 re-encoded on the stream', () => {
    for (const format of [bcp, { ...bcp, delimiter: '|~|', encoding: 'utf16le' }, { ...bcp, nullPattern: 'NULL', encoding: 'windows-1252' }]) {
      assert.deepEqual(chosen(task(plain, { format, dialect: 'mssql' })), { kind: 'binary', cutter: BcpRows.name }, JSON.stringify(format))
    }
  })

  it('COPY text as it is when a column has an as-is check but no binary writer (real), in each layout', () => {
    for (const [format, dialect, cutter] of [[BUILTIN_FORMATS['mysql-tab'], 'mysql', CopyTextRows], [csv, 'mssql', CsvRows], [bcp, 'mssql', BcpRows]] as const) {
      const path = chooseLoadPath(task([...plain, ['float', 'real']], { format, dialect }))
      assert.equal(path.kind, 'as-is')
      assert.match(path.reason, /column float \(real\) has no COPY BINARY writer/)
      assert.equal(asIsCutter(asRead(task(plain, { format, dialect })))?.constructor.name, cutter.name)
    }
  })

  for (const [label, change, why] of [
    ['a binary column (raw bytes)', task([...plain, ['blob', 'bytea']]), /column blob \(bytea\): the file carries it as raw bytes/],
    ['a MySQL YEAR column (0000 is a zero date)', task([...plain, ['year', 'integer']]), /year 0000 is a zero date/],
    ['a type only the converter checks (time)', task([...plain, ['time', 'time']]), /column time \(time\): only the converter/],
    ['a uuid column', task([...plain, ['uniqueidentifier', 'uuid']], { format: csv, dialect: 'mssql' }), /only the converter/],
    ['numeric without precision', task([...plain, ['decimal', 'numeric']]), /only the converter/],
    ['a SQL Server datetime2 of 7 fractional digits (PostgreSQL rounds the 7th to even)', task([...plain, ['datetime2', 'timestamp', [6], 7]], { format: csv, dialect: 'mssql' }), /7 fractional digits/],
    ['a SQL Server datetimeoffset of undeclared precision (7 digits)', task([...plain, ['datetimeoffset', 'timestamptz', [6]]], { format: csv, dialect: 'mssql' }), /7 fractional digits/],
    ['timestamptz read in another zone than UTC', task([...plain, ['timestamp', 'timestamptz']], { timezone: 'Europe/Paris' }), /read in Europe\/Paris/],
    ['another encoding than UTF-8 in a format with escapes (binary columns are decoded per column)', task(plain, { format: { ...BUILTIN_FORMATS['mysql-tab'], encoding: 'windows-1252' } }), /windows-1252/],
    ['fields ordered by a header row', task(plain, { fieldOrderFromHeader: true }), /header/],
    ['a header row', task(plain, { format: { ...csv, header: true } }), /header/],
    ['csv with a NULL spelled out', task(plain, { format: { ...csv, nullPattern: 'NULL' } }), /no as-is cutter/],
    ['csv with a multi-character delimiter', task(plain, { format: { ...csv, delimiter: '|~|' } }), /no as-is cutter/],
    ['csv with a non-ASCII delimiter', task(plain, { format: { ...csv, delimiter: '§' } }), /no as-is cutter/],
    ['csv with CRLF as its only row end', task(plain, { format: { ...csv, rowTerminator: '\r\n' } }), /no as-is cutter/],
    ['csv with an escape character', task(plain, { format: { ...csv, escape: '\\' } }), /no as-is cutter/],
  ] as const) {
    it(`the checks for a member with ${label}, saying why`, () => {
      const path = chooseLoadPath(change)
      assert.equal(path.kind, 'checked')
      assert.match(path.reason, why)
    })
  }
})
