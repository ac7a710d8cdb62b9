import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import type { Config } from '../../src/config/config'
import { scanDump, type ScannedDump } from '../../src/dump/scan-dump'
import { formatPgType } from '../../src/schema/model'
import { toTargetTable } from '../../src/schema/target-table'
import { run as runPipeline } from '../../src/use-cases/run'
import { heirloom } from '../support/cli'
import { makeZip } from '../support/make-zip'
import { createTestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'

/*
 * A made-up `legacydb`: a MySQL fork whose exporter writes binary as hex and
 * booleans only as 0/1, and which has a `money` type. Its map states only
 * these differences; YEAR 0000 and zero dates become NULL as in MySQL.
 */
const LEGACYDB_MAP = {
  $comment: 'legacydb: MySQL with hex binary, 0/1 booleans and a money type',
  extends: 'mysql',
  conversions: { binary: 'hex', booleans: 'zeroOne' },
  types: { money: { pg: 'numeric', modifiers: [19, 4] }, cash: { sameAs: 'money' } },
}

const SCHEMA = {
  table: 'Ledger',
  columns: [
    { name: 'id', type: 'int', nullable: false },
    { name: 'flag', type: 'tinyint', length: 1 },
    { name: 'blob', type: 'varbinary', length: 16 },
    { name: 'amount', type: 'money' },
    { name: 'yr', type: 'year' },
    { name: 'd', type: 'date' },
    { name: 'note', type: 'json' },
  ],
}

const ROWS = [
  '1,1,CAFE,12.3456,0000,0000-00-00,"{""a"":1}"',
  '2,2,00,1,2024,2024-01-31,',
  '3,0,0xff,,1999,2024-02-29,',
]

describe('a dialect added as data (a JSON map named in the config) loads a dump with no code', () => {
  it('maps its types and converts its values as its map says, rejecting what its conversions refuse', async () => {
    const ws = makeWorkspace('user-dialect')
    const db = await createTestDatabase()
    try {
      fs.mkdirSync(path.join(ws.dir, 'dumps'))
      fs.mkdirSync(path.join(ws.dir, 'dialects'))
      fs.writeFileSync(path.join(ws.dir, 'dialects', 'legacydb.json'), JSON.stringify(LEGACYDB_MAP, null, 2))
      await makeZip(path.join(ws.dir, 'dumps', 'ledger.zip'), {
        'manifest.json': JSON.stringify({ application: 'books', version: '1', region: 'apac', dialect: 'legacydb', format: 'csv' }),
        'Ledger.json': JSON.stringify(SCHEMA),
        'Ledger.dat': `${ROWS.join('\n')}\n`,
      })
      const config = writeConfig(ws.dir, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\ndialects: { legacydb: ./dialects/legacydb.json }\n`
        + `types: { overrides: { legacydb: { json: text } } }\nmigrations: { directory: ./migrations }\n`)
      const report = await runPipeline(config)
      assert.equal(report.ok, true, JSON.stringify(report.ingest))
      const types = await db.query<{ attname: string; type: string }>(
        "SELECT attname, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'public.ledger_v1'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")
      assert.deepEqual(types.map((t) => `${t.attname} ${t.type}`), [
        'id integer', 'flag boolean', 'blob bytea', 'amount numeric(19,4)', 'yr smallint', 'd date', 'note text', '_dump_id integer',
      ])
      const rows = await db.query<Record<string, string | null>>('SELECT id::text, flag::text, blob::text, amount::text, yr::text, d::text, note FROM public.ledger_v1 ORDER BY id')
      assert.deepEqual(rows, [
        { id: '1', flag: 'true', blob: '\\xcafe', amount: '12.3456', yr: null, d: null, note: '{"a":1}' },
        { id: '3', flag: 'false', blob: '\\xff', amount: null, yr: '1999', d: '2024-02-29', note: null },
      ])
      const rejects = await db.query<{ line: string; reason: string }>('SELECT line, reason FROM heirloom.rejects ORDER BY line')
      assert.deepEqual(rejects.map((r) => Number(r.line)), [2])
      assert.match(rejects[0].reason, /flag.*not a boolean \(0\/1, true\/false\)/)
    } finally {
      await db.drop()
      ws.cleanup()
    }
  })

  it('a wrong rule in the map stops the CLI with exit 2, naming the file, the type and the problem', () => {
    const ws = makeWorkspace('user-dialect-broken')
    try {
      fs.writeFileSync(path.join(ws.dir, 'legacydb.json'), JSON.stringify({ extends: 'mysql', types: { money: { pg: 'numeric', args: ['size'] } } }))
      fs.writeFileSync(path.join(ws.dir, 'heirloom.yml'), 'dialects: { legacydb: ./legacydb.json }\ndumps: { path: ./dumps }\n')
      fs.mkdirSync(path.join(ws.dir, 'dumps'))
      const r = heirloom(ws.dir, ['scan'])
      assert.equal(r.status, 2, r.stderr)
      assert.match(r.stderr, /legacydb\.json: type "money" args 0: must be one of length, precision, scale, datetimePrecision/)
    } finally {
      ws.cleanup()
    }
  })
})

describe('a dialect added as data reads its dump\'s other files as the built-in it extends', () => {
  async function scanWith(name: string, map: unknown, format: string, members: Record<string, string>): Promise<{ dump: ScannedDump; config: Config }> {
    const ws = makeWorkspace(`user-dialect-${name}`)
    try {
      fs.mkdirSync(path.join(ws.dir, 'dumps'))
      fs.writeFileSync(path.join(ws.dir, `${name}.json`), JSON.stringify(map))
      await makeZip(path.join(ws.dir, 'dumps', 'shop.zip'), members)
      const config = writeConfig(ws.dir, `dialects: { ${name}: ./${name}.json }\ndumps:\n  path: ./dumps\n  defaults: { version: '1', dialect: ${name}, format: ${format} }\n`)
      return { dump: await scanDump(path.join(ws.dir, 'dumps', 'shop.zip'), config), config }
    } finally {
      ws.cleanup()
    }
  }

  it('extends mssql: a .sql member is SQL Server DDL, with alias types from another member', async () => {
    const { dump, config } = await scanWith('azuresql', { extends: 'mssql', types: { money: { pg: 'numeric', modifiers: [19, 2] } } }, 'mssql-bcp', {
      'types.sql': 'CREATE TYPE [dbo].[Name] FROM [nvarchar](50) NULL\nGO\n',
      'Customers.sql': 'CREATE TABLE [dbo].[Customers]([Id] [int] NOT NULL, [Name] [dbo].[Name] NULL, [Credit] [money] NULL)\nGO\n',
      'Customers.dat': '1\tAda\t2.50\r\n',
    })
    assert.deepEqual(dump.problems, [])
    assert.equal(dump.identity.dialect, 'azuresql')
    const { table } = toTargetTable(dump.tables[0].schema, dump.identity.dialect, config)
    assert.deepEqual(table.columns.map((c) => `${c.name} ${formatPgType(c.type)}`), ['id integer', 'name varchar(50)', 'credit numeric(19,2)'])
  })

  it('extends mysql: a member Table.txt is data beside its Table.sql, whatever the format (here csv)', async () => {
    const { dump } = await scanWith('mariadb10', { extends: 'mysql', types: {} }, 'csv', {
      'Items.sql': 'CREATE TABLE `Items` (\n  `id` int NOT NULL,\n  `name` varchar(20) DEFAULT NULL,\n  PRIMARY KEY (`id`)\n);\n',
      'Items.txt': '1,pen\n',
    })
    assert.deepEqual(dump.problems, [])
    assert.deepEqual(dump.tables.map((t) => [t.schema.name, t.dataMembers.map((m) => m.name)]), [['Items', ['Items.txt']]])
  })
})
