/**
 * Issue #17: a large member loaded through several COPY streams at once
 * (ingest.parallelCopy), each into a staged leaf part of its own. One reader
 * numbers the lines before dealing the rows out, so rejects keep their line
 * numbers whichever stream takes their neighbours; the load equals a
 * one-stream load; and a kill -9 after the parts committed but before the
 * member is recorded leaves nothing doubled after the re-run.
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'
import { heirloom, startHeirloom } from '../support/cli'
import { makeZip } from '../support/make-zip'
import { syntheticSchema } from '../support/synthetic-dump'
import { pausedAt, sessionGone } from '../support/pause'

/** Enough rows for several 256 KiB batches, so each of the two streams takes some. */
const LINES = 60_000
/** Every 997th line has an id PostgreSQL cannot read: rejects spread over the whole member. */
const isBad = (line: number): boolean => line % 997 === 0

/** A mysql-tab dump of one table T01 whose line n holds id n (bad lines: 'x{n}'). */
async function makeDump(dir: string, bad: boolean): Promise<void> {
  const lines: string[] = []
  for (let i = 1; i <= LINES; i++) lines.push(`${bad && isBad(i) ? `x${i}` : i}\tlabel-${i}\t${(i * 7919 % 100000) / 100}`)
  fs.mkdirSync(dir, { recursive: true })
  await makeZip(path.join(dir, 'shop_eu_2026-11-01.zip'), {
    'manifest.json': JSON.stringify({ application: 'shop', version: '1', region: 'eu', exportedAt: '2026-11-01T00:00:00Z', dialect: 'mysql', format: 'mysql-tab' }),
    'T01.json': syntheticSchema('T01'),
    'T01.dat': `${lines.join('\n')}\n`,
  })
}

interface Fixture { readonly dir: string; readonly config: string; readonly db: TestDatabase }

async function fixture(ws: string, label: string, streams: number, bad: boolean): Promise<Fixture> {
  const dir = path.join(ws, label)
  const db = await createTestDatabase()
  await makeDump(path.join(dir, 'dumps'), bad)
  const config = path.join(dir, 'heirloom.yml')
  fs.writeFileSync(config, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { workers: 1, parallelCopy: { streams: ${streams}, minBytes: 1 } }\n`)
  return { dir, config, db }
}

/** count(*) and an order-independent checksum of the mother's rows. */
async function contents(db: TestDatabase): Promise<string> {
  const [r] = await db.query<{ n: string; sum: string }>(
    "SELECT count(*) AS n, md5(coalesce(string_agg(row(id, label, amount)::text, ',' ORDER BY id), '')) AS sum FROM public.t01")
  return `${r.n}:${r.sum}`
}

async function leafParts(db: TestDatabase): Promise<{ part: number; leaf: string; state: string }[]> {
  return db.query<{ part: number; leaf: string; state: string }>('SELECT part, leaf, state FROM heirloom.leaves ORDER BY part')
}

/** Tables in the leaves' schema the bookkeeping does not know (orphan parts). */
async function unknownLeafTables(db: TestDatabase): Promise<string[]> {
  return (await db.query<{ t: string }>(
    "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public_leaves' AND tablename NOT IN (SELECT leaf FROM heirloom.leaves) ORDER BY 1")).map((r) => r.t)
}

describe('a large member through two parallel COPY streams', () => {
  let ws: ReturnType<typeof makeWorkspace>
  const dbs: TestDatabase[] = []
  let oneStream: Fixture
  before(async () => {
    ws = makeWorkspace('parallel-streams')
    oneStream = await fixture(ws.dir, 'one-stream', 1, true)
    dbs.push(oneStream.db)
    const r = heirloom(oneStream.dir, ['run', '--config', oneStream.config])
    assert.equal(r.status, 0, r.stdout + r.stderr)
  })
  after(async () => {
    for (const db of dbs) await db.drop()
    ws.cleanup()
  })

  it('gives rejects in both parts their right line numbers, rows in file = loaded + rejected, and loads what one stream loads', async () => {
    const f = await fixture(ws.dir, 'two-streams', 2, true)
    dbs.push(f.db)
    const r = heirloom(f.dir, ['run', '--config', f.config])
    assert.equal(r.status, 0, r.stdout + r.stderr)
    const parts = await leafParts(f.db)
    assert.deepEqual(parts.map((p) => [p.part, p.state]), [[0, 'attached'], [1, 'attached']], 'two leaf parts, both attached by the switch')

    const badLines = Array.from({ length: LINES }, (_, i) => i + 1).filter(isBad)
    const rejects = await f.db.query<{ line: string; raw: string; reason: string }>('SELECT line, raw, reason FROM heirloom.rejects ORDER BY line')
    assert.deepEqual(rejects.map((x) => Number(x.line)), badLines, 'every bad line rejected, with its own line number')
    for (const x of rejects) assert.ok(x.raw.startsWith(`x${x.line}\t`), `line ${x.line}'s reject holds that line's text: ${x.raw}`)
    // Line n holds id n: the good rows around each reject show which part took that stretch of the file.
    const around = await f.db.query<{ leaf: string; n: string }>(
      `SELECT c.tableoid::regclass::text AS leaf, count(*) AS n FROM public.t01 c WHERE c.id IN (${badLines.map((l) => l - 1).join(', ')}) GROUP BY 1`)
    assert.equal(around.length, 2, `rejects fall in the stretches of both parts: ${JSON.stringify(around)}`)
    const perLeaf = await f.db.query<{ n: string }>('SELECT count(*) AS n FROM public.t01 GROUP BY tableoid')
    assert.ok(perLeaf.every((p) => Number(p.n) > 1000), `both parts hold rows: ${JSON.stringify(perLeaf)}`)

    const [load] = await f.db.query<{ rows_in_file: string; rows_loaded: string; rows_rejected: string }>('SELECT rows_in_file, rows_loaded, rows_rejected FROM heirloom.loads')
    assert.deepEqual([Number(load.rows_in_file), Number(load.rows_loaded), Number(load.rows_rejected)], [LINES, LINES - badLines.length, badLines.length])
    const [ids] = await f.db.query<{ ok: boolean }>(`SELECT array_agg(id ORDER BY id) = (SELECT array_agg(i) FROM generate_series(1, ${LINES}) i WHERE i % 997 <> 0) AS ok FROM public.t01`)
    assert.equal(ids.ok, true, 'the rows loaded are exactly the good lines, each once')

    assert.equal(await contents(f.db), await contents(oneStream.db), 'count(*) and content equal to a one-stream load')
    const oneStreamRejects = await oneStream.db.query<{ line: string; reason: string }>('SELECT line, reason FROM heirloom.rejects ORDER BY line')
    assert.deepEqual(rejects.map((x) => [x.line, x.reason]), oneStreamRejects.map((x) => [x.line, x.reason]), 'the same rejects and reasons as one stream')
    assert.deepEqual((await leafParts(oneStream.db)).map((p) => p.part), [0], 'one stream: one leaf')
  })

  it('leaves no doubled rows after kill -9 once the parts committed and before the member is recorded, and a re-run', async () => {
    const reference = await fixture(ws.dir, 'kill-reference', 2, false)
    dbs.push(reference.db)
    assert.equal(heirloom(reference.dir, ['run', '--config', reference.config]).status, 0)
    const expected = await contents(reference.db)
    assert.equal(expected.split(':')[0], String(LINES))

    const f = await fixture(ws.dir, 'kill', 2, false)
    dbs.push(f.db)
    const migrate = heirloom(f.dir, ['generate', '--config', f.config])
    assert.equal(migrate.status, 0, migrate.stdout + migrate.stderr)
    assert.equal(heirloom(f.dir, ['migrate', '--config', f.config]).status, 0)
    const run = startHeirloom(f.dir, ['ingest', '--config', f.config], { HEIRLOOM_TEST_PAUSE_AT: 'parts-committed:t01' })
    const pid = await pausedAt(f.db, 'parts-committed:t01')
    assert.ok(pid !== undefined, 'the run reached "parts-committed"')
    run.child.kill('SIGKILL')
    await run.done
    await sessionGone(f.db, pid)
    assert.equal(await contents(f.db), '0:d41d8cd98f00b204e9800998ecf8427e', 'killed: no row visible')
    const orphans = await unknownLeafTables(f.db)

    const again = heirloom(f.dir, ['ingest', '--config', f.config])
    assert.equal(again.status, 0, again.stdout + again.stderr)
    assert.equal(await contents(f.db), expected, 'after the re-run: every row once (count(*) and checksum)')
    assert.equal(orphans.length, 1, 'the killed run had committed its part, unknown to the bookkeeping')
    assert.deepEqual(await unknownLeafTables(f.db), [], 'the orphan part was dropped')
    assert.deepEqual((await leafParts(f.db)).map((p) => [p.part, p.state]), [[0, 'attached'], [1, 'attached']])
  })
})
