import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { heirloom } from '../support/cli'
import { makeSyntheticDump } from '../support/synthetic-dump'
import { createTestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'

interface Event { readonly time: string; readonly event: string; readonly [key: string]: unknown }

/** Every line of stdout is one JSON object with a time and an event name. */
function eventsOf(stdout: string): Event[] {
  const lines = stdout.split('\n').filter((l) => l !== '')
  return lines.map((line) => {
    const e = JSON.parse(line) as Event
    assert.ok(typeof e.event === 'string' && !Number.isNaN(Date.parse(e.time)), line)
    return e
  })
}

describe('--log-format json', () => {
  it('writes one JSON object per event on stdout: run started, dump identified, table loaded with rows, rejects and seconds, failure with code and hint, run finished', async () => {
    const ws = makeWorkspace('json-log')
    const db = await createTestDatabase()
    try {
      await makeSyntheticDump(path.join(ws.dir, 'dumps'), {
        region: 'eu', exportedAt: '2026-11-01T00:00:00Z', tables: 2, rows: 120,
        extra: { 'T09.json': '{"table": "T09", "columns": [{"name": "id", "type": "int"}]}', 'T09.dat': '1\nx\n3\n', 'T10.json': '{"table": "T10", "columns": [{"name": "id", "type": "int"}]}' },
      })
      fs.writeFileSync(path.join(ws.dir, 'dumps', 'not-a-dump.zip'), 'no zip at all')
      const file = path.join(ws.dir, 'heirloom.yml')
      fs.writeFileSync(file, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { workers: 1 }\n`)
      const r = heirloom(ws.dir, ['run', '--log-format', 'json', '--config', file])
      assert.equal(r.status, 1, r.stderr)
      const events = eventsOf(r.stdout)
      // Which config and which database, as an event too (host, port and database only).
      assert.deepEqual([events[0].event, events[0].file], ['config', file])
      assert.match(String(events[0].database), new RegExp(`^PostgreSQL at [^/@]+/${db.name}$`))
      assert.equal(events[1].event, 'run_started')
      assert.equal(events.at(-1)?.event, 'run_finished')
      assert.deepEqual(events.filter((e) => e.event === 'dump_identified').map((e) => [path.basename(String(e.file)), e.application, e.version, e.region]), [['shop_eu_2026-11-01.zip', 'shop', '1', 'eu']])
      const tables = events.filter((e) => e.event === 'table_loaded').sort((a, b) => String(a.table).localeCompare(String(b.table)))
      assert.deepEqual(tables.map((e) => [e.table, e.rows, e.rejected]), [['t01', 120, 0], ['t02', 120, 0], ['t09', 2, 1]])
      for (const t of tables) assert.ok(typeof t.seconds === 'number' && t.seconds >= 0)
      const failures = events.filter((e) => e.event === 'failure')
      assert.ok(failures.some((e) => e.code === 'DUMP_UNREADABLE' && String(e.message).includes('not-a-dump.zip')), JSON.stringify(failures))
      assert.ok(failures.some((e) => e.code === 'DATA_MISSING' && typeof e.hint === 'string'), JSON.stringify(failures))
      const finished = events.at(-1) as Event
      assert.equal(finished.exitCode, 1)
      assert.equal(finished.rows, 242)
      assert.equal(finished.rejected, 1)
      assert.equal(r.stderr, '', 'no progress line either')

      const bad = heirloom(ws.dir, ['status', '--log-format', 'json', '--config', path.join(ws.dir, 'nope.yml')])
      assert.equal(bad.status, 2)
      const [failure] = eventsOf(bad.stdout)
      assert.equal(failure.event, 'failure')
      assert.equal(failure.code, 'CONFIG_UNREADABLE')
    } finally {
      await db.drop()
      ws.cleanup()
    }
  })
})
