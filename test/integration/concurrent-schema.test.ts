import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { packageRoot } from '../../src/db/package-root'
import { buildDemoDumps } from '../../src/use-cases/demo'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'
import { heirloom, startHeirloom } from '../support/cli'

describe('concurrent generate and migrate never leave a half-applied state', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  let config: string
  before(async () => {
    db = await createTestDatabase()
    ws = makeWorkspace('concurrent-schema')
    await buildDemoDumps(path.join(packageRoot(), 'demo'), path.join(ws.dir, 'dumps'))
    config = path.join(ws.dir, 'heirloom.yml')
    fs.writeFileSync(config, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\n`)
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  it('two generate runs at once leave each file once, whole, with no temp file; if they collide, the loser fails cleanly and names the way out', async () => {
    const runs = await Promise.all([0, 1].map(() => startHeirloom(ws.dir, ['generate', '--config', config]).done))
    for (const r of runs) {
      if (r.status !== 0) {
        assert.equal(r.status, 1)
        assert.match(r.stderr, /another generate ran at the same moment/)
        assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace for an expected race')
      }
    }
    const files = fs.readdirSync(path.join(ws.dir, 'migrations')).sort()
    assert.deepEqual(files.filter((f) => f.includes('shop')), ['20261101020000_shop_v1.ts', '20261102020000_shop_v2.ts'])
    assert.deepEqual(files.filter((f) => f.endsWith('.tmp')), [])
    assert.equal(heirloom(ws.dir, ['generate', '--check', '--config', config]).status, 0)
  })

  it('two migrate runs at once: one applies, the other waits and finds nothing to do', async () => {
    const runs = await Promise.all([0, 1].map(() => startHeirloom(ws.dir, ['migrate', '--json', '--config', config]).done))
    for (const r of runs) assert.equal(r.status, 0, r.stderr)
    const applied = runs.map((r) => (JSON.parse(r.stdout) as { applied: string[] }).applied.length).sort()
    assert.equal(applied[0], 0)
    assert.ok(applied[1] >= 3)
    const rows = await db.query<{ name: string; n: string }>('SELECT name, count(*) AS n FROM knex_migrations GROUP BY name HAVING count(*) > 1')
    assert.deepEqual(rows, [])
  })

  it('a Knex lock left behind by a crashed migrate does not block the next one', async () => {
    await db.query('UPDATE knex_migrations_lock SET is_locked = 1')
    const r = heirloom(ws.dir, ['migrate', '--config', config])
    assert.equal(r.status, 0, r.stderr)
    const [lock] = await db.query<{ is_locked: number }>('SELECT is_locked FROM knex_migrations_lock')
    assert.equal(lock.is_locked, 0)
  })
})
