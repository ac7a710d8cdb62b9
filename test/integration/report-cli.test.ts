/**
 * Issue #16 without a browser: `heirloom report --json` (the model as data),
 * the load timings the bookkeeping keeps, and `status` showing each dump's
 * duration and throughput from them.
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { formatBytes } from '../../src/report/units'
import { heirloom } from '../support/cli'
import { writeDump, type DumpSpec } from '../support/drift-dumps'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'

const ID = ['id', 'int not null'] as const
const rows = (n: number): string[][] => Array.from({ length: n }, (_, i) => [String(i + 1), String(i), `${i}.50`])
const V1: DumpSpec = { version: '1', region: 'eu', exportedAt: '2026-01-01T00:00:00Z', tables: { Orders: { columns: [ID, ['qty', 'int'], ['total', 'decimal(10,2)']], rows: [...rows(500), ['x', '1', '1']] } } }
const V2: DumpSpec = { version: '2', region: 'us', exportedAt: '2026-02-01T00:00:00Z', tables: { Orders: { columns: [ID, ['qty', 'int'], ['total', 'decimal(14,2)'], ['tier', 'int']], rows: rows(300).map((r) => [...r, '1']) } } }

describe('heirloom report --json, the load timings kept and status', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>

  before(async () => {
    db = await createTestDatabase()
    ws = makeWorkspace('report-cli')
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    for (const spec of [V1, V2]) await writeDump(path.join(ws.dir, 'dumps'), spec)
    writeConfig(ws.dir, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { workers: 2 }\n`)
    const r = heirloom(ws.dir, ['run'])
    assert.equal(r.status, 0, r.stderr)
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  it('keeps each load\'s start, end and inflated bytes in heirloom.loads', async () => {
    const loads = await db.query<{ member: string; bytes: string; ordered: boolean }>('SELECT member, bytes, started_at <= finished_at AS ordered FROM heirloom.loads ORDER BY dump_id')
    // bcp text: the data member's bytes, as written into the ZIP.
    const size = (spec: DumpSpec): number => Buffer.byteLength(spec.tables.Orders.rows?.map((r) => `${r.join('\t')}\r\n`).join('') ?? '')
    assert.deepEqual(loads.map((l) => [l.member, Number(l.bytes), l.ordered]), [['Orders.dat', size(V1), true], ['Orders.dat', size(V2), true]])
  })

  it('status shows each dump\'s load duration and throughput', () => {
    const r = heirloom(ws.dir, ['status'])
    assert.equal(r.status, 0, r.stderr)
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('shop_'))
    assert.equal(lines.length, 2)
    for (const line of lines) assert.match(line, /; loaded in \d+\.\d+ s, [\d.]+ kB, \d+\.\d MB\/s, [\d,]+ rows\/s$/)
    const json = JSON.parse(heirloom(ws.dir, ['status', '--json']).stdout) as { dumps: { bytesLoaded: number; loadSeconds: number }[] }
    assert.ok(json.dumps.every((d) => d.bytesLoaded > 0 && d.loadSeconds > 0))
  })

  it('report --json gives the model: marks per cell, regions with their current snapshot, loads, rejects grouped, migrations; no HTML written', () => {
    const r = heirloom(ws.dir, ['report', '--json'])
    assert.equal(r.status, 0, r.stderr)
    const m = JSON.parse(r.stdout) as {
      tables: { table: string; columns: { column: string; mother: string | null; cells: { type: string | null; mark: string | null }[] }[] }[]
      regions: { region: string; version: string }[]
      loads: { dump: string; loaded: number; rejected: number; seconds: number }[]
      rejects: { total: number; groups: { count: number; samples: { line: number; raw: string }[] }[] }
      migrations: { pending: string[] }
    }
    const orders = m.tables.find((t) => t.table === 'orders')
    assert.deepEqual(orders?.columns.map((c) => [c.column, c.mother, c.cells.map((x) => x.mark)]), [
      ['id', 'integer', [null, null]], ['qty', 'integer', [null, null]], ['total', 'numeric(14,2)', [null, 'widened']], ['tier', null, [null, 'added']],
    ])
    assert.deepEqual(m.regions.map((x) => [x.region, x.version]), [['eu', '1'], ['us', '2']])
    assert.deepEqual(m.loads.map((l) => [l.dump, l.loaded, l.rejected, l.seconds > 0]), [['shop_eu_v1.zip', 500, 1, true], ['shop_us_v2.zip', 300, 0, true]])
    assert.equal(m.rejects.total, 1)
    assert.deepEqual(m.rejects.groups[0].samples.map((s) => [s.line, s.raw]), [[501, 'x\t1\t1']])
    assert.deepEqual(m.migrations.pending, [])
    assert.equal(fs.existsSync(path.join(ws.dir, 'heirloom-report.html')), false)
  })

  it('report without --out writes heirloom-report.html beside the config', () => {
    const r = heirloom(ws.dir, ['report'])
    assert.equal(r.status, 0, r.stderr)
    const file = path.join(ws.dir, 'heirloom-report.html')
    assert.equal(r.stdout, `wrote ${file} (${formatBytes(fs.statSync(file).size)}): 1 tables, 2 versions, 2 regions, 2 table loads\n`)
    assert.match(fs.readFileSync(file, 'utf8'), /^<!doctype html>[^]*<\/html>\n$/)
  })
})
