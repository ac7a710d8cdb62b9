import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { startEmbeddedServer, stopEmbeddedServer } from '../../src/db/embedded-server'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'
import { heirloom, startHeirloom } from '../support/cli'
import { makeSyntheticDump, syntheticSchema } from '../support/synthetic-dump'
import { makeZip } from '../support/make-zip'

interface DumpStatusJson { file: string; state: string; membersLoaded: number; membersFailed: number; rowsInFiles: number; rowsLoaded: number; rowsRejected: number; lastError: string | null }

function status(dir: string, config: string): DumpStatusJson[] {
  const r = heirloom(dir, ['status', '--json', '--config', config])
  return (JSON.parse(r.stdout) as { dumps: DumpStatusJson[] }).dumps
}

function writeConfig(dir: string, url: string, ingest = ''): string {
  const config = path.join(dir, 'heirloom.yml')
  fs.writeFileSync(config, `database: { url: '${url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\n${ingest}`)
  return config
}

describe('operations: status, retry-failed, forget', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  let config: string
  before(async () => {
    db = await createTestDatabase()
    ws = makeWorkspace('ops')
    await makeSyntheticDump(path.join(ws.dir, 'dumps'), { region: 'eu', exportedAt: '2026-11-01T00:00:00Z', tables: 2, rows: 100 })
    await makeZip(path.join(ws.dir, 'dumps', 'shop_us_2026-11-01.zip'), {
      'manifest.json': JSON.stringify({ application: 'shop', version: '1', region: 'us', exportedAt: '2026-11-01T00:00:00Z', dialect: 'mysql', format: 'mysql-tab' }),
      'T01.json': syntheticSchema('T01'),
      'T01.dat': '1\tone\t1.00\nnot-a-number\ttwo\t2.00\n3\tthree\t3.00\n',
      'T02.json': syntheticSchema('T02'),
      'T02.dat': '1\tone\t1.00\n',
    })
    config = writeConfig(ws.dir, db.url, 'ingest: { maxRejects: 0 }\n')
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  it('status shows each dump\'s state, members and rows in files = loaded + rejected, with the last error', () => {
    assert.equal(heirloom(ws.dir, ['run', '--config', config]).status, 1, 'one member is over maxRejects')
    const [eu, us] = status(ws.dir, config)
    assert.deepEqual([eu.state, eu.membersLoaded, eu.membersFailed, eu.rowsInFiles, eu.rowsLoaded], ['loaded', 2, 0, 200, 200])
    assert.deepEqual([us.state, us.membersLoaded, us.membersFailed], ['partly loaded', 1, 1])
    assert.match(us.lastError ?? '', /T01\.dat: more than 0 rows rejected/)
  })

  it('ingest --retry-failed loads only the failed member', () => {
    const relaxed = writeConfig(ws.dir, db.url, 'ingest: { maxRejects: 5 }\n')
    const r = heirloom(ws.dir, ['ingest', '--retry-failed', '--json', '--config', relaxed])
    assert.equal(r.status, 0, r.stderr)
    const members = (JSON.parse(r.stdout) as { dumps: { members: { member: string; status: string }[] }[] }).dumps.flatMap((d) => d.members)
    assert.deepEqual(members.map((m) => `${m.member}:${m.status}`), ['T01.dat:loaded'])
    const us = status(ws.dir, relaxed)[1]
    assert.deepEqual([us.state, us.membersLoaded, us.membersFailed, us.rowsInFiles, us.rowsLoaded, us.rowsRejected], ['loaded', 2, 0, 4, 3, 1])
  })

  it('forget removes a dump and all its rows atomically, and the next ingest loads it again', async () => {
    const count = async (): Promise<number> => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM public.t01'))[0].n)
    assert.equal(await count(), 102)
    const r = heirloom(ws.dir, ['forget', 'shop_eu_2026-11-01.zip', '--config', config])
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /200 rows removed \(its leaf tables dropped\)/)
    assert.equal(await count(), 2)
    assert.deepEqual(status(ws.dir, config).map((d) => path.basename(d.file)), ['shop_us_2026-11-01.zip'])
    assert.equal(heirloom(ws.dir, ['forget', 'no-such.zip', '--config', config]).status, 2)
    assert.equal(heirloom(ws.dir, ['ingest', '--config', config]).status, 0)
    assert.equal(await count(), 102)
  })
})

describe('PostgreSQL stopped and restarted in the middle of a load', () => {
  it('reports the failure, exits 1, and a re-run completes with nothing doubled', async () => {
    const ws = makeWorkspace('restart')
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'heirloom-restart-')), 'pgdata')
    const server = await startEmbeddedServer(dataDir)
    try {
      for (const [region, hour] of [['eu', '00'], ['us', '01']]) {
        await makeSyntheticDump(path.join(ws.dir, 'dumps'), { region, exportedAt: `2026-11-01T${hour}:00:00Z`, tables: 4, rows: 60_000 })
      }
      const config = writeConfig(ws.dir, server.url, 'ingest: { workers: 2 }\n')
      for (const step of ['generate', 'migrate']) assert.equal(heirloom(ws.dir, [step, '--config', config]).status, 0)
      const run = startHeirloom(ws.dir, ['ingest', '--config', config])
      // Stop the server while a COPY runs (by progress, not by the clock: planning may take longer than a fixed delay).
      assert.ok(await copying(server.url), 'a COPY was running')
      await stopEmbeddedServer(dataDir)
      const interrupted = await run.done
      assert.equal(interrupted.status, 1, interrupted.stdout + interrupted.stderr)
      // With the server down, even a fresh connection cannot record the failure: the run still reports it, and says so.
      assert.match(interrupted.stdout, /FAILED shop_\w+_2026-11-01\.zip: T0\d\.dat: [^\n]*\n( {8}[^\n]*\n)* {8}not recorded in heirloom\.loads: cannot connect/)
      assert.doesNotMatch(interrupted.stdout + interrupted.stderr, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace')
      await startEmbeddedServer(dataDir, { port: server.port })
      const rerun = heirloom(ws.dir, ['ingest', '--config', config])
      assert.equal(rerun.status, 0, rerun.stderr)
      const counts = heirloom(ws.dir, ['status', '--json', '--config', config])
      const dumps = (JSON.parse(counts.stdout) as { dumps: DumpStatusJson[] }).dumps
      assert.deepEqual(dumps.map((d) => [d.state, d.rowsLoaded]), [['loaded', 240_000], ['loaded', 240_000]])
    } finally {
      await stopEmbeddedServer(dataDir)
      fs.rmSync(path.dirname(dataDir), { recursive: true, force: true })
      ws.cleanup()
    }
  })
})

/** Waits (up to 30 s) until a COPY into the server's heirloom database has sent rows. */
async function copying(url: string): Promise<boolean> {
  const db = new URL(url)
  db.pathname = '/postgres'
  const c = new pg.Client({ connectionString: db.toString() })
  await c.connect()
  try {
    for (let i = 0; i < 3000; i++) {
      const r = await c.query('SELECT 1 FROM pg_stat_progress_copy WHERE tuples_processed > 0')
      if ((r.rowCount ?? 0) > 0) return true
      await sleep(10)
    }
    return false
  } finally {
    await c.end()
  }
}
