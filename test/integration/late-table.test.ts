import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { run as runPipeline } from '../../src/use-cases/run'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'
import { makeZip } from '../support/make-zip'

/*
 * Regions export the same application version, but not always the same
 * tables: the first dump of v1 (eu) has customers only, a later one (us)
 * also has orders. The version's migration exists by then; `run` must
 * still give orders a mother and a child, in a migration of its own, and
 * load it — and a third run must find nothing new.
 */
const table = (name: string, columns: string): string =>
  JSON.stringify({ table: name, columns: columns.split(',').map((c) => ({ name: c, type: 'int' })) })

describe('a table that a later dump of an already migrated version brings', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  let config: ReturnType<typeof writeConfig>
  before(async () => {
    db = await createTestDatabase()
    ws = makeWorkspace('late-table')
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    config = writeConfig(ws.dir, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\n`)
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  async function dump(region: string, exportedAt: string, members: Record<string, string>): Promise<void> {
    await makeZip(path.join(ws.dir, 'dumps', `shop_${region}_v1.zip`), {
      'manifest.json': JSON.stringify({ application: 'shop', version: '1', region, exportedAt, dialect: 'mysql', format: 'mysql-tab' }),
      ...members,
    })
  }

  it('gets a migration of its own and loads', async () => {
    await dump('eu', '2026-11-01T02:00:00Z', { 'customers.json': table('customers', 'id'), 'customers.dat': '1\n2\n' })
    assert.equal((await runPipeline(config)).ok, true)
    await dump('us', '2026-11-02T02:00:00Z', {
      'customers.json': table('customers', 'id'), 'customers.dat': '3\n',
      'orders.json': table('orders', 'id,customer'), 'orders.dat': '10\t3\n11\t3\n',
    })
    const second = await runPipeline(config)
    assert.equal(second.ok, true, JSON.stringify(second.ingest))
    assert.deepEqual(second.generate.written.map((f) => path.basename(f)), ['20261102020000_shop_v1_tables.ts'])
    const [orders] = await db.query<{ n: string }>('SELECT count(*) AS n FROM public.orders')
    assert.equal(Number(orders.n), 2)
    const [customers] = await db.query<{ n: string }>('SELECT count(*) AS n FROM public.customers')
    assert.equal(Number(customers.n), 3)
  })

  it('finds nothing new on the next run', async () => {
    const third = await runPipeline(config)
    assert.equal(third.ok, true)
    assert.deepEqual(third.generate.planned, [])
  })
})
