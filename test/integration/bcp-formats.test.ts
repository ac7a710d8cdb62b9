import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { run as runPipeline, type RunReport } from '../../src/use-cases/run'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'
import { makeZip } from '../support/make-zip'
import { encodeBcp, encodeMysqlTab, type Row } from '../support/encode-rows'

const EVERY_BYTE = Buffer.from(Array.from({ length: 256 }, (_, i) => i))

/** bcp -c defaults: TAB, CRLF, UTF-8; SQL Server's own text forms of each type. */
const ORDERS = {
  schema: {
    table: 'Orders',
    columns: [
      { name: 'OrderID', type: 'int', nullable: false },
      { name: 'PlacedAt', type: 'datetime' },
      { name: 'ShippedAt', type: 'datetime2', datetimePrecision: 7 },
      { name: 'PlacedAtLocal', type: 'datetimeoffset(7)' },
      { name: 'Total', type: 'money' },
      { name: 'Paid', type: 'bit' },
      { name: 'Ref', type: 'uniqueidentifier' },
      { name: 'Signature', type: 'varbinary', length: -1 },
      { name: 'Comment', type: 'nvarchar', length: -1 },
      { name: 'Spec', type: 'xml' },
      { name: 'Code', type: 'nvarchar(10)' },
    ],
    primaryKey: ['OrderID'],
  },
  rows: [
    ['1', '2024-01-31 13:45:00.000', '2024-01-31 13:45:00.1234567', '2024-01-31 13:45:00.1234567 +01:00', '1234.5678', '1',
      '6F9619FF-8B86-D011-B42D-00C04FC964FF', Buffer.from('DEADBEEF00', 'hex'), 'line one\r\nline two\r\n', '<a>\r\n  <b>x</b>\r\n</a>', 'A1'],
    ['2', '1753-01-01 00:00:00.000', '2024-12-31 23:59:59.9999999', '0001-01-01 00:00:00.0000000 +00:00', '-922337203685477.5808', '0',
      '00000000-0000-0000-0000-000000000000', Buffer.alloc(0), '', '<empty/>', ''],
    ['3', null, null, null, null, null, null, null, null, null, null],
    ['4', '9999-12-31 23:59:59.997', '2024-06-30 12:00:00.0000005', '2024-06-30 23:30:00.9999999 -05:30', '0.0000', '1',
      'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', EVERY_BYTE, 'say "hi" \\ back|slash, \\N', '<r a="1"/>', 'ZZ'],
  ] satisfies Row[],
}

/** `-w` (UTF-16LE with a BOM), a multi-character delimiter, CRLF. */
const EVENTS = {
  schema: {
    table: 'Events',
    columns: [
      { name: 'EventID', type: 'int', nullable: false },
      { name: 'Title', type: 'nvarchar', length: 100 },
      { name: 'Body', type: 'nvarchar', length: -1 },
      { name: 'At', type: 'datetime2(7)' },
      { name: 'Tag', type: 'nvarchar', length: 10 },
    ],
  },
  rows: [
    ['1', 'emoji 😀 and 𝄞, CJK 漢字', 'raw\r\nCRLF inside, | and ~ apart', '2024-01-31 13:45:00.1234567', 'first'],
    ['2', 'pipe at end|', '', '2024-01-31 00:00:00.0000000', ''],
    ['3', null, null, null, null],
    ['4', 'tab\there', 'back\\slash \\N', '2000-02-29 23:59:59.9999995', 'last'],
    // UTF-16LE bytes 41 7C 00 7E 00 7C 00 41 hold "|~|" and 41 0D 00 0A 00 41 a CRLF, both at odd offsets: not separators.
    ['5', '\u7c41\u7e00\u7c00A', 'misaligned', '2024-01-01 00:00:00.0000000', '\u0d41\u0a00A'],
  ] satisfies Row[],
}

/** A delimiter that is a prefix of the row terminator (`&|` and `&|\r\n`), UTF-8 with a BOM. */
const LEDGER = {
  schema: {
    table: 'Ledger',
    columns: [
      { name: 'EntryID', type: 'int', nullable: false },
      { name: 'Party', type: 'nvarchar', length: 50 },
      { name: 'Amount', type: 'decimal', precision: 12, scale: 2 },
      { name: 'Memo', type: 'nvarchar', length: -1 },
    ],
  },
  rows: [
    ['1', 'AT&T', '10.50', 'memo with CRLF\r\ninside the last field'],
    ['2', 'x&', '-0.01', 'ends with &'],
    ['3', null, null, null],
    ['4', 'a|b', '9999999999.99', ''],
  ] satisfies Row[],
}

/** A mysqldump --tab file in the same dump (LF, backslash escapes, raw bytes). */
const NOTES = {
  schema: {
    table: 'NotesLf',
    columns: [
      { name: 'NoteID', type: 'int', nullable: false },
      { name: 'Body', type: 'nvarchar', length: -1 },
      { name: 'Data', type: 'varbinary', length: -1 },
    ],
  },
  rows: [
    ['1', 'tab\there\nLF and \\N literal', Buffer.from([0, 9, 10, 13, 92, 78])],
    ['2', '', Buffer.alloc(0)],
    ['3', null, null],
    ['4', '\\N', Buffer.from('\\N')],
  ] satisfies Row[],
}

/** docs/configuration.md's `legacy-pipe`: windows-1252 (bcp -c's default ANSI code page), `|~|`, CRLF, the word NULL. */
const LEGACY = {
  schema: {
    table: 'Legacy',
    columns: [
      { name: 'LegacyID', type: 'int', nullable: false },
      { name: 'Name', type: 'varchar', length: 30 },
      { name: 'Note', type: 'varchar', length: -1 },
    ],
  },
  rows: ['1|~|Café €5|~|“quoted” ’tick’ — dash', '2|~|NULL|~|', '3|~|Šíp Ÿ œ|~|NULL'],
}

/** Windows-1252 bytes of text (Latin-1 plus the 0x80–0x9F punctuation these fixtures use). */
function windows1252(text: string): Buffer {
  const high: Readonly<Record<string, number>> = { '€': 0x80, '“': 0x93, '”': 0x94, '’': 0x92, '—': 0x97, 'Š': 0x8a, 'Ÿ': 0x9f, 'œ': 0x9c }
  return Buffer.from([...text].map((ch) => high[ch] ?? (ch.charCodeAt(0) < 0x100 ? ch.charCodeAt(0) : 0x3f)))
}

const MANIFEST = {
  application: 'erp', version: '5', region: 'eu', dialect: 'mssql', format: 'mssql-bcp',
  // A glob in the manifest beats the config's exact entry for Events (mysql-tab), which would misread the file.
  tableFormats: { 'Event*': { delimiter: '|~|', encoding: 'utf16le' } },
}

const CONFIG = (url: string): string => [
  `database: { url: '${url}' }`,
  'dumps:',
  '  path: ./dumps',
  '  tableFormats: { Events: mysql-tab, "notes*": mysql-tab, Ledger: ampersand, Legacy: legacy-pipe }',
  'formats:',
  "  legacy-pipe: { delimiter: '|~|', rowTerminator: \"\\r\\n\", nullPattern: 'NULL', encoding: windows-1252 }",
  '  ampersand: { delimiter: "&|", rowTerminator: "&|\\r\\n", nullPattern: "", emptyString: "\\0", encoding: utf8 }',
  'migrations: { directory: ./migrations }',
  'ingest: { workers: 2 }',
  '',
].join('\n')

describe('bcp character-mode files, and per-table formats mixed in one dump', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  let report: RunReport

  before(async () => {
    db = await createTestDatabase()
    ws = makeWorkspace('bcp-formats')
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    await makeZip(path.join(ws.dir, 'dumps', 'erp_eu_v5.zip'), {
      'manifest.json': JSON.stringify(MANIFEST),
      'bcp/Orders.json': JSON.stringify(ORDERS.schema),
      'bcp/Orders.dat': encodeBcp(ORDERS.rows),
      'bcp/Events.json': JSON.stringify(EVENTS.schema),
      'bcp/Events.dat': encodeBcp(EVENTS.rows, { delimiter: '|~|', encoding: 'utf16le', bom: true }),
      'bcp/Ledger.json': JSON.stringify(LEDGER.schema),
      'bcp/Ledger.dat': encodeBcp(LEDGER.rows, { delimiter: '&|', rowTerminator: '&|\r\n', bom: true }),
      'legacy/Legacy.json': JSON.stringify(LEGACY.schema),
      'legacy/Legacy.dat': windows1252(LEGACY.rows.map((r) => `${r}\r\n`).join('')),
      'mysql/NotesLf.json': JSON.stringify(NOTES.schema),
      'mysql/NotesLf.dat': encodeMysqlTab(NOTES.rows),
    })
    report = await runPipeline(writeConfig(ws.dir, CONFIG(db.url)))
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  it('loads every member of the mixed dump with no rejects, rows in file = rows loaded', async () => {
    assert.equal(report.ok, true, JSON.stringify(report.ingest, null, 2))
    assert.deepEqual(await db.query('SELECT member, line, reason FROM heirloom.rejects'), [])
    const loads = await db.query<{ member: string; rows_in_file: string; rows_loaded: string }>('SELECT member, rows_in_file, rows_loaded FROM heirloom.loads ORDER BY member')
    assert.deepEqual(loads.map((l) => [l.member, Number(l.rows_in_file), Number(l.rows_loaded)]), [
      ['bcp/Events.dat', 5, 5], ['bcp/Ledger.dat', 4, 4], ['bcp/Orders.dat', 4, 4], ['legacy/Legacy.dat', 3, 3], ['mysql/NotesLf.dat', 4, 4],
    ])
  })

  it('converts SQL Server datetime, datetime2(7) (rounded, with carry), datetimeoffset, money, bit, uniqueidentifier and hex varbinary text', async () => {
    const rows = await db.query(
      `SELECT orderid, placedat::text AS placedat, shippedat::text AS shippedat, (placedatlocal AT TIME ZONE 'UTC')::text AS placedat_utc,
              total::text AS total, paid, ref::text AS ref, encode(signature, 'hex') AS signature
       FROM public.orders_v5 ORDER BY orderid`)
    assert.deepEqual(rows, [
      { orderid: 1, placedat: '2024-01-31 13:45:00', shippedat: '2024-01-31 13:45:00.123457', placedat_utc: '2024-01-31 12:45:00.123457',
        total: '1234.5678', paid: true, ref: '6f9619ff-8b86-d011-b42d-00c04fc964ff', signature: 'deadbeef00' },
      { orderid: 2, placedat: '1753-01-01 00:00:00', shippedat: '2025-01-01 00:00:00', placedat_utc: '0001-01-01 00:00:00',
        total: '-922337203685477.5808', paid: false, ref: '00000000-0000-0000-0000-000000000000', signature: '' },
      { orderid: 3, placedat: null, shippedat: null, placedat_utc: null, total: null, paid: null, ref: null, signature: null },
      { orderid: 4, placedat: '9999-12-31 23:59:59.997', shippedat: '2024-06-30 12:00:00.000001', placedat_utc: '2024-07-01 05:00:01',
        total: '0.0000', paid: true, ref: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', signature: EVERY_BYTE.toString('hex') },
    ])
  })

  it('keeps raw CRLF inside non-last (comment, xml) columns, and the lone-NUL empty string apart from the empty-field NULL', async () => {
    const rows = await db.query('SELECT orderid, comment, spec::text AS spec, code FROM public.orders_v5 ORDER BY orderid')
    assert.deepEqual(rows, [
      { orderid: 1, comment: 'line one\r\nline two\r\n', spec: '<a>\r\n  <b>x</b>\r\n</a>', code: 'A1' },
      { orderid: 2, comment: '', spec: '<empty/>', code: '' },
      { orderid: 3, comment: null, spec: null, code: null },
      { orderid: 4, comment: 'say "hi" \\ back|slash, \\N', spec: '<r a="1"/>', code: 'ZZ' },
    ])
  })

  it('reads UTF-16LE with a BOM and the |~| delimiter (chosen by a manifest glob over the config), non-BMP text intact, separator bytes at odd offsets ignored', async () => {
    const rows = await db.query('SELECT eventid, title, body, at::text AS at, tag FROM public.events_v5 ORDER BY eventid')
    assert.deepEqual(rows, [
      { eventid: 1, title: 'emoji 😀 and 𝄞, CJK 漢字', body: 'raw\r\nCRLF inside, | and ~ apart', at: '2024-01-31 13:45:00.123457', tag: 'first' },
      { eventid: 2, title: 'pipe at end|', body: '', at: '2024-01-31 00:00:00', tag: '' },
      { eventid: 3, title: null, body: null, at: null, tag: null },
      { eventid: 4, title: 'tab\there', body: 'back\\slash \\N', at: '2000-03-01 00:00:00', tag: 'last' },
      { eventid: 5, title: '\u7c41\u7e00\u7c00A', body: 'misaligned', at: '2024-01-01 00:00:00', tag: '\u0d41\u0a00A' },
    ])
  })

  it('reads a delimiter that is a prefix of the row terminator (&| and &|\\r\\n; config entry by name), with a UTF-8 BOM and CRLF inside the last field', async () => {
    const rows = await db.query('SELECT entryid, party, amount::text AS amount, memo FROM public.ledger_v5 ORDER BY entryid')
    assert.deepEqual(rows, [
      { entryid: 1, party: 'AT&T', amount: '10.50', memo: 'memo with CRLF\r\ninside the last field' },
      { entryid: 2, party: 'x&', amount: '-0.01', memo: 'ends with &' },
      { entryid: 3, party: null, amount: null, memo: null },
      { entryid: 4, party: 'a|b', amount: '9999999999.99', memo: '' },
    ])
  })

  it('reads a mysql-tab LF file in the same dump (config glob), escapes resolved and raw bytes kept', async () => {
    const rows = await db.query("SELECT noteid, body, encode(data, 'hex') AS data FROM public.noteslf_v5 ORDER BY noteid")
    assert.deepEqual(rows, [
      { noteid: 1, body: 'tab\there\nLF and \\N literal', data: '00090a0d5c4e' },
      { noteid: 2, body: '', data: '' },
      { noteid: 3, body: null, data: null },
      { noteid: 4, body: '\\N', data: '5c4e' },
    ])
  })

  it('reads windows-1252 (the configuration example legacy-pipe: |~|, CRLF, the word NULL), the 0x80–0x9F punctuation included', async () => {
    const rows = await db.query('SELECT legacyid, name, note FROM public.legacy_v5 ORDER BY legacyid')
    assert.deepEqual(rows, [
      { legacyid: 1, name: 'Café €5', note: '“quoted” ’tick’ — dash' },
      { legacyid: 2, name: null, note: '' },
      { legacyid: 3, name: 'Šíp Ÿ œ', note: null },
    ])
  })
})
