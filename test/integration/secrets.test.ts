import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { packageRoot } from '../../src/db/package-root'
import { buildDemoDumps } from '../../src/pipeline/demo'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'
import { heirloom } from '../support/cli'

const PASSWORD = 'Sup3r:S3cret/Pw@x'

/** The test database's URL with a password in it (the test servers trust local connections, so it is accepted). */
function withPassword(url: string, port?: number): string {
  const u = new URL(url)
  u.password = PASSWORD
  if (port !== undefined) u.port = String(port)
  return u.toString()
}

describe('the database password never appears in output, errors or bookkeeping', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  before(async () => {
    db = await createTestDatabase()
    ws = makeWorkspace('secrets')
    await buildDemoDumps(path.join(packageRoot(), 'demo'), path.join(ws.dir, 'dumps'))
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  const encoded = (): string[] => [PASSWORD, encodeURIComponent(PASSWORD)]

  it('in the output of every command, text and --json', () => {
    fs.writeFileSync(path.join(ws.dir, 'heirloom.yml'), 'database: { url: "${DATABASE_URL}" }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\n')
    const env = { DATABASE_URL: withPassword(db.url) }
    for (const args of [['run'], ['run', '--json'], ['status'], ['status', '--json'], ['ingest', '--json'], ['db', 'url'], ['generate', '--check', '--json']]) {
      const r = heirloom(ws.dir, args, env)
      for (const secret of encoded()) assert.ok(!(r.stdout + r.stderr).includes(secret), `${args.join(' ')} printed the password`)
    }
  })

  it('in connection errors', () => {
    const env = { DATABASE_URL: withPassword(db.url, 1) }
    for (const args of [['migrate'], ['ingest', '--json'], ['status']]) {
      const r = heirloom(ws.dir, args, env)
      assert.equal(r.status, 1)
      assert.match(r.stdout + r.stderr, /cannot connect to PostgreSQL at postgres:\/\/postgres:\*\*\*@/)
      for (const secret of encoded()) assert.ok(!(r.stdout + r.stderr).includes(secret), `${args.join(' ')} printed the password`)
    }
  })

  it('in the bookkeeping tables', async () => {
    const rows = await db.query<{ t: string }>(
      "SELECT concat_ws('|', d::text, l::text) AS t FROM heirloom.dumps d LEFT JOIN heirloom.loads l ON l.dump_id = d.id")
    assert.ok(rows.length > 0)
    for (const r of rows) for (const secret of encoded()) assert.ok(!r.t.includes(secret))
  })
})
