import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { heirloom } from '../support/cli'
import { copyInProgress, FAST_COPY_SQL, heirloomSessions, loadedState, prepareIngest, ROWS, SLOW_COPY_SQL, waitUntil } from '../support/interrupt'
import { makeSyntheticDump } from '../support/synthetic-dump'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { httpGet, parseExposition, Watcher, type LogEvent } from '../support/watch'
import { makeWorkspace } from '../support/workspace'

/** Short, so the tests stay quick; each piece of a slow copy comes well within it. */
const STABILITY_MS = 800
const PIECE_MS = 300

function writeConfig(dir: string, db: TestDatabase): string {
  const file = path.join(dir, 'heirloom.yml')
  fs.mkdirSync(path.join(dir, 'dumps'), { recursive: true })
  fs.writeFileSync(file, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { workers: 2 }\nwatch: { stabilityMs: ${STABILITY_MS} }\n`)
  return file
}

/** Writes `from` to `to` in `pieces` parts, PIECE_MS apart; returns when the last byte was written. */
async function copySlowly(from: string, to: string, pieces: number): Promise<number> {
  const bytes = fs.readFileSync(from)
  const fd = fs.openSync(to, 'w')
  try {
    for (let i = 0; i < pieces; i++) {
      fs.writeSync(fd, bytes.subarray(Math.floor((bytes.length * i) / pieces), Math.floor((bytes.length * (i + 1)) / pieces)))
      if (i < pieces - 1) await sleep(PIECE_MS)
    }
  } finally {
    fs.closeSync(fd)
  }
  return Date.now()
}

async function loadedDumps(db: TestDatabase): Promise<number> {
  return (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM heirloom.dumps WHERE state = 'loaded'").catch(() => [{ n: 0 }]))[0].n
}

function eventsOf(w: Watcher, event: string, file: string): LogEvent[] {
  return w.named(event).filter((e) => e.file === file)
}

describe('heirloom watch', () => {
  it('loads a dump written slowly in pieces and one renamed into place from .part, each exactly once and only once complete', async () => {
    const ws = makeWorkspace('watch-arrivals')
    const db = await createTestDatabase()
    const watcher = new Watcher(ws.dir, ['--config', writeConfig(ws.dir, db)])
    try {
      const staging = path.join(ws.dir, 'staging')
      const slow = await makeSyntheticDump(staging, { region: 'eu', exportedAt: '2026-11-01T00:00:00Z', tables: 1, rows: 300 })
      const renamed = await makeSyntheticDump(staging, { region: 'us', exportedAt: '2026-11-02T00:00:00Z', tables: 1, rows: 300 })
      await watcher.next('watch_started', (e) => e.event === 'watch_started')
      const slowTarget = path.join(ws.dir, 'dumps', path.basename(slow))
      const slowDone = await copySlowly(slow, slowTarget, 6)
      const renamedTarget = path.join(ws.dir, 'dumps', path.basename(renamed))
      await copySlowly(renamed, `${renamedTarget}.part`, 4)
      const renamedAt = Date.now()
      fs.renameSync(`${renamedTarget}.part`, renamedTarget)
      await waitUntil('both dumps are loaded', async () => (await loadedDumps(db)) === 2)
      await sleep(STABILITY_MS * 2)
      assert.equal(await watcher.stop(), 0, watcher.stderr)
      assert.deepEqual(watcher.named('failure'), [], 'no run ever read a dump still being written')
      for (const [file, completeAt] of [[slowTarget, slowDone], [renamedTarget, renamedAt]] as const) {
        const identified = eventsOf(watcher, 'dump_identified', file)
        assert.ok(identified.length >= 1, `${file} was taken`)
        assert.ok(Date.parse(identified[0].time) >= completeAt, `${path.basename(file)} was read only once complete`)
        assert.equal(eventsOf(watcher, 'table_loaded', file).length, 1, `${path.basename(file)}: its table loaded once`)
      }
      assert.equal(eventsOf(watcher, 'dump_complete', renamedTarget)[0]?.how, 'renamed')
      assert.equal(eventsOf(watcher, 'dump_complete', slowTarget)[0]?.how, 'stable')
      const loads = await db.query<{ region: string; n: number; rows: number }>(`SELECT d.region, count(*)::int AS n, sum(l.rows_loaded)::int AS rows
        FROM heirloom.loads l JOIN heirloom.dumps d ON d.id = l.dump_id WHERE l.status = 'loaded' GROUP BY 1 ORDER BY 1`)
      assert.deepEqual(loads, [{ region: 'eu', n: 1, rows: 300 }, { region: 'us', n: 1, rows: 300 }])
      const [{ rows }] = await db.query<{ rows: number }>('SELECT count(*)::int AS rows FROM public.t01')
      assert.equal(rows, 600)
      assert.deepEqual(await db.query('SELECT file, message FROM heirloom.problems'), [])
    } finally {
      watcher.child.kill('SIGKILL')
      await db.drop()
      ws.cleanup()
    }
  })

  it('on SIGTERM during a load exits 0 with the table rolled back, and the next watch loads it once', async () => {
    const ws = makeWorkspace('watch-sigterm')
    const db = await createTestDatabase()
    try {
      const file = await prepareIngest(ws.dir, db.url)
      fs.appendFileSync(file, `watch: { stabilityMs: 200 }\n`)
      await db.query(SLOW_COPY_SQL)
      const first = new Watcher(ws.dir, ['--config', file])
      await waitUntil('the COPY has written rows', () => copyInProgress(db.url))
      assert.equal(await first.stop(), 0, first.stderr)
      assert.ok(first.named('watch_stopped').length === 1, 'it says it stopped')
      await waitUntil('the abandoned sessions are gone', async () => (await heirloomSessions(db.url)) === 0)
      assert.deepEqual(await loadedState(db.url), { rows: 0, distinct: 0, loaded: 0 })
      await db.query(FAST_COPY_SQL)
      const second = new Watcher(ws.dir, ['--config', file])
      await second.next('run_finished', (e) => e.event === 'run_finished')
      assert.equal(await second.stop(), 0, second.stderr)
      assert.deepEqual(await loadedState(db.url), { rows: ROWS, distinct: ROWS, loaded: 1 })
    } finally {
      await db.drop()
      ws.cleanup()
    }
  })

  it('two watchers on one database share the work: every member loaded once, by one of them', async () => {
    const ws = makeWorkspace('watch-two')
    const db = await createTestDatabase()
    const file = writeConfig(ws.dir, db)
    const regions = ['north', 'south', 'east', 'west']
    try {
      for (const [i, region] of regions.entries()) await makeSyntheticDump(path.join(ws.dir, 'dumps'), { region, exportedAt: `2026-11-0${i + 1}T00:00:00Z`, tables: 3, rows: 400 })
      // The migrations exist, as after the first night.
      for (const step of ['generate', 'migrate']) assert.equal(heirloom(ws.dir, [step, '--config', file]).status, 0)
      const watchers = [new Watcher(ws.dir, ['--config', file]), new Watcher(ws.dir, ['--config', file])]
      try {
        await waitUntil('every dump is loaded', async () => (await loadedDumps(db)) === regions.length)
        for (const w of watchers) await w.next('run_finished', (e) => e.event === 'run_finished')
        for (const w of watchers) assert.equal(await w.stop(), 0, w.stderr)
      } finally {
        for (const w of watchers) w.child.kill('SIGKILL')
      }
      const loads = await db.query<{ n: number; members: number; rows: number }>(`SELECT count(*)::int AS n, count(DISTINCT (dump_id, member))::int AS members, sum(rows_loaded)::int AS rows FROM heirloom.loads WHERE status = 'loaded'`)
      assert.deepEqual(loads, [{ n: 12, members: 12, rows: 12 * 400 }])
      for (const t of ['t01', 't02', 't03']) {
        const [r] = await db.query<{ rows: number; distinct: number }>(`SELECT count(*)::int AS rows, count(DISTINCT (_dump_id, id))::int AS distinct FROM public.${t}`)
        assert.deepEqual(r, { rows: 1600, distinct: 1600 }, t)
      }
      const tablesLoaded = watchers.flatMap((w) => w.named('table_loaded').filter((e) => e.rows !== 0))
      assert.equal(tablesLoaded.length, 12, 'each table of each dump was loaded by one watcher')
    } finally {
      await db.drop()
      ws.cleanup()
    }
  })

  it('serves Prometheus metrics over HTTP on 127.0.0.1, the same gauges status --metrics prints', async () => {
    const ws = makeWorkspace('watch-metrics')
    const db = await createTestDatabase()
    const file = writeConfig(ws.dir, db)
    await makeSyntheticDump(path.join(ws.dir, 'dumps'), { region: 'eu', exportedAt: '2026-11-01T00:00:00Z', tables: 2, rows: 250, extra: { 'T09.json': '{"table": "T09", "columns": [{"name": "id", "type": "int"}]}', 'T09.dat': '1\nnot a number\n3\n' } })
    const watcher = new Watcher(ws.dir, ['--config', file, '--metrics-port', '0'])
    try {
      const started = await watcher.next('watch_started', (e) => e.event === 'watch_started')
      assert.equal(typeof started.metricsPort, 'number')
      await watcher.next('run_finished', (e) => e.event === 'run_finished')
      const r = await httpGet(`http://127.0.0.1:${String(started.metricsPort)}/metrics`)
      assert.equal(r.status, 200)
      assert.match(r.type, /^text\/plain; version=0\.0\.4/)
      const { samples, types } = parseExposition(r.body)
      assert.equal(samples.get('heirloom_rows_loaded{table="t01"}'), 250)
      assert.equal(samples.get('heirloom_rows_loaded{table="t09"}'), 2)
      assert.equal(samples.get('heirloom_rows_rejected{table="t09"}'), 1)
      assert.equal(samples.get('heirloom_dumps{state="loaded"}'), 1)
      assert.ok((samples.get('heirloom_last_success_timestamp_seconds{application="shop",region="eu"}') ?? 0) > Date.parse('2026-01-01') / 1000)
      assert.equal(samples.get('heirloom_runs_total{outcome="ok"}'), 1)
      assert.equal(samples.get('heirloom_run_duration_seconds_count'), 1)
      assert.equal(types.get('heirloom_run_duration_seconds'), 'histogram')
      assert.equal(types.get('heirloom_rows_loaded'), 'gauge')
      assert.equal((await httpGet(`http://127.0.0.1:${String(started.metricsPort)}/other`)).status, 404)
      const status = heirloom(ws.dir, ['status', '--metrics', '--config', file])
      assert.equal(status.status, 0, status.stderr)
      const printed = parseExposition(status.stdout).samples
      for (const key of ['heirloom_rows_loaded{table="t01"}', 'heirloom_rows_rejected{table="t09"}', 'heirloom_dumps{state="loaded"}']) assert.equal(printed.get(key), samples.get(key), key)
      assert.equal(await watcher.stop(), 0, watcher.stderr)
    } finally {
      watcher.child.kill('SIGKILL')
      await db.drop()
      ws.cleanup()
    }
  })
})
