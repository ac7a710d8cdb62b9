import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'
import { heirloom, startHeirloom } from '../support/cli'
import { makeSyntheticDump } from '../support/synthetic-dump'

const TABLES = 6
const ROWS = 40_000

interface Fixture { dir: string; config: string; db: TestDatabase }

/** A workspace with two regions' dumps, generated and migrated, nothing loaded. */
async function fixture(ws: string, label: string, mode = 'replace'): Promise<Fixture> {
  const dir = path.join(ws, label)
  const db = await createTestDatabase()
  await makeSyntheticDump(path.join(dir, 'dumps'), { region: 'eu', exportedAt: '2026-11-01T00:00:00Z', tables: TABLES, rows: ROWS })
  await makeSyntheticDump(path.join(dir, 'dumps'), { region: 'us', exportedAt: '2026-11-01T01:00:00Z', tables: TABLES, rows: ROWS, seed: 1 })
  const config = path.join(dir, 'heirloom.yml')
  fs.writeFileSync(config, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { workers: 2, mode: ${mode} }\n`)
  for (const step of ['generate', 'migrate']) assert.equal(heirloom(dir, [step, '--config', config]).status, 0, step)
  return { dir, config, db }
}

/** Per-child row counts and an order-independent checksum of every row's content. */
async function snapshot(db: TestDatabase): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (let t = 1; t <= TABLES; t++) {
    const child = `t${String(t).padStart(2, '0')}_v1`
    const [r] = await db.query<{ n: string; sum: string }>(
      `SELECT count(*) AS n, md5(string_agg(row(c.id, c.label, c.amount, d.region)::text, ',' ORDER BY d.region, c.id)) AS sum
       FROM public.${child} c JOIN heirloom.dumps d ON d.id = c._dump_id`)
    out[child] = `${r.n}:${r.sum}`
  }
  return out
}

/** Waits (up to 30 s) until `loaded` members are committed and a COPY into this database has sent rows. */
async function copyingAfter(db: TestDatabase, loaded: number): Promise<boolean> {
  for (let i = 0; i < 3000; i++) {
    const [r] = await db.query<{ loaded: string; copying: boolean }>(
      `SELECT (SELECT count(*) FROM heirloom.loads WHERE status = 'loaded') AS loaded,
              EXISTS (SELECT 1 FROM pg_stat_progress_copy WHERE datname = current_database() AND tuples_processed > 0) AS copying`)
    if (Number(r.loaded) >= loaded && r.copying) return true
    await sleep(10)
  }
  return false
}

describe('exactly once under faults', () => {
  let ws: ReturnType<typeof makeWorkspace>
  let reference: Record<string, string>
  const dbs: TestDatabase[] = []

  before(async () => {
    ws = makeWorkspace('faults')
    const f = await fixture(ws.dir, 'reference')
    dbs.push(f.db)
    const r = heirloom(f.dir, ['ingest', '--config', f.config])
    assert.equal(r.status, 0, r.stderr)
    reference = await snapshot(f.db)
    assert.equal(reference.t01_v1.split(':')[0], String(2 * ROWS))
  })
  after(async () => {
    for (const db of dbs) await db.drop()
    ws.cleanup()
  })

  // Kill moments by progress, not by the clock (a faster ingest would outrun fixed delays): while the first COPY
  // runs, and while a COPY runs after 4 and after 8 of the 12 members are committed.
  for (const loaded of [0, 4, 8]) {
    it(`ends in the uninterrupted state after kill -9 in a COPY with ${loaded} of ${2 * TABLES} members loaded, and a re-run`, async () => {
      const f = await fixture(ws.dir, `kill-${loaded}`)
      dbs.push(f.db)
      const run = startHeirloom(f.dir, ['ingest', '--config', f.config])
      assert.ok(await copyingAfter(f.db, loaded), `a COPY was under way after ${loaded} members were loaded`)
      run.child.kill('SIGKILL')
      const killed = await run.done
      assert.equal(killed.status, null, 'the run was killed before it finished')
      const rerun = heirloom(f.dir, ['ingest', '--config', f.config])
      assert.equal(rerun.status, 0, rerun.stderr)
      assert.deepEqual(await snapshot(f.db), reference)
      const [loads] = await f.db.query<{ n: string }>("SELECT count(*) AS n FROM heirloom.loads WHERE status = 'loaded'")
      assert.equal(Number(loads.n), 2 * TABLES)
    })
  }

  it('shares the work between two ingest processes started together and loads every member once', async () => {
    const f = await fixture(ws.dir, 'concurrent')
    dbs.push(f.db)
    const a = startHeirloom(f.dir, ['ingest', '--json', '--config', f.config])
    const b = startHeirloom(f.dir, ['ingest', '--json', '--config', f.config])
    const [ra, rb] = await Promise.all([a.done, b.done])
    assert.equal(ra.status, 0, ra.stdout + ra.stderr)
    assert.equal(rb.status, 0, rb.stdout + rb.stderr)
    const loadedBy = (r: { stdout: string }): string[] => (JSON.parse(r.stdout) as { dumps: { file: string; members: { status: string; member: string }[] }[] }).dumps
      .flatMap((d) => d.members.filter((m) => m.status === 'loaded').map((m) => `${path.basename(d.file)}:${m.member}`))
    const la = loadedBy(ra)
    const lb = loadedBy(rb)
    assert.deepEqual(la.filter((m) => lb.includes(m)), [], 'no member loaded by both')
    assert.equal(la.length + lb.length, 2 * TABLES, 'every member loaded by one of them')
    assert.ok(la.length > 0 && lb.length > 0, `both loaded some: ${la.length} and ${lb.length}`)
    assert.deepEqual(await snapshot(f.db), reference)
  })
})
