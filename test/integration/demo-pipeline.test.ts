import assert from 'node:assert/strict'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { packageRoot } from '../../src/db/package-root'
import { buildDemoDumps } from '../../src/use-cases/demo'
import { run as runPipeline } from '../../src/use-cases/run'
import type { Config } from '../../src/config/config'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'

describe('the demo dumps loaded end to end (scan → generate → migrate → ingest)', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  let config: Config

  before(async () => {
    db = await createTestDatabase()
    ws = makeWorkspace('demo')
    await buildDemoDumps(path.join(packageRoot(), 'demo'), path.join(ws.dir, 'dumps'))
    config = writeConfig(ws.dir, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { workers: 2 }\n`)
    const report = await runPipeline(config)
    assert.equal(report.ok, true, JSON.stringify(report.ingest, null, 2))
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  it('loads the exact number of rows into each child table', async () => {
    const counts: Record<string, number> = {}
    for (const child of ['customers_v1', 'customers_v2', 'orders_v1', 'orders_v2', 'products_v1', 'products_v2']) {
      counts[child] = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM public.${child}`))[0].n)
    }
    assert.deepEqual(counts, { customers_v1: 3, customers_v2: 4, orders_v1: 3, orders_v2: 2, products_v1: 2, products_v2: 3 })
  })

  it('reads both versions through each mother, on the common columns, each mother counting the sum of its children', async () => {
    for (const [mother, expected] of [['customers', 7], ['orders', 5], ['products', 5]] as const) {
      const rows = await db.query<{ version: string; n: string }>(
        `SELECT d.version, count(*) AS n FROM public.${mother} m JOIN heirloom.dumps d ON d.id = m._dump_id GROUP BY d.version ORDER BY 1`)
      assert.deepEqual(rows.map((r) => r.version), ['1', '2'], mother)
      assert.equal(rows.reduce((n, r) => n + Number(r.n), 0), expected, mother)
    }
    const columns = await db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'products' ORDER BY ordinal_position")
    assert.deepEqual(columns.map((c) => c.column_name), ['productid', 'name', 'price', '_dump_id'], 'discontinued left the mother')
  })

  it('keeps version-only columns in the child, with NULL and the empty string kept apart', async () => {
    const v2 = await db.query<{ customerid: number; email: string | null; notes: string | null; loyaltytier: string | null }>(
      'SELECT customerid, email, notes, loyaltytier FROM public.customers_v2 ORDER BY customerid')
    assert.deepEqual(v2.map((r) => [r.customerid, r.email, r.notes, r.loyaltytier]), [
      [1, 'alice@example.com', null, 'gold'],
      [2, null, 'line one\nline two', ''],
      [3, 'carol@example.com', 'tab\there', 'silver'],
      [4, 'dan@example.com', null, null],
    ])
    const v1 = await db.query<{ customerid: number; email: string | null; notes: string | null }>('SELECT customerid, email, notes FROM public.customers_v1 ORDER BY customerid')
    assert.deepEqual(v1.map((r) => [r.customerid, r.email, r.notes]), [
      [1, 'anna@example.eu', 'prefers email'],
      [2, null, ''],
      [3, 'chloe@example.eu', null],
    ])
    const discontinued = await db.query<{ discontinued: boolean }>('SELECT discontinued FROM public.products_v1 ORDER BY productid')
    assert.deepEqual(discontinued.map((r) => r.discontinued), [false, true], 'the dropped column keeps its data in the old child')
  })

  it('widens the mother and every child when a type widens', async () => {
    const types = await db.query<{ table_name: string; t: string }>(
      "SELECT table_name, format_type(atttypid, atttypmod) AS t FROM information_schema.columns c JOIN pg_attribute a ON a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass AND a.attname = c.column_name WHERE c.table_schema = 'public' AND c.column_name = 'total' ORDER BY 1")
    assert.deepEqual(types.map((r) => [r.table_name, r.t]), [['orders', 'numeric(14,2)'], ['orders_v1', 'numeric(14,2)'], ['orders_v2', 'numeric(14,2)']])
  })

  it('loads nothing twice when ingest runs again', async () => {
    const report = await runPipeline(config)
    assert.equal(report.ok, true)
    assert.deepEqual(report.generate.written, [])
    assert.deepEqual(report.ingest?.dumps.map((d) => d.outcome), ['already loaded', 'already loaded'])
    const n = await db.query<{ n: string }>('SELECT count(*) AS n FROM public.customers')
    assert.equal(Number(n[0].n), 7)
  })

  it('records rows in file = rows loaded + rows rejected for every member', async () => {
    const loads = await db.query<{ member: string; rows_in_file: string; rows_loaded: string; rows_rejected: string }>(
      "SELECT member, rows_in_file, rows_loaded, rows_rejected FROM heirloom.loads WHERE status = 'loaded'")
    assert.equal(loads.length, 6)
    for (const l of loads) assert.equal(Number(l.rows_in_file), Number(l.rows_loaded) + Number(l.rows_rejected), l.member)
  })
})
