/**
 * Issue #13: PostgreSQL holds at most 1,600 columns in a table, and each
 * child gets `_dump_id` on top of its version's columns. `generate` refuses
 * the table that would not fit, says so with exit 1, and generates the
 * others; those migrate and load, the refused one fails at ingest with the
 * usual "run generate" message.
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { heirloom } from '../support/cli'
import { writeDump, type ColumnSpec, type TableSpec } from '../support/drift-dumps'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'

/** `count` int columns c1…, one row of their numbers. */
function intTable(count: number): TableSpec {
  const columns: ColumnSpec[] = Array.from({ length: count }, (_, i) => [`c${i + 1}`, 'int'])
  return { columns, rows: [columns.map((_, i) => String(i + 1))] }
}

describe('a table wider than PostgreSQL allows', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  before(async () => {
    db = await createTestDatabase()
    ws = makeWorkspace('wide')
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    // Wide: 1,600 columns + _dump_id = 1,601; Edge: 1,599 + _dump_id = exactly the limit.
    await writeDump(path.join(ws.dir, 'dumps'), { version: '1', region: 'eu', exportedAt: '2026-01-01T00:00:00Z', tables: { Wide: intTable(1600), Edge: intTable(1599), Narrow: intTable(1) } })
    fs.writeFileSync(path.join(ws.dir, 'heirloom.yml'), `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { workers: 1 }\n`)
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  it('is refused by generate with exit 1, naming dump, table, count and limit; the other tables are generated', () => {
    const r = heirloom(ws.dir, ['generate'])
    assert.equal(r.status, 1, r.stdout + r.stderr)
    assert.match(r.stdout, /shop_eu_v1\.zip: table "Wide" \(shop v1\) has 1600 columns; with _dump_id its child table wide_v1 would have 1601, over PostgreSQL's limit of 1600 columns/)
    assert.match(r.stdout, /→ export it as two or more tables of at most 1599 columns/)
    const json = JSON.parse(heirloom(ws.dir, ['generate', '--check', '--json']).stdout) as { refused: { table: string; columns: number; code: string }[] }
    assert.deepEqual(json.refused.map((t) => [t.table, t.columns, t.code]), [['Wide', 1600, 'TABLE_TOO_WIDE']])
    const generated = fs.readdirSync(path.join(ws.dir, 'migrations')).filter((f) => !f.startsWith('00000000000000_'))
    const text = generated.map((f) => fs.readFileSync(path.join(ws.dir, 'migrations', f), 'utf8')).join('')
    assert.ok(text.includes('"public"."edge_v1"') && text.includes('"public"."narrow_v1"') && !text.includes('"public"."wide'), generated.join(', '))
  })

  it('leaves the others to migrate and load; ingest fails the refused table with "run generate"', async () => {
    const migrate = heirloom(ws.dir, ['migrate'])
    assert.equal(migrate.status, 0, migrate.stdout + migrate.stderr)
    const ingest = heirloom(ws.dir, ['ingest'])
    assert.equal(ingest.status, 1, ingest.stdout + ingest.stderr)
    assert.match(ingest.stdout, /FAILED table "Wide" .*no child table public\.wide_v1 → run `heirloom generate` and `heirloom migrate`/)
    // The other tables load into their staged leaves; the dump, missing a table, does not switch (no reader sees half of it).
    assert.deepEqual(await db.query('SELECT c1 FROM public_leaves.narrow_v1_d1'), [{ c1: 1 }])
    assert.deepEqual(await db.query('SELECT c1, c1599 FROM public_leaves.edge_v1_d1'), [{ c1: 1, c1599: 1599 }])
    assert.deepEqual(await db.query('SELECT c1 FROM public.narrow'), [])
    const loads = await db.query<{ member: string; status: string }>('SELECT member, status FROM heirloom.loads ORDER BY member')
    assert.deepEqual(loads.map((l) => [l.member, l.status]), [['Edge.dat', 'loaded'], ['Narrow.dat', 'loaded'], ['Wide.dat', 'failed']])
  })
})
