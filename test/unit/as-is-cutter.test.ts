import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asIsCutter } from '../../src/ingest/as-is/as-is-cutter'
import { BcpRows } from '../../src/ingest/as-is/bcp-rows'
import { CopyTextRows } from '../../src/ingest/as-is/copy-text-rows'
import { CsvRows } from '../../src/ingest/as-is/csv-rows'
import { BUILTIN_FORMATS } from '../../src/ingest/format/data-format'
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

describe('which members go to COPY as they are', () => {
  const plain: Column[] = [['int', 'integer'], ['decimal', 'numeric', [12, 2]], ['varchar', 'varchar'], ['datetime', 'timestamp'], ['date', 'date'], ['tinyint', 'boolean']]
  const csv = BUILTIN_FORMATS.csv

  it('a UTF-8 mysql-tab member of text, numbers, dates, timestamps and booleans, as COPY text', () => {
    for (const t of [task(plain), task([...plain, ['timestamp', 'timestamptz']])]) assert.ok(asIsCutter(t) instanceof CopyTextRows)
  })

  it('a csv member of the same columns, rewritten as COPY text, with any one-byte ASCII delimiter', () => {
    for (const delimiter of [',', ';', '\t', '|', '^', '\\']) assert.ok(asIsCutter(task(plain, { format: { ...csv, delimiter }, dialect: 'mssql' })) instanceof CsvRows, delimiter)
    assert.ok(asIsCutter(task([...plain, ['datetime2', 'timestamp', [6], 6]], { format: csv, dialect: 'mssql' })) instanceof CsvRows)
  })

  it('a bcp member of the same columns, rewritten as COPY text: UTF-8, or UTF-16LE and windows-1252 re-encoded on the stream', () => {
    const bcp = BUILTIN_FORMATS['mssql-bcp']
    for (const format of [bcp, { ...bcp, delimiter: '|~|', encoding: 'utf16le' }, { ...bcp, nullPattern: 'NULL', encoding: 'windows-1252' }]) {
      assert.ok(asIsCutter(asRead(task(plain, { format, dialect: 'mssql' }))) instanceof BcpRows, JSON.stringify(format))
    }
  })

  for (const [label, change] of [
    ['a binary column (raw bytes)', task([...plain, ['blob', 'bytea']])],
    ['a MySQL YEAR column (0000 is a zero date)', task([...plain, ['year', 'integer']])],
    ['a type only the converter checks (time)', task([...plain, ['time', 'time']])],
    ['a SQL Server datetime2 of 7 fractional digits (PostgreSQL rounds the 7th to even)', task([...plain, ['datetime2', 'timestamp', [6], 7]], { format: csv, dialect: 'mssql' })],
    ['a SQL Server datetimeoffset of undeclared precision (7 digits)', task([...plain, ['datetimeoffset', 'timestamptz', [6]]], { format: csv, dialect: 'mssql' })],
    ['timestamptz read in another zone than UTC', task([...plain, ['timestamp', 'timestamptz']], { timezone: 'Europe/Paris' })],
    ['another encoding than UTF-8 in a format with escapes (binary columns are decoded per column)', asRead(task(plain, { format: { ...BUILTIN_FORMATS['mysql-tab'], encoding: 'windows-1252' } }))],
    ['another encoding, as the task says before the stream re-encodes it', task(plain, { format: { ...BUILTIN_FORMATS['mssql-bcp'], encoding: 'utf16le' } })],
    ['fields ordered by a header row', task(plain, { fieldOrderFromHeader: true })],
    ['a header row', task(plain, { format: { ...csv, header: true } })],
    ['csv with a NULL spelled out', task(plain, { format: { ...csv, nullPattern: 'NULL' } })],
    ['csv with a multi-character delimiter', task(plain, { format: { ...csv, delimiter: '|~|' } })],
    ['csv with a non-ASCII delimiter', task(plain, { format: { ...csv, delimiter: '§' } })],
    ['csv with CRLF as its only row end', task(plain, { format: { ...csv, rowTerminator: '\r\n' } })],
    ['csv with an escape character', task(plain, { format: { ...csv, escape: '\\' } })],
  ] as const) {
    it(`not one with ${label}`, () => {
      assert.equal(asIsCutter(change), undefined)
    })
  }
})
