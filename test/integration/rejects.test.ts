import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { run as runPipeline } from '../../src/use-cases/run'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'
import { makeZip } from '../support/make-zip'

const SCHEMA = JSON.stringify({
  table: 'Items',
  columns: [
    { name: 'ItemID', type: 'int', nullable: false },
    { name: 'Code', type: 'varchar', length: 5 },
    { name: 'Qty', type: 'smallint' },
  ],
  primaryKey: ['ItemID'],
})

// bcp -c: TAB between fields, CRLF after each row, empty field = NULL.
const ROWS = [
  '1\tA1\t10', // good
  '2\tTOOLONGCODE\t5', // text too long for varchar(5)
  'x\tB2\t1', // not an integer
  '4\tC3', // too few fields: with column-by-column reading it swallows the next row
  '5\tD4\t7',
  '\tE5\t1', // NULL in a NOT NULL column
  '7\tF6\t99999', // out of range for smallint
  '8\tG7\t8', // good
]

describe('bad rows are kept as rejects and never stop the good ones', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  before(async () => {
    db = await createTestDatabase()
    ws = makeWorkspace('rejects')
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    await makeZip(path.join(ws.dir, 'dumps', 'shop_eu_v1.zip'), {
      'manifest.json': JSON.stringify({ application: 'shop', version: '1', region: 'eu', dialect: 'mssql', format: 'mssql-bcp' }),
      'Items.json': SCHEMA,
      'Items.dat': `${ROWS.join('\r\n')}\r\n`,
    })
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  it('loads the good rows and records each bad row with its line and reason; rows in file = loaded + rejected', async () => {
    const config = writeConfig(ws.dir, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\n`)
    const report = await runPipeline(config)
    assert.equal(report.ok, true)
    const ids = await db.query<{ itemid: number }>('SELECT itemid FROM public.items_v1 ORDER BY itemid')
    assert.deepEqual(ids.map((r) => r.itemid), [1, 8])
    const rejects = await db.query<{ line: string; reason: string; raw: string }>('SELECT line, reason, raw FROM heirloom.rejects ORDER BY line')
    assert.deepEqual(rejects.map((r) => Number(r.line)), [2, 3, 4, 6, 7])
    assert.match(rejects[0].reason, /code/i)
    assert.match(rejects[1].reason, /itemid/i)
    assert.match(rejects[2].reason, /expected 3 fields, found 4/)
    assert.match(rejects[3].reason, /NULL in a NOT NULL column/)
    assert.match(rejects[4].reason, /qty/i)
    assert.equal(rejects[0].raw, '2\tTOOLONGCODE\t5')
    const [load] = await db.query<{ rows_in_file: string; rows_loaded: string; rows_rejected: string }>('SELECT rows_in_file, rows_loaded, rows_rejected FROM heirloom.loads')
    assert.deepEqual([load.rows_in_file, load.rows_loaded, load.rows_rejected].map(Number), [7, 2, 5])
  })

  it('fails and rolls back a member with more rejects than ingest.maxRejects', async () => {
    const other = await createTestDatabase()
    try {
      const dir = path.join(ws.dir, 'strict')
      fs.mkdirSync(dir)
      const config = writeConfig(dir, `database: { url: '${other.url}' }\ndumps: { path: ../dumps }\nmigrations: { directory: ./migrations }\ningest: { maxRejects: 2 }\n`)
      const report = await runPipeline(config)
      assert.equal(report.ok, false)
      const member = report.ingest?.dumps[0].members[0]
      assert.equal(member?.status, 'failed')
      assert.equal(member?.status === 'failed' ? member.code : '', 'TOO_MANY_REJECTS')
      assert.equal((await other.query('SELECT 1 FROM public.items')).length, 0)
      assert.equal((await other.query('SELECT 1 FROM heirloom.rejects')).length, 0)
      const [load] = await other.query<{ status: string; error: string }>('SELECT status, error FROM heirloom.loads')
      assert.equal(load.status, 'failed')
      assert.match(load.error, /shop_eu_v1\.zip: Items\.dat: more than 2 rows rejected/)
    } finally {
      await other.drop()
    }
  })
})
