/**
 * Issue #17: a region's snapshot switches at once. Kill -9 at each named
 * point of a replace (HEIRLOOM_TEST_PAUSE_AT): after a table's COPY and
 * before its commit, after the leaves are staged and before the switch,
 * inside the switch, and after the switch before the older leaves are
 * dropped. Each is judged by count(*) and a content checksum of every data
 * table, while killed and after a re-run, against an uninterrupted run. Then:
 * a re-run after staging does not reload staged tables; a reader polling
 * two mothers in one REPEATABLE READ transaction never sees two snapshots;
 * a long reader delays the switch, not the readers after it.
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'
import { heirloom, startHeirloom } from '../support/cli'
import { makeSyntheticDump } from '../support/synthetic-dump'
import { pausedAt, sessionGone } from '../support/pause'

const TABLES = 3
/** The bookkeeping id of the newer snapshot of eu. */
const NEWER = "(SELECT id FROM heirloom.dumps WHERE exported_at = '2026-11-02T00:00:00Z')"
const ROWS = 5000

interface Fixture { readonly dir: string; readonly config: string; readonly db: TestDatabase }

/** Two regions' first snapshots loaded; a newer snapshot of eu in the dumps folder, not loaded yet. */
async function fixture(ws: string, label: string): Promise<Fixture> {
  const dir = path.join(ws, label)
  const db = await createTestDatabase()
  await makeSyntheticDump(path.join(dir, 'dumps'), { region: 'eu', exportedAt: '2026-11-01T00:00:00Z', tables: TABLES, rows: ROWS })
  await makeSyntheticDump(path.join(dir, 'dumps'), { region: 'us', exportedAt: '2026-11-01T01:00:00Z', tables: TABLES, rows: ROWS, seed: 1 })
  const config = path.join(dir, 'heirloom.yml')
  fs.writeFileSync(config, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { workers: 2 }\n`)
  const first = heirloom(dir, ['run', '--config', config])
  assert.equal(first.status, 0, first.stdout + first.stderr)
  await makeSyntheticDump(path.join(dir, 'dumps'), { region: 'eu', exportedAt: '2026-11-02T00:00:00Z', tables: TABLES, rows: ROWS, seed: 2 })
  return { dir, config, db }
}

/** What a reader sees: per mother, count(*) and an order-independent checksum of every row with its region and dump. */
async function snapshot(db: TestDatabase): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (let t = 1; t <= TABLES; t++) {
    const mother = `t0${t}`
    const [r] = await db.query<{ n: string; sum: string }>(
      `SELECT count(*) AS n, md5(string_agg(row(c.id, c.label, c.amount, d.region, d.exported_at)::text, ',' ORDER BY d.region, c.id)) AS sum
       FROM public.${mother} c JOIN heirloom.dumps d ON d.id = c._dump_id`)
    out[mother] = `${r.n}:${r.sum}`
  }
  return out
}

/** The leaves: no table in the leaves' schema the bookkeeping does not know, none detached left over, every attached one in the tree. */
async function assertLeavesTidy(db: TestDatabase): Promise<void> {
  const [r] = await db.query<{ tables: string; known: string; detached: string; attached: string; inherits: string }>(`
    SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public_leaves') AS tables,
           (SELECT count(*) FROM heirloom.leaves) AS known,
           (SELECT count(*) FROM heirloom.leaves WHERE state = 'detached') AS detached,
           (SELECT count(*) FROM heirloom.leaves WHERE state = 'attached') AS attached,
           (SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public_leaves') AS inherits`)
  assert.deepEqual(r, { tables: String(2 * TABLES), known: String(2 * TABLES), detached: '0', attached: String(2 * TABLES), inherits: String(2 * TABLES) })
}

describe('a region switches at once, exactly once under kill -9 at every named point', () => {
  let ws: ReturnType<typeof makeWorkspace>
  let before1: Record<string, string>
  let reference: Record<string, string>
  const dbs: TestDatabase[] = []

  before(async () => {
    ws = makeWorkspace('switch-faults')
    const f = await fixture(ws.dir, 'reference')
    dbs.push(f.db)
    before1 = await snapshot(f.db)
    const r = heirloom(f.dir, ['ingest', '--config', f.config])
    assert.equal(r.status, 0, r.stdout + r.stderr)
    reference = await snapshot(f.db)
    assert.notDeepEqual(reference, before1)
    assert.equal(reference.t01.split(':')[0], String(2 * ROWS))
    await assertLeavesTidy(f.db)
  })
  after(async () => {
    for (const db of dbs) await db.drop()
    ws.cleanup()
  })

  // What a reader must see while the process lies dead at each point: the old snapshot in every table, or the new in every one.
  const points: { at: string; visible: 'old' | 'new' }[] = [
    { at: 'copied:t02', visible: 'old' },
    { at: 'staged', visible: 'old' },
    { at: 'switching', visible: 'old' },
    { at: 'switched', visible: 'new' },
  ]
  for (const { at, visible } of points) {
    it(`shows the ${visible} snapshot in every table after kill -9 at "${at}", and a re-run ends in the uninterrupted state`, async () => {
      const f = await fixture(ws.dir, `kill-${at.replace(/:/g, '-')}`)
      dbs.push(f.db)
      const run = startHeirloom(f.dir, ['ingest', '--config', f.config], { HEIRLOOM_TEST_PAUSE_AT: at })
      const pid = await pausedAt(f.db, at)
      assert.ok(pid !== undefined, `the run reached "${at}"`)
      run.child.kill('SIGKILL')
      await run.done
      await sessionGone(f.db, pid)
      assert.deepEqual(await snapshot(f.db), visible === 'old' ? before1 : reference, `killed at "${at}": every table shows the ${visible} snapshot`)
      const again = heirloom(f.dir, ['ingest', '--config', f.config])
      assert.equal(again.status, 0, again.stdout + again.stderr)
      assert.deepEqual(await snapshot(f.db), reference)
      await assertLeavesTidy(f.db)
      assert.equal(heirloom(f.dir, ['ingest', '--config', f.config]).status, 0, 'a third run changes nothing')
      assert.deepEqual(await snapshot(f.db), reference)
    })
  }

  it('resumes after kill -9 between staging and the switch without reloading the staged tables', async () => {
    const f = await fixture(ws.dir, 'resume')
    dbs.push(f.db)
    const run = startHeirloom(f.dir, ['ingest', '--config', f.config], { HEIRLOOM_TEST_PAUSE_AT: 'staged' })
    const pid = await pausedAt(f.db, 'staged')
    assert.ok(pid !== undefined)
    run.child.kill('SIGKILL')
    await run.done
    await sessionGone(f.db, pid)
    const leaves = async (): Promise<string[]> => (await f.db.query<{ l: string }>(
      `SELECT l.leaf || ':' || c.oid || ':' || c.relfilenode AS l FROM heirloom.leaves l JOIN pg_class c ON c.relname = l.leaf WHERE l.dump_id = ${NEWER} ORDER BY 1`)).map((r) => r.l)
    const staged = await leaves()
    assert.equal(staged.length, TABLES, 'every table of the newer dump is staged')
    const again = heirloom(f.dir, ['ingest', '--json', '--config', f.config])
    assert.equal(again.status, 0, again.stdout + again.stderr)
    const report = JSON.parse(again.stdout) as { dumps: { file: string; outcome: string; members: unknown[] }[] }
    const eu = report.dumps.find((d) => d.file.includes('eu_2026-11-02'))
    assert.deepEqual([eu?.outcome, eu?.members.length], ['loaded', 0], 'the re-run switched the dump and loaded no member again')
    assert.deepEqual(await leaves(), staged, 'the same leaves, the same files: nothing reloaded')
    const [attempts] = await f.db.query<{ max: number }>(`SELECT max(l.attempts) AS max FROM heirloom.loads l WHERE l.dump_id = ${NEWER}`)
    assert.equal(attempts.max, 1)
    assert.deepEqual(await snapshot(f.db), reference)
  })
})

describe('readers during a switch', () => {
  it('never see two snapshots of a region across two mothers in one REPEATABLE READ transaction, nor both, nor neither', async () => {
    const ws = makeWorkspace('switch-reader')
    const f = await fixture(ws.dir, 'reader')
    try {
      const reader = new pg.Client({ connectionString: f.db.url })
      await reader.connect()
      const run = startHeirloom(f.dir, ['ingest', '--config', f.config])
      let finished = false
      void run.done.then(() => { finished = true })
      const seen: string[] = []
      const euDumps = "SELECT array_agg(DISTINCT c._dump_id ORDER BY c._dump_id)::text AS ids FROM public.%s c WHERE c._dump_id IN (SELECT id FROM heirloom.dumps WHERE region = 'eu')"
      while (!finished) {
        await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ')
        const a = (await reader.query<{ ids: string }>(euDumps.replace('%s', 't01'))).rows[0].ids
        await sleep(5)
        const b = (await reader.query<{ ids: string }>(euDumps.replace('%s', 't03'))).rows[0].ids
        await reader.query('COMMIT')
        assert.equal(a, b, 'both mothers show the same snapshot of eu')
        assert.match(a ?? '', /^\{\d+\}$/, 'exactly one snapshot of eu: never both, never neither')
        seen.push(a)
        await sleep(20)
      }
      assert.equal((await run.done).status, 0)
      await reader.end()
      assert.ok(seen.length > 5, `the reader polled during the run (${seen.length} polls)`)
      const [newest] = await f.db.query<{ ids: string }>(`SELECT '{' || id || '}' AS ids FROM heirloom.dumps WHERE id = ${NEWER}`)
      assert.notEqual(seen[0], newest.ids, 'the first polls saw the old snapshot')
      const [last] = await f.db.query<{ ids: string }>(euDumps.replace('%s', 't01'))
      assert.equal(last.ids, newest.ids, 'the new snapshot is in place')
    } finally {
      await f.db.drop()
      ws.cleanup()
    }
  })

  it('lets a long reader delay the switch while readers after it wait no longer than one short lock wait', async (t) => {
    const ws = makeWorkspace('switch-long-reader')
    const f = await fixture(ws.dir, 'long-reader')
    try {
      const long = new pg.Client({ connectionString: f.db.url })
      long.on('error', () => undefined)
      await long.connect()
      await long.query('BEGIN ISOLATION LEVEL REPEATABLE READ')
      await long.query('SELECT count(*) FROM public.t01')
      const started = Date.now()
      const run = startHeirloom(f.dir, ['ingest', '--config', f.config], { HEIRLOOM_TEST_PAUSE_AT: 'staged' })
      const pid = await pausedAt(f.db, 'staged')
      assert.ok(pid !== undefined)
      await f.db.query('SELECT pg_cancel_backend($1)', [pid])
      // While the long reader holds its snapshot, new readers come and go: how long does each wait?
      const waits: number[] = []
      const reader = new pg.Client({ connectionString: f.db.url })
      reader.on('error', () => undefined)
      await reader.connect()
      const holdUntil = Date.now() + 4000
      while (Date.now() < holdUntil) {
        const s = process.hrtime.bigint()
        await reader.query('SELECT count(*) FROM public.t01')
        waits.push(Number(process.hrtime.bigint() - s) / 1e6)
        await sleep(25)
      }
      const [during] = await f.db.query<{ state: string }>(`SELECT state FROM heirloom.dumps WHERE id = ${NEWER}`)
      assert.notEqual(during.state, 'loaded', 'the switch waits for the long reader')
      await long.query('COMMIT')
      await long.end()
      const released = Date.now()
      const r = await run.done
      assert.equal(r.status, 0, r.stdout + r.stderr)
      await reader.end()
      const [state] = await f.db.query<{ state: string }>(`SELECT state FROM heirloom.dumps WHERE id = ${NEWER}`)
      assert.equal(state.state, 'loaded')
      waits.sort((a, b) => a - b)
      const p = (q: number): number => Math.round(waits[Math.min(waits.length - 1, Math.floor(q * waits.length))])
      t.diagnostic(`new readers while a long reader held the switch off for ${((released - started) / 1000).toFixed(1)} s: ${waits.length} queries, median ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${p(1)} ms; switch done ${Date.now() - released} ms after the long reader ended (run included)`)
      assert.ok(p(1) < 1500, `no new reader waited long behind the switch (max ${p(1)} ms)`)
    } finally {
      await f.db.drop()
      ws.cleanup()
    }
  })
})
