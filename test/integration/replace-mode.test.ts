import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'
import { heirloom, startHeirloom } from '../support/cli'
import { makeSyntheticDump } from '../support/synthetic-dump'
import { damageMember } from '../support/corrupt-zip'

const ROWS = 150_000
const TABLES = 2

interface RegionView { readonly rows: number; readonly dumps: number; readonly dumpId: number | null }

async function regionView(db: TestDatabase, table: string): Promise<RegionView> {
  const [r] = await db.query<{ rows: string; dumps: string; dump_id: number | null }>(
    `SELECT count(*) AS rows, count(DISTINCT m._dump_id) AS dumps, min(m._dump_id) AS dump_id
     FROM public.${table} m JOIN heirloom.dumps d ON d.id = m._dump_id WHERE d.region = 'eu'`)
  return { rows: Number(r.rows), dumps: Number(r.dumps), dumpId: r.dump_id }
}

describe('replace mode swaps a region snapshot atomically', () => {
  let ws: ReturnType<typeof makeWorkspace>
  let db: TestDatabase
  let dir: string
  let config: string

  before(async () => {
    ws = makeWorkspace('replace')
    db = await createTestDatabase()
    dir = ws.dir
    await makeSyntheticDump(path.join(dir, 'dumps'), { region: 'eu', exportedAt: '2026-11-01T00:00:00Z', tables: TABLES, rows: ROWS })
    config = path.join(dir, 'heirloom.yml')
    fs.writeFileSync(config, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { workers: 2 }\n`)
    const first = heirloom(dir, ['run', '--config', config])
    assert.equal(first.status, 0, first.stderr)
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  it('never shows a reader both snapshots of the region, nor neither, while the newer dump loads', async () => {
    const before = await regionView(db, 't01')
    await makeSyntheticDump(path.join(dir, 'dumps'), { region: 'eu', exportedAt: '2026-11-02T00:00:00Z', tables: TABLES, rows: ROWS, seed: 2 })
    const run = startHeirloom(dir, ['ingest', '--config', config])
    let finished = false
    void run.done.then(() => { finished = true })
    const seen = new Set<number>()
    let polls = 0
    while (!finished) {
      for (const table of ['t01', 't02']) {
        const view = await regionView(db, table)
        assert.equal(view.dumps, 1, `${table}: one snapshot at a time (poll ${polls})`)
        assert.equal(view.rows, ROWS, `${table}: every row of that snapshot (poll ${polls})`)
        if (view.dumpId !== null) seen.add(view.dumpId)
      }
      polls++
    }
    assert.equal((await run.done).status, 0)
    const after = await regionView(db, 't01')
    assert.notEqual(after.dumpId, before.dumpId, 'the newer dump replaced the older')
    assert.ok(polls > 3, `the reader polled during the load (${polls} polls)`)
    const [old] = await db.query<{ state: string }>('SELECT state FROM heirloom.dumps WHERE id = $1', [before.dumpId])
    assert.equal(old.state, 'superseded')
  })

  it('keeps every table of the region on its old snapshot when one table of the newer dump fails', async () => {
    const current = await regionView(db, 't02')
    const currentT01 = await regionView(db, 't01')
    const file = await makeSyntheticDump(path.join(dir, 'dumps'), { region: 'eu', exportedAt: '2026-11-03T00:00:00Z', tables: TABLES, rows: ROWS, seed: 3 })
    await damageMember(file, 'T02.dat')
    const r = heirloom(dir, ['ingest', '--config', config])
    assert.equal(r.status, 1, 'a failed member makes the run exit 1')
    assert.match(r.stderr + r.stdout, /T02\.dat/)
    const t02 = await regionView(db, 't02')
    assert.deepEqual(t02, current, 'T02 still holds the previous snapshot, whole')
    assert.deepEqual(await regionView(db, 't01'), currentT01, 'T01 loaded fine but stays on the previous snapshot too: no mix of two exports')
    const [newest] = await db.query<{ state: string; staged: string }>(
      "SELECT d.state, (SELECT count(*) FROM heirloom.leaves l WHERE l.dump_id = d.id AND l.state = 'staged') AS staged FROM heirloom.dumps d ORDER BY d.exported_at DESC LIMIT 1")
    assert.deepEqual(newest, { state: 'partly loaded', staged: String(TABLES - 1) }, 'the newer dump is partly staged, resumable')
  })
})

describe('append mode keeps every dump', () => {
  it('holds the rows of both dumps of a region', async () => {
    const ws = makeWorkspace('append')
    const db = await createTestDatabase()
    try {
      await makeSyntheticDump(path.join(ws.dir, 'dumps'), { region: 'eu', exportedAt: '2026-11-01T00:00:00Z', tables: 1, rows: 1000 })
      await makeSyntheticDump(path.join(ws.dir, 'dumps'), { region: 'eu', exportedAt: '2026-11-02T00:00:00Z', tables: 1, rows: 1000, seed: 2 })
      const config = path.join(ws.dir, 'heirloom.yml')
      fs.writeFileSync(config, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { mode: append }\n`)
      assert.equal(heirloom(ws.dir, ['run', '--config', config]).status, 0)
      assert.deepEqual(await regionView(db, 't01'), { rows: 2000, dumps: 2, dumpId: 1 })
    } finally {
      await db.drop()
      ws.cleanup()
    }
  })
})
