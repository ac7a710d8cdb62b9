import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { scanDump } from '../../src/dump/scan-dump'
import { describeScan } from '../../src/cli/describe'
import { makeZip } from '../support/make-zip'
import { makeWorkspace, writeConfig } from '../support/workspace'

const ws = makeWorkspace('tsql-ddl-scan')
after(() => ws.cleanup())

async function scan(name: string, members: Record<string, string | Buffer>, extra: readonly string[] = []): ReturnType<typeof scanDump> {
  const dir = path.join(ws.dir, name)
  fs.mkdirSync(path.join(dir, 'dumps'), { recursive: true })
  await makeZip(path.join(dir, 'dumps', 'shop_v1.zip'), members)
  const config = writeConfig(dir, [
    'dumps:',
    '  path: ./dumps',
    '  defaults: { application: shop, version: "1", region: eu, dialect: mssql, format: mssql-bcp }',
    ...extra,
    '',
  ].join('\n'))
  return scanDump(path.join(dir, 'dumps', 'shop_v1.zip'), config)
}

const ORDERS = 'CREATE TABLE [dbo].[Orders]([Id] [int] NOT NULL, [Total] [money] NULL, [Doubled] AS ([Total]*(2)) PERSISTED)\nGO\n'

describe('scan of a SQL Server dump whose schema files are Generate-Scripts DDL', () => {
  it('takes a .sql member as the table\'s schema with no schemaExt setting', async () => {
    const dump = await scan('plain', { 'Orders.sql': ORDERS, 'Orders.dat': '1\t2.50\t5.00\r\n' })
    assert.deepEqual(dump.tables.map((t) => [t.schemaMember, t.schema.columns.map((c) => c.name)]), [['Orders.sql', ['Id', 'Total', 'Doubled']]])
  })

  it('says in its output that a computed column loads as text, unless types.columns names its type', async () => {
    const dump = await scan('computed', { 'Orders.sql': ORDERS, 'Orders.dat': '1\t2.50\t5.00\r\n' })
    const warnings = dump.problems.filter((p) => p.severity === 'warning')
    assert.equal(warnings.length, 1)
    assert.match(describeScan({ dumps: [dump], failed: [] }).join('\n'), /Orders\.Doubled is a computed column \(AS …\) with no declared type, so it is loaded as text/)
    const named = await scan('computed-named', { 'Orders.sql': ORDERS, 'Orders.dat': '1\t2.50\t5.00\r\n' }, ['types: { columns: { "orders.doubled": "numeric(19,4)" } }'])
    assert.deepEqual(named.problems, [])
  })

  it('resolves an alias type declared in another .sql member of the dump, which is no table itself', async () => {
    const dump = await scan('alias', {
      'types.sql': 'CREATE TYPE [dbo].[Name] FROM [nvarchar](50) NULL\nGO\n',
      'Customers.sql': 'CREATE TABLE [dbo].[Customers]([Id] [int] NOT NULL, [Name] [dbo].[Name] NULL)\nGO\n',
      'Customers.dat': '1\tAda\r\n',
    })
    assert.deepEqual(dump.problems, [])
    assert.deepEqual(dump.tables.map((t) => t.schema.name), ['Customers'])
    assert.deepEqual(dump.tables[0]?.schema.columns[1], { name: 'Name', type: 'nvarchar', length: 50, nullable: true })
  })

  it('names the dump and member of a .sql schema it cannot read, and still reads the other tables', async () => {
    const dump = await scan('bad', { 'Orders.sql': ORDERS, 'Orders.dat': '', 'Broken.sql': 'CREATE TABLE [Broken]([a] [int]', 'Broken.dat': '' })
    assert.deepEqual(dump.tables.map((t) => t.schema.name), ['Orders'])
    assert.deepEqual(dump.problems.filter((p) => p.severity === 'error').map((p) => [p.member, p.code, p.message]), [
      ['Broken.sql', 'SCHEMA_INVALID', 'shop_v1.zip: Broken.sql: CREATE TABLE Broken: its column list is never closed'],
    ])
  })

  it('takes the layout from an XML format file beside the DDL and the types from the DDL, listing neither as ignored', async () => {
    const xml = `<?xml version="1.0"?>
<BCPFORMAT xmlns="http://schemas.microsoft.com/sqlserver/2004/bulkload/format" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <RECORD><FIELD ID="1" xsi:type="CharTerm" TERMINATOR="|" MAX_LENGTH="50"/><FIELD ID="2" xsi:type="CharTerm" TERMINATOR="\\r\\n" MAX_LENGTH="12"/></RECORD>
 <ROW><COLUMN SOURCE="1" NAME="name" xsi:type="SQLNVARCHAR"/><COLUMN SOURCE="2" NAME="Id" xsi:type="SQLINT"/></ROW>
</BCPFORMAT>`
    const dump = await scan('xml-beside-ddl', {
      'types.sql': 'CREATE TYPE [dbo].[Name] FROM [nvarchar](50) NOT NULL\nGO\n',
      'Customers.sql': 'CREATE TABLE [dbo].[Customers]([Id] [int] NOT NULL, [Name] [dbo].[Name])\nGO\n',
      'Customers.xml': xml,
      'Customers.dat': 'Ada|1\r\n',
    })
    assert.deepEqual(dump.problems, [])
    assert.deepEqual(dump.ignored, [])
    const [customers] = dump.tables
    assert.equal(customers?.schemaMember, 'Customers.sql')
    assert.deepEqual(customers?.schema.columns, [{ name: 'Name', type: 'nvarchar', length: 50, nullable: false }, { name: 'Id', type: 'int', nullable: false }])
    assert.deepEqual([customers?.format.delimiter, customers?.format.rowTerminator], ['|', '\r\n'])
  })

  it('reads a script saved as Unicode (UTF-16LE with a BOM, as Management Studio saves it), and leaves an XML file with no data file ignored', async () => {
    const dump = await scan('utf16', {
      'Orders.sql': Buffer.from(`\ufeff${ORDERS}`, 'utf16le'),
      'Orders.dat': '1\t2.50\t5.00\r\n',
      'report.xml': '<report/>',
    })
    assert.deepEqual(dump.tables.map((t) => t.schema.columns.map((c) => c.name)), [['Id', 'Total', 'Doubled']])
    assert.deepEqual(dump.ignored, ['report.xml'])
  })
})
