/**
 * Issue #13: `Items` and `ITEMS` in one dump both lower-case to `items`, and
 * another dump of the version has `Items` alone. Whichever dump is seen
 * first, each source name gets the same mother, the migration is the same
 * file, and every row reaches the table of its own name.
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { withPool } from '../../src/ingest/pool'
import { writeDump, type DumpSpec, type TableSpec } from '../support/drift-dumps'
import { generateAndMigrate, ingestAll } from '../support/drift-steps'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'

const LOWER: TableSpec = { columns: [['v', 'varchar(10)']] }
const UPPER: TableSpec = { columns: [['w', 'int']] }
const EXPORTED = '2026-01-01T00:00:00Z'

/** Both dumps of shop v1, exported at the same time: the one in region eu is seen first. */
function dumps(euHasBoth: boolean): DumpSpec[] {
  const both = (region: string): DumpSpec => ({ version: '1', region, exportedAt: EXPORTED, tables: { Items: { ...LOWER, rows: [[`${region}-lower`]] }, ITEMS: { ...UPPER, rows: [['7']] } } })
  const one = (region: string): DumpSpec => ({ version: '1', region, exportedAt: EXPORTED, tables: { Items: { ...LOWER, rows: [[`${region}-lower`]] } } })
  return euHasBoth ? [both('eu'), one('us')] : [one('eu'), both('us')]
}

interface Outcome {
  readonly migrations: ReadonlyMap<string, string>
  readonly items: unknown[]
  readonly items2: unknown[]
}

async function runOrder(euHasBoth: boolean, cleanup: (() => Promise<void>)[]): Promise<Outcome> {
  const db: TestDatabase = await createTestDatabase()
  const ws = makeWorkspace('colliding-names')
  cleanup.push(async () => { await db.drop(); ws.cleanup() })
  const dir = path.join(ws.dir, 'dumps')
  fs.mkdirSync(dir)
  for (const d of dumps(euHasBoth)) await writeDump(dir, d)
  const config = writeConfig(ws.dir, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { workers: 1, mode: append }\n`)
  await withPool(1, async (pool) => {
    const step = await generateAndMigrate(config, db.url)
    await ingestAll(config, db.url, pool, step.dumps)
  })
  const folder = path.join(ws.dir, 'migrations')
  const migrations = new Map(fs.readdirSync(folder).sort().map((f) => [f, fs.readFileSync(path.join(folder, f), 'utf8')]))
  const items = (await db.query('SELECT w FROM public.items ORDER BY 1')).map((r) => r.w)
  const items2 = (await db.query('SELECT v FROM public.items_2 ORDER BY 1')).map((r) => r.v)
  return { migrations, items, items2 }
}

describe('two table names colliding after lower-casing, across dumps', () => {
  const cleanup: (() => Promise<void>)[] = []
  after(async () => { for (const c of cleanup) await c() })

  it('get the same tables and byte-identical migration files whichever dump is seen first', async () => {
    const first = await runOrder(true, cleanup)
    const second = await runOrder(false, cleanup)
    assert.deepEqual([...second.migrations.keys()], [...first.migrations.keys()])
    for (const [file, text] of first.migrations) assert.equal(second.migrations.get(file), text, file)
    assert.deepEqual(first.items, [7], 'ITEMS sorts first and keeps the plain name')
    assert.deepEqual(first.items2, ['eu-lower', 'us-lower'], 'Items of both dumps share one mother')
    assert.deepEqual(second.items, first.items)
    assert.deepEqual(second.items2, first.items2)
  })
})
