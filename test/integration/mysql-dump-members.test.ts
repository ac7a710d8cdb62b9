import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Config } from '../../src/config/config'
import { scanDump } from '../../src/dump/scan-dump'
import { makeZip } from '../support/make-zip'
import { makeWorkspace, writeConfig } from '../support/workspace'

const DDL = 'DROP TABLE IF EXISTS `Orders`;\nCREATE TABLE `Orders` (\n  `id` int(11) NOT NULL,\n  `label` varchar(40) DEFAULT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;\n'
const JSON_AGREEING = JSON.stringify({ table: 'Orders', columns: [{ name: 'id', type: 'int', nullable: false }, { name: 'label', type: 'varchar', length: 40 }] })
const JSON_DISAGREEING = JSON.stringify({ table: 'Orders', columns: [{ name: 'id', type: 'int', nullable: false }, { name: 'label', type: 'varchar', length: 80 }] })
const MYSQL = JSON.stringify({ application: 'shop', version: '1', region: 'eu', dialect: 'mysql', format: 'mysql-tab' })
const MSSQL = JSON.stringify({ application: 'shop', version: '1', region: 'eu', dialect: 'mssql', format: 'mssql-bcp' })

describe('a MySQL dump\'s members: .sql schemas, .txt data, one schema per table', () => {
  let ws: ReturnType<typeof makeWorkspace>
  let config: Config
  const zip = async (name: string, members: Record<string, string>): Promise<string> => {
    const file = path.join(ws.dir, name)
    await makeZip(file, members)
    return file
  }

  before(() => {
    ws = makeWorkspace('mysql-members')
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    config = writeConfig(ws.dir, 'dumps: { path: ./dumps }\n')
  })
  after(() => ws.cleanup())

  it('takes T.sql + T.txt as a table with no dumps.schemaExt or dataExt setting', async () => {
    const scanned = await scanDump(await zip('plain.zip', { 'manifest.json': MYSQL, 'Orders.sql': DDL, 'Orders.txt': '1\tone\n' }), config)
    assert.deepEqual(scanned.problems, [])
    assert.deepEqual(scanned.tables.map((t) => [t.schemaMember, t.schema.name, t.dataMembers.map((m) => m.name)]), [['Orders.sql', 'Orders', ['Orders.txt']]])
  })

  it('takes T.txt as data for a dump whose dialect is mysql, whatever its format is named', async () => {
    const manifest = JSON.stringify({ application: 'shop', version: '1', dialect: 'mysql', format: 'csv' })
    const scanned = await scanDump(await zip('csv.zip', { 'manifest.json': manifest, 'Orders.sql': DDL, 'Orders.txt': '1,one\n' }), config)
    assert.deepEqual(scanned.tables.map((t) => t.dataMembers.map((m) => m.name)), [['Orders.txt']])
  })

  it('leaves .txt members of a SQL Server dump as other members: its tables\' data files are .dat', async () => {
    const scanned = await scanDump(await zip('mssql.zip', { 'manifest.json': MSSQL, 'Orders.json': JSON_AGREEING, 'Orders.dat': '1\tone\r\n', 'README.txt': 'hello' }), config)
    assert.deepEqual(scanned.problems, [])
    assert.deepEqual(scanned.ignored, ['README.txt'])
  })

  it('counts T.json and T.sql that describe the same table once: the JSON is the schema, the .sql listed as ignored', async () => {
    const scanned = await scanDump(await zip('both.zip', { 'manifest.json': MYSQL, 'Orders.sql': DDL, 'Orders.json': JSON_AGREEING, 'Orders.txt': '1\tone\n' }), config)
    assert.deepEqual(scanned.problems, [])
    assert.deepEqual(scanned.tables.map((t) => t.schemaMember), ['Orders.json'])
    assert.deepEqual(scanned.ignored, ['Orders.sql'])
  })

  it('fails the table when T.json and T.sql disagree, naming both members and the column', async () => {
    const scanned = await scanDump(await zip('conflict.zip', {
      'manifest.json': MYSQL, 'Orders.sql': DDL, 'Orders.json': JSON_DISAGREEING, 'Orders.txt': '1\tone\n',
      'Items.sql': 'CREATE TABLE Items (id int)', 'Items.txt': '1\n',
    }), config)
    assert.deepEqual(scanned.tables.map((t) => t.schema.name), ['Items'])
    assert.equal(scanned.problems.length, 1)
    const [p] = scanned.problems
    assert.equal(p?.code, 'SCHEMA_INVALID')
    assert.match(p?.message ?? '', /conflict\.zip: Orders\.json and Orders\.sql are two schema files for one table and disagree \(column 2: Orders\.json says "label" varchar\(80\), Orders\.sql says "label" varchar\(40\)\), so the table is not loaded/)
    assert.match(p?.hint ?? '', /remove one of Orders\.json and Orders\.sql/)
  })

  it('fails the table when T.sql reads a column in another character set than T.json says (latin1 bytes vs UTF-8)', async () => {
    const ddl = DDL.replace('`label` varchar(40)', '`label` varchar(40) CHARACTER SET latin1')
    const scanned = await scanDump(await zip('charset.zip', { 'manifest.json': MYSQL, 'Orders.sql': ddl, 'Orders.json': JSON_AGREEING, 'Orders.txt': '1\tone\n' }), config)
    assert.deepEqual(scanned.tables, [])
    assert.match(scanned.problems[0]?.message ?? '', /Orders\.json says "label" varchar\(40\), Orders\.sql says "label" varchar\(40\) character set latin1\)/)
  })

  it('takes INFORMATION_SCHEMA\'s CHARACTER_SET_NAME in a Form B file, so it agrees with the .sql', async () => {
    const formB = JSON.stringify([
      { TABLE_NAME: 'Orders', COLUMN_NAME: 'id', ORDINAL_POSITION: 1, DATA_TYPE: 'int', IS_NULLABLE: 'NO', COLUMN_KEY: 'PRI' },
      { TABLE_NAME: 'Orders', COLUMN_NAME: 'label', ORDINAL_POSITION: 2, DATA_TYPE: 'varchar', CHARACTER_MAXIMUM_LENGTH: 40, IS_NULLABLE: 'YES', CHARACTER_SET_NAME: 'latin1' },
    ])
    const ddl = DDL.replace('`label` varchar(40)', '`label` varchar(40) CHARACTER SET latin1')
    const scanned = await scanDump(await zip('charset-b.zip', { 'manifest.json': MYSQL, 'Orders.sql': ddl, 'Orders.json': formB, 'Orders.txt': '1\tone\n' }), config)
    assert.deepEqual(scanned.problems, [])
    assert.equal(scanned.tables[0]?.schema.columns[1]?.charset, 'latin1')
  })

  it('lists a view\'s .sql (a CREATE VIEW, no data file) among the ignored members instead of failing it as a table without data', async () => {
    const view = "/*!50001 DROP VIEW IF EXISTS `v`*/;\n/*!50001 CREATE ALGORITHM=UNDEFINED */\n/*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */\n/*!50001 VIEW `v` AS select `t`.`a` AS `a` from `t` */;\n"
    const scanned = await scanDump(await zip('view.zip', { 'manifest.json': MYSQL, 'Orders.sql': DDL, 'Orders.txt': '1\tone\n', 'v.sql': view, 'Lost.sql': 'CREATE TABLE Lost (a int);' }), config)
    assert.deepEqual(scanned.tables.map((t) => t.schema.name), ['Orders'])
    assert.deepEqual(scanned.ignored, ['v.sql'])
    assert.deepEqual(scanned.problems.map((p) => [p.member, p.code]), [['Lost.sql', 'DATA_MISSING']])
  })

  it('in a SQL Server dump, Generate-Scripts DDL beside a JSON schema counts once when they agree, and fails naming both when not', async () => {
    const scanned = await scanDump(await zip('mssql-ddl.zip', {
      'manifest.json': MSSQL,
      'Orders.sql': 'CREATE TABLE [dbo].[Orders]([id] [int] NOT NULL)\nGO\n', 'Orders.json': JSON.stringify([{ COLUMN_NAME: 'id', DATA_TYPE: 'int', IS_NULLABLE: 'NO' }]), 'Orders.dat': '1\r\n',
      'Items.sql': 'CREATE TABLE [dbo].[Items]([id] [bigint] NULL)\nGO\n', 'Items.json': JSON.stringify([{ COLUMN_NAME: 'id', DATA_TYPE: 'int' }]), 'Items.dat': '1\r\n',
    }), config)
    assert.deepEqual(scanned.tables.map((t) => [t.schema.name, t.schemaMember]), [['Orders', 'Orders.json']])
    assert.ok(scanned.ignored.includes('Orders.sql'), 'the agreeing script is listed, not loaded twice')
    assert.deepEqual(scanned.problems.map((p) => [p.member, p.code]), [['Items.sql', 'SCHEMA_INVALID']])
    assert.match(scanned.problems[0]?.message ?? '', /Items\.json and Items\.sql are two schema files for one table and disagree/)
  })
})
