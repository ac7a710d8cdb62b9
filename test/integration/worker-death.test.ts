import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { loadConfig } from '../../src/config/load-config'
import { ingestDumps } from '../../src/ingest/ingest'
import { withPool } from '../../src/ingest/pool'

import { scanDumps } from '../../src/ingest/scan-dumps'
import { tableNamesFor } from '../../src/use-cases/tables'
import { createTestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'
import { heirloom } from '../support/cli'
import { makeSyntheticDump } from '../support/synthetic-dump'

const TABLES = 4
/** Enough that a COPY caught in its first half still has ~100 ms to go when its thread is killed. */
const ROWS = 200_000

describe('one Piscina worker killed in the middle of a load', () => {
  it('fails only its table, and a re-run ends with every row once', async () => {
    const ws = makeWorkspace('worker-death')
    const db = await createTestDatabase()
    try {
      await makeSyntheticDump(path.join(ws.dir, 'dumps'), { region: 'eu', exportedAt: '2026-11-01T00:00:00Z', tables: TABLES, rows: ROWS })
      const file = path.join(ws.dir, 'heirloom.yml')
      fs.writeFileSync(file, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { workers: 2 }\n`)
      for (const step of ['generate', 'migrate']) assert.equal(heirloom(ws.dir, [step, '--config', file]).status, 0)
      const config = loadConfig({ file })
      const report = await withPool(config.ingest.workers, async (pool) => {
        const scan = await scanDumps(config, pool)
        const run = ingestDumps(config, db.url, pool, scan.dumps, tableNamesFor(config, scan.dumps))
        // Wait until a worker's COPY is in its first half (its connection names the thread), then kill that thread alone.
        const copying = async (): Promise<string | undefined> => (await db.query<{ name: string }>(
          `SELECT a.application_name AS name FROM pg_stat_progress_copy p JOIN pg_stat_activity a USING (pid)
           WHERE p.datname = current_database() AND p.tuples_processed BETWEEN 1 AND ${ROWS / 2} LIMIT 1`))[0]?.name
        let name: string | undefined
        for (let i = 0; i < 1000 && name === undefined; i++) {
          name = await copying()
          if (name === undefined) await sleep(5)
        }
        const thread = pool.loadThreads.find((t) => `heirloom worker ${t.threadId}` === name)
        assert.ok(thread, `a worker thread was copying (saw ${name})`)
        await thread.terminate()
        return run
      })
      const members = report.dumps.flatMap((d) => d.members)
      assert.equal(report.ok, false, 'the run says a member failed')
      const notLoaded = members.filter((m) => m.status !== 'loaded')
      assert.equal(notLoaded.length, 1, `only the killed worker's table fails: ${JSON.stringify(members)}`)
      assert.ok(notLoaded[0].status === 'failed' && /worker loading it stopped/.test(notLoaded[0].message), JSON.stringify(notLoaded[0]))
      const rerun = heirloom(ws.dir, ['ingest', '--config', file])
      assert.equal(rerun.status, 0, rerun.stderr)
      for (let t = 1; t <= TABLES; t++) {
        const [r] = await db.query<{ n: string; ids: string }>(`SELECT count(*) AS n, count(DISTINCT id) AS ids FROM public.t0${t}`)
        assert.deepEqual([Number(r.n), Number(r.ids)], [ROWS, ROWS], `t0${t}`)
      }
    } finally {
      await db.drop()
      ws.cleanup()
    }
  })
})
