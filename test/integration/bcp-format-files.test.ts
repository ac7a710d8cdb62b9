import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { scanDump } from '../../src/dump/scan-dump'
import { run as runPipeline, type RunReport } from '../../src/use-cases/run'
import { makeZip } from '../support/make-zip'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'

const XSI = 'xmlns="http://schemas.microsoft.com/sqlserver/2004/bulkload/format" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'

interface Loaded {
  readonly db: TestDatabase
  readonly ws: ReturnType<typeof makeWorkspace>
  readonly report: RunReport
}

/** Zips `members` as the only dump of application `app` (mssql, bcp -c defaults) and runs the pipeline on a fresh database. */
async function loadDump(app: string, members: Readonly<Record<string, string | Buffer>>): Promise<Loaded> {
  const db = await createTestDatabase()
  const ws = makeWorkspace(`bcp-format-files-${app}`)
  fs.mkdirSync(path.join(ws.dir, 'dumps'))
  await makeZip(path.join(ws.dir, 'dumps', `${app}_v1.zip`), members)
  const config = writeConfig(ws.dir, [
    `database: { url: '${db.url}' }`,
    `dumps: { path: ./dumps, defaults: { application: ${app}, version: "1", region: eu, dialect: mssql, format: mssql-bcp } }`,
    'migrations: { directory: ./migrations }',
    'ingest: { workers: 1 }',
    '',
  ].join('\n'))
  return { db, ws, report: await runPipeline(config) }
}

/** An XML format file as bcp writes it around its <RECORD> fields and <ROW> columns. */
function formatFile(fields: string, columns: string): string {
  return `<?xml version="1.0"?>\n<BCPFORMAT ${XSI}>\n <RECORD>\n${fields} </RECORD>\n <ROW>\n${columns} </ROW>\n</BCPFORMAT>\n`
}

/** As `bcp Shop.dbo.Items format nul -c -x -f Items.xml` writes it (Microsoft's "Create a format file" example, with more types). */
const ITEMS_XML = formatFile(`  <FIELD ID="1" xsi:type="CharTerm" TERMINATOR="\\t" MAX_LENGTH="12"/>
  <FIELD ID="2" xsi:type="CharTerm" TERMINATOR="\\t" MAX_LENGTH="100" COLLATION="SQL_Latin1_General_CP1_CI_AS"/>
  <FIELD ID="3" xsi:type="CharTerm" TERMINATOR="\\t" MAX_LENGTH="41"/>
  <FIELD ID="4" xsi:type="CharTerm" TERMINATOR="\\t" MAX_LENGTH="27"/>
  <FIELD ID="5" xsi:type="CharTerm" TERMINATOR="\\t" MAX_LENGTH="37"/>
  <FIELD ID="6" xsi:type="CharTerm" TERMINATOR="\\r\\n" MAX_LENGTH="16"/>
`, `  <COLUMN SOURCE="1" NAME="ItemID" xsi:type="SQLINT" NULLABLE="NO"/>
  <COLUMN SOURCE="2" NAME="Name" xsi:type="SQLNVARCHAR" LENGTH="50" NULLABLE="YES"/>
  <COLUMN SOURCE="3" NAME="Price" xsi:type="SQLDECIMAL" PRECISION="10" SCALE="2" NULLABLE="YES"/>
  <COLUMN SOURCE="4" NAME="Added" xsi:type="SQLDATETIME2" SCALE="7" NULLABLE="YES"/>
  <COLUMN SOURCE="5" NAME="Guid" xsi:type="SQLUNIQUEID" NULLABLE="YES"/>
  <COLUMN SOURCE="6" NAME="Blob" xsi:type="SQLVARYBIN" NULLABLE="YES"/>
`)
const ITEMS_DAT = '1\tWidget\t12.50\t2024-01-31 13:45:00.1234567\t6F9619FF-8B86-D011-B42D-00C04FC964FF\tCAFE\r\n2\t\t\t\t\t\r\n'

/** Each field its own terminator (`bcp -t` cannot, a format file can): `,` then `|~|` then TAB, rows end at `@@\r\n`. */
const NOTES_XML = formatFile(`  <FIELD ID="1" xsi:type="CharTerm" TERMINATOR="," MAX_LENGTH="12"/>
  <FIELD ID="2" xsi:type="CharTerm" TERMINATOR="|~|" MAX_LENGTH="200"/>
  <FIELD ID="3" xsi:type="CharTerm" TERMINATOR="\\t" MAX_LENGTH="200"/>
  <FIELD ID="4" xsi:type="CharTerm" TERMINATOR="@@\\r\\n" MAX_LENGTH="200"/>
`, `  <COLUMN SOURCE="1" NAME="Id" xsi:type="SQLINT" NULLABLE="NO"/>
  <COLUMN SOURCE="2" NAME="Title" xsi:type="SQLNVARCHAR" NULLABLE="YES"/>
  <COLUMN SOURCE="3" NAME="Body" xsi:type="SQLNVARCHAR" NULLABLE="YES"/>
  <COLUMN SOURCE="4" NAME="Tag" xsi:type="SQLVARYCHAR" NULLABLE="YES"/>
`)
/** Commas after field 1, TABs before field 3 and raw line breaks inside non-last fields are data. */
const NOTES_DAT = '1,a, b\tc|~|line one\r\nline two, still\tbody@@\r\n2,ünï|~|\tx|y@@\r\n'

/** Field 2 is in the file but no COLUMN names it as SOURCE: read past, not loaded. */
const SKIPPED_XML = formatFile(`  <FIELD ID="1" xsi:type="CharTerm" TERMINATOR="\\t" MAX_LENGTH="12"/>
  <FIELD ID="2" xsi:type="CharTerm" TERMINATOR="\\t" MAX_LENGTH="100"/>
  <FIELD ID="3" xsi:type="CharTerm" TERMINATOR="\\r\\n" MAX_LENGTH="100"/>
`, `  <COLUMN SOURCE="1" NAME="Id" xsi:type="SQLINT" NULLABLE="NO"/>
  <COLUMN SOURCE="3" NAME="Label" xsi:type="SQLNVARCHAR" LENGTH="20" NULLABLE="YES"/>
`)
const SKIPPED_DAT = '1\tnot loaded\tkept\r\n2\tmulti\r\nline\t\r\n'

describe('bcp XML format files: the schema and the format of a table', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  let report: RunReport

  before(async () => {
    ({ db, ws, report } = await loadDump('shop', {
      'Items.xml': ITEMS_XML, 'Items.dat': ITEMS_DAT, 'Notes.xml': NOTES_XML, 'Notes.dat': NOTES_DAT, 'Skipped.xml': SKIPPED_XML, 'Skipped.dat': SKIPPED_DAT,
    }))
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  it('takes the column names and SQL types (xsi:type, LENGTH, PRECISION, SCALE, NULLABLE) from the XML', async () => {
    const columns = await db.query<{ column_name: string; data_type: string; is_nullable: string }>(
      `SELECT column_name, format_type(atttypid, atttypmod) AS data_type, CASE WHEN attnotnull THEN 'NO' ELSE 'YES' END AS is_nullable
       FROM pg_attribute a JOIN information_schema.columns c ON c.table_name = 'items_v1' AND c.column_name = a.attname
       WHERE a.attrelid = 'public.items_v1'::regclass AND a.attnum > 0 ORDER BY a.attnum`)
    assert.deepEqual(columns.map((c) => [c.column_name, c.data_type, c.is_nullable]), [
      ['itemid', 'integer', 'NO'], ['name', 'character varying(50)', 'YES'], ['price', 'numeric(10,2)', 'YES'],
      ['added', 'timestamp(6) without time zone', 'YES'], ['guid', 'uuid', 'YES'], ['blob', 'bytea', 'YES'], ['_dump_id', 'integer', 'NO'],
    ])
  })

  it('loads the rows the XML describes, value for value', async () => {
    assert.equal(report.ok, true, JSON.stringify(report.ingest, null, 2))
    const rows = await db.query<Record<string, unknown>>(`SELECT itemid, name, price::text, added::text, guid::text, encode(blob, 'hex') AS blob FROM public.items_v1 ORDER BY 1`)
    assert.deepEqual(rows, [
      { itemid: 1, name: 'Widget', price: '12.50', added: '2024-01-31 13:45:00.123457', guid: '6f9619ff-8b86-d011-b42d-00c04fc964ff', blob: 'cafe' },
      { itemid: 2, name: null, price: null, added: null, guid: null, blob: null },
    ])
  })

  it('ends each field at its own terminator, the last at the row terminator', async () => {
    const rows = await db.query<Record<string, unknown>>('SELECT id, title, body, tag FROM public.notes_v1 ORDER BY 1')
    assert.deepEqual(rows, [
      { id: 1, title: 'a, b\tc', body: 'line one\r\nline two, still', tag: 'body' },
      { id: 2, title: 'ünï', body: null, tag: 'x|y' },
    ])
    assert.deepEqual(await db.query('SELECT member, line, reason FROM heirloom.rejects'), [])
  })

  it('reads a field no COLUMN takes (a skipped field) and loads the others', async () => {
    const rows = await db.query<Record<string, unknown>>('SELECT id, label FROM public.skipped_v1 ORDER BY 1')
    assert.deepEqual(rows, [{ id: 1, label: 'kept' }, { id: 2, label: null }])
  })
})

/** Microsoft's documented non-XML example (`myFirstImport`), its DDL as Generate Scripts writes it. */
const PEOPLE_SQL = 'SET ANSI_NULLS ON\r\nGO\r\nCREATE TABLE [dbo].[People](\r\n\t[PersonID] [smallint] NOT NULL,\r\n\t[FirstName] [varchar](25) NOT NULL,\r\n\t[LastName] [varchar](30) NOT NULL,\r\n\t[BirthDate] [date] NULL\r\n) ON [PRIMARY]\r\nGO\r\n'
const PEOPLE_FMT = [
  '14.0', '4',
  '1       SQLCHAR             0       7       ","      1     PersonID               ""',
  '2       SQLCHAR             0       25      ","      2     FirstName              SQL_Latin1_General_CP1_CI_AS',
  '3       SQLCHAR             0       30      ","      3     LastName               SQL_Latin1_General_CP1_CI_AS',
  '4       SQLCHAR             0       11      "\\r\\n"   4     BirthDate              ""', '',
].join('\r\n')
/** Wide (`-w`): SQLNCHAR fields in UTF-16LE, each with its own terminator, the file's fields in another order than the table's columns; a line break inside a non-last field is data. */
const WIDE_SQL = 'CREATE TABLE [dbo].[Wide]([Id] [int] NOT NULL, [Name] [nvarchar](20) NULL, [Note] [nvarchar](max) NULL)\r\nGO\r\n'
const WIDE_FMT = [
  '14.0', '3',
  '1       SQLNCHAR            0       40      "|"        2     Name         SQL_Latin1_General_CP1_CI_AS',
  '2       SQLNCHAR            0       24      "\\t"       1     Id           ""',
  '3       SQLNCHAR            0       0       "\\r\\n"     3     Note         SQL_Latin1_General_CP1_CI_AS', '',
].join('\n')

/** Microsoft's "Use a format file to skip a data field": the file's third field has server column order 0. */
const EXTRA_FMT = [
  '14.0', '5',
  '1       SQLCHAR             0       7       ","      1     PersonID               ""',
  '2       SQLCHAR             0       25      ","      2     FirstName              SQL_Latin1_General_CP1_CI_AS',
  '3       SQLCHAR             0       30      ","      0     ExtraField             SQL_Latin1_General_CP1_CI_AS',
  '4       SQLCHAR             0       30      ","      3     LastName               SQL_Latin1_General_CP1_CI_AS',
  '5       SQLCHAR             0       11      "\\r\\n"   4     BirthDate              ""', '',
].join('\r\n')

describe('bcp non-XML format files beside Generate-Scripts DDL', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  let report: RunReport

  before(async () => {
    ({ db, ws, report } = await loadDump('people', {
      'People.sql': PEOPLE_SQL, 'People.fmt': PEOPLE_FMT, 'People.dat': '1,Anthony,Grosse,1980-02-23\r\n2,Alica,Fatnowna,1963-11-14\r\n3,Stella,Rosenhain,\r\n',
      'Wide.sql': WIDE_SQL, 'Wide.fmt': WIDE_FMT, 'Wide.dat': Buffer.from('\ufeffÄ\r\nda|1\tfirst\r\n|2\t\r\n', 'utf16le'),
      'Extra.sql': PEOPLE_SQL.replace('[People]', '[Extra]'), 'Extra.fmt': EXTRA_FMT, 'Extra.dat': '1,Anthony,ignored,Grosse,1980-02-23\r\n2,Alica,,Fatnowna,\r\n',
    }))
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  it('loads Microsoft\'s documented example with the terminators of its format file and the types of its DDL', async () => {
    assert.equal(report.ok, true, JSON.stringify(report.ingest, null, 2))
    const rows = await db.query<Record<string, unknown>>('SELECT personid, firstname, lastname, birthdate::text FROM public.people_v1 ORDER BY 1')
    assert.deepEqual(rows, [
      { personid: 1, firstname: 'Anthony', lastname: 'Grosse', birthdate: '1980-02-23' },
      { personid: 2, firstname: 'Alica', lastname: 'Fatnowna', birthdate: '1963-11-14' },
      { personid: 3, firstname: 'Stella', lastname: 'Rosenhain', birthdate: null },
    ])
  })

  it('reads SQLNCHAR fields as UTF-16LE, each to its own terminator, into the server columns their order names', async () => {
    const rows = await db.query<Record<string, unknown>>('SELECT id, name, note FROM public.wide_v1 ORDER BY 1')
    assert.deepEqual(rows, [{ id: 1, name: 'Ä\r\nda', note: 'first' }, { id: 2, name: null, note: null }])
  })

  it('reads a field with server column order 0 (Microsoft\'s "skip a data field" example) and loads the other fields', async () => {
    const rows = await db.query<Record<string, unknown>>('SELECT personid, firstname, lastname, birthdate::text FROM public.extra_v1 ORDER BY 1')
    assert.deepEqual(rows, [
      { personid: 1, firstname: 'Anthony', lastname: 'Grosse', birthdate: '1980-02-23' },
      { personid: 2, firstname: 'Alica', lastname: 'Fatnowna', birthdate: null },
    ])
    assert.deepEqual(await db.query('SELECT member, line, reason FROM heirloom.rejects'), [])
  })

  it('names a format file whose server column order points past the table', async () => {
    const file = path.join(ws.dir, 'bad.zip')
    await makeZip(file, { 'People.sql': PEOPLE_SQL, 'People.fmt': PEOPLE_FMT.replace('","      3     LastName', '","      9     LastName'), 'People.dat': '' })
    const dump = await scanDump(file, writeConfig(ws.dir, 'dumps: { path: ./dumps, defaults: { application: people, version: "1", region: eu, dialect: mssql } }\n'))
    assert.deepEqual(dump.problems.map((p) => [p.member, p.code, p.message]), [['People.sql', 'SCHEMA_INVALID', 'bad.zip: People.fmt: field 3 (LastName) loads server column 9, but People has 4 columns']])
  })
})
