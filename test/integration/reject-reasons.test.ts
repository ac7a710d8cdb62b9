import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { run as runPipeline, type RunReport } from '../../src/use-cases/run'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'
import { makeZip } from '../support/make-zip'

/*
 * One table per reject reason, all in one dump loaded once. Each test checks
 * the heirloom.rejects rows of its member (physical line, raw text, reason),
 * the good rows loaded, and rows in file = rows loaded + rows rejected.
 * Reasons already covered by rejects.test.ts (a too-long varchar, a non-integer,
 * NULL in NOT NULL, smallint out of range) are covered here again in more forms.
 */

interface Column { readonly name: string; readonly type: string; readonly nullable?: boolean }

/** A table: its columns (Id first) and its data file's bytes. */
interface Fixture { readonly columns: readonly Column[]; readonly data: Buffer; readonly ext?: 'csv' }

const id: Column = { name: 'Id', type: 'int', nullable: false }
/** bcp -c rows: TAB between fields, CRLF after each row. */
const bcp = (rows: readonly string[]): Buffer => Buffer.from(rows.map((r) => `${r}\r\n`).join(''), 'utf8')
const csv = (rows: readonly string[]): Buffer => Buffer.from(rows.map((r) => `${r}\n`).join(''), 'utf8')

const FIXTURES: Readonly<Record<string, Fixture>> = {
  BadNumber: { columns: [id, { name: 'Price', type: 'decimal(10,2)' }, { name: 'Ratio', type: 'float' }], data: bcp(['1\t10.50\t0.5', '2\tabc\t1', '3\t1.2.3\t1', '4\t-0.5\t1e-3', '5\t1\tone']) },
  BadDate: {
    columns: [id, { name: 'At', type: 'datetime' }],
    data: bcp(['1\t2024-02-29 10:00:00.000', '2\t2024-02-30 10:00:00.000', '3\tyesterday', '4\t2023-13-01 00:00:00.000', '5\t2024-01-01 24:00:00.000']),
  },
  BadBoolean: { columns: [id, { name: 'Flag', type: 'bit' }], data: bcp(['1\t1', '2\t2', '3\tmaybe', '4\t0']) },
  BadUuid: {
    columns: [id, { name: 'Ref', type: 'uniqueidentifier' }],
    data: bcp(['1\t6F9619FF-8B86-D011-B42D-00C04FC964FF', '2\tnot-a-uuid', '3\t6F9619FF-8B86-D011-B42D-00C04FC964F', '4\t{6F9619FF-8B86-D011-B42D-00C04FC964FF}']),
  },
  TooLong: { columns: [id, { name: 'Code', type: 'nvarchar(3)' }], data: bcp(['1\tab😀', '2\tabcd', '3\t😀😀😀😀', '4\tabc   ']) },
  NotNull: { columns: [id, { name: 'Qty', type: 'int', nullable: false }], data: bcp(['1\t5', '2\t', '\t7']) },
  FewFields: { columns: [id, { name: 'Name', type: 'nvarchar(10)' }, { name: 'Qty', type: 'int' }], data: csv(['1,a,1', '2,b', '3,c,3']), ext: 'csv' },
  // bcp reads column by column: only the file's last row can come up short without swallowing the next.
  FewFieldsBcp: { columns: [id, { name: 'Name', type: 'nvarchar(10)' }, { name: 'Qty', type: 'int' }], data: Buffer.from('1\ta\t1\r\n2\tb', 'utf8') },
  ManyFields: { columns: [id, { name: 'Name', type: 'nvarchar(10)' }, { name: 'Qty', type: 'int' }], data: csv(['1,a,1', '2,b,2,extra', '3,"c,d",3']), ext: 'csv' },
  ManyFieldsBcp: { columns: [id, { name: 'Name', type: 'nvarchar(10)' }, { name: 'Qty', type: 'int' }], data: bcp(['1\ta\t1', '2\tb\t2\textra', '3\tc\t3']) },
  BadUtf8: {
    columns: [id, { name: 'Name', type: 'nvarchar(20)' }],
    data: Buffer.concat([Buffer.from('1\tok\r\n2\tbad'), Buffer.from([0xc3, 0x28]), Buffer.from('x\r\n3\t'), Buffer.from([0xe2, 0x82]), Buffer.from('\r\n4\tfine\r\n')]),
  },
  // The first row spans two physical lines (raw CRLF inside a non-last column): the bad row is on line 3.
  NulInText: { columns: [id, { name: 'Note', type: 'nvarchar(max)' }, { name: 'Tail', type: 'nvarchar(5)' }], data: bcp(['1\tline\r\nbreak\tok', '2\ta\0b\tok', '3\t\0\tok']) },
  OutOfRange: {
    columns: [id, { name: 'I', type: 'int' }, { name: 'D', type: 'decimal(5,2)' }, { name: 'F', type: 'float' }, { name: 'S', type: 'smallint' }, { name: 'B', type: 'bigint' }],
    data: bcp(['1\t2147483647\t999.99\t1e308\t-32768\t-9223372036854775808', '2\t2147483648\t\t\t\t', '3\t\t1000.00\t\t\t', '4\t\t999.995\t\t\t', '5\t\t\t1e309\t\t', '6\t\t\t\t32768\t', '7\t\t\t\t\t9223372036854775808']),
  },
}

interface RejectRow { readonly line: number; readonly raw: string; readonly reason: string }

describe('each reject reason is recorded with its line, raw text and reason, and the good rows load', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  let report: RunReport

  before(async () => {
    db = await createTestDatabase()
    ws = makeWorkspace('reject-reasons')
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    const members: Record<string, Buffer | string> = {
      'manifest.json': JSON.stringify({ application: 'rej', version: '1', region: 'eu', dialect: 'mssql', format: 'mssql-bcp', tableFormats: { FewFields: 'csv', ManyFields: 'csv' } }),
    }
    for (const [table, f] of Object.entries(FIXTURES)) {
      members[`${table}.json`] = JSON.stringify({ table, columns: f.columns })
      members[`${table}.dat`] = f.data
    }
    await makeZip(path.join(ws.dir, 'dumps', 'rej_eu_v1.zip'), members)
    report = await runPipeline(writeConfig(ws.dir, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { workers: 2 }\n`))
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  /** The member's rejects, checked against `expected`, its good rows' ids, and its counts. */
  async function check(table: string, expected: readonly { line: number; raw: string; reason: RegExp }[], loadedIds: readonly number[]): Promise<RejectRow[]> {
    assert.equal(report.ok, true, JSON.stringify(report.ingest, null, 2))
    const rejects = (await db.query<{ line: string; raw: string; reason: string }>(
      'SELECT line, raw, reason FROM heirloom.rejects WHERE member = $1 ORDER BY line', [`${table}.dat`])).map((r) => ({ ...r, line: Number(r.line) }))
    assert.deepEqual(rejects.map((r) => [r.line, r.raw]), expected.map((e) => [e.line, e.raw]), `${table}: lines and raw text`)
    rejects.forEach((r, i) => assert.match(r.reason, expected[i].reason, `${table} line ${r.line}`))
    const ids = await db.query<{ id: number }>(`SELECT id FROM public.${table.toLowerCase()}_v1 ORDER BY id`)
    assert.deepEqual(ids.map((r) => r.id), loadedIds, `${table}: loaded rows`)
    const [load] = await db.query<{ rows_in_file: string; rows_loaded: string; rows_rejected: string }>(
      'SELECT rows_in_file, rows_loaded, rows_rejected FROM heirloom.loads WHERE member = $1', [`${table}.dat`])
    assert.deepEqual([load.rows_loaded, load.rows_rejected].map(Number), [loadedIds.length, expected.length], `${table}: counts`)
    assert.equal(Number(load.rows_in_file), Number(load.rows_loaded) + Number(load.rows_rejected), `${table}: rows in file = loaded + rejected`)
    return rejects
  }

  it('rejects a bad number (not decimal, not float)', async () => {
    await check('BadNumber', [
      { line: 2, raw: '2\tabc\t1', reason: /^column price: not a decimal number \(numeric\(10,2\)\)$/ },
      { line: 3, raw: '3\t1.2.3\t1', reason: /^column price: not a decimal number/ },
      { line: 5, raw: '5\t1\tone', reason: /^column ratio: not a number \(double precision\)$/ },
    ], [1, 4])
  })

  it('rejects a bad date: a day or month that does not exist, text, hour 24', async () => {
    await check('BadDate', [
      { line: 2, raw: '2\t2024-02-30 10:00:00.000', reason: /^column at: day 30 does not exist in 2024-02$/ },
      { line: 3, raw: '3\tyesterday', reason: /^column at: not a date\/time/ },
      { line: 4, raw: '4\t2023-13-01 00:00:00.000', reason: /^column at: month 13 does not exist$/ },
      { line: 5, raw: '5\t2024-01-01 24:00:00.000', reason: /^column at: time of day outside 00:00:00..23:59:59$/ },
    ], [1])
  })

  it('rejects a bad boolean (bit other than 0/1)', async () => {
    await check('BadBoolean', [
      { line: 2, raw: '2\t2', reason: /^column flag: not a boolean \(0\/1, true\/false\)$/ },
      { line: 3, raw: '3\tmaybe', reason: /^column flag: not a boolean/ },
    ], [1, 4])
  })

  it('rejects a bad uuid, and takes the braced form', async () => {
    await check('BadUuid', [
      { line: 2, raw: '2\tnot-a-uuid', reason: /^column ref: not a uuid/ },
      { line: 3, raw: '3\t6F9619FF-8B86-D011-B42D-00C04FC964F', reason: /^column ref: not a uuid/ },
    ], [1, 4])
  })

  it('rejects text too long for varchar(n), counting code points, not UTF-16 units; excess spaces are dropped as PostgreSQL does', async () => {
    await check('TooLong', [
      { line: 2, raw: '2\tabcd', reason: /^column code: 4 characters, but varchar\(3\) holds 3$/ },
      { line: 3, raw: '3\t😀😀😀😀', reason: /^column code: 4 characters, but varchar\(3\) holds 3$/ },
    ], [1, 4])
    const codes = await db.query<{ code: string }>('SELECT code FROM public.toolong_v1 ORDER BY id')
    assert.deepEqual(codes.map((c) => c.code), ['ab😀', 'abc'])
  })

  it('rejects NULL (an empty bcp field) in a NOT NULL column', async () => {
    await check('NotNull', [
      { line: 2, raw: '2\t', reason: /^column qty: NULL in a NOT NULL column$/ },
      { line: 3, raw: '\t7', reason: /^column id: NULL in a NOT NULL column$/ },
    ], [1])
  })

  it('rejects a row with too few fields (csv, and the last row of a bcp file)', async () => {
    await check('FewFields', [{ line: 2, raw: '2,b', reason: /^expected 3 fields, found 2$/ }], [1, 3])
    await check('FewFieldsBcp', [{ line: 2, raw: '2\tb', reason: /^expected 3 fields, found 2$/ }], [1])
  })

  it('rejects a row with too many fields (csv, and an extra field at the end of a bcp row)', async () => {
    await check('ManyFields', [{ line: 2, raw: '2,b,2,extra', reason: /^expected 3 fields, found 4$/ }], [1, 3])
    await check('ManyFieldsBcp', [{ line: 2, raw: '2\tb\t2\textra', reason: /^expected 3 fields, found 4$/ }], [1, 3])
  })

  it('rejects bytes that are not valid UTF-8, showing them as U+FFFD in the raw text', async () => {
    await check('BadUtf8', [
      { line: 2, raw: '2\tbad\ufffd(x', reason: /^column name: bytes that are not valid utf8$/ },
      { line: 3, raw: '3\t\ufffd', reason: /^column name: bytes that are not valid utf8$/ },
    ], [1, 4])
  })

  it('rejects a NUL inside a text value (not the lone NUL that means the empty string), on its physical line', async () => {
    await check('NulInText', [{ line: 3, raw: '2\ta\\0b\tok', reason: /^column note: contains a NUL character/ }], [1, 3])
    const notes = await db.query<{ note: string }>('SELECT note FROM public.nulintext_v1 ORDER BY id')
    assert.deepEqual(notes.map((n) => n.note), ['line\r\nbreak', ''])
  })

  it('rejects values out of range: integer, smallint, bigint, numeric precision (also after rounding), double precision', async () => {
    await check('OutOfRange', [
      { line: 2, raw: '2\t2147483648\t\t\t\t', reason: /^column i: out of range for integer/ },
      { line: 3, raw: '3\t\t1000.00\t\t\t', reason: /^column d: numeric field overflow/ },
      { line: 4, raw: '4\t\t999.995\t\t\t', reason: /^column d: numeric field overflow/ },
      { line: 5, raw: '5\t\t\t1e309\t\t', reason: /^column f: out of range for double precision$/ },
      { line: 6, raw: '6\t\t\t\t32768\t', reason: /^column s: out of range for smallint/ },
      { line: 7, raw: '7\t\t\t\t\t9223372036854775808', reason: /^column b: out of range for bigint/ },
    ], [1])
  })
})
