import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { frameworkMigrations } from '../../src/db/migrate'
import { packageRoot } from '../../src/db/package-root'
import { buildDemoDumps } from '../../src/use-cases/demo'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'
import { heirloom as cli, knexCli } from '../support/cli'

const heirloom = (cwd: string, ...args: string[]) => cli(cwd, args)

describe('configuration errors exit 2 and name the key or path', () => {
  let ws: ReturnType<typeof makeWorkspace>
  before(() => { ws = makeWorkspace('config') })
  after(() => ws.cleanup())

  const cases: [string, string, RegExp][] = [
    ['an unknown key', 'dumps:\n  pattrn: x\n', /dumps\.pattrn: unknown key/],
    ['a wrong type', 'ingest:\n  workers: many\n', /ingest\.workers: must be integer/],
    ['a missing dumps folder', 'dumps:\n  path: ./no-such-folder\n', /dumps\.path: .*no-such-folder is not a folder/],
    ['an unknown format', 'dumps:\n  defaults: { format: pipes }\n', /dumps\.defaults\.format: unknown format "pipes"/],
  ]
  for (const [what, yaml, message] of cases) {
    it(`rejects ${what}`, () => {
      const file = path.join(ws.dir, 'heirloom.yml')
      fs.writeFileSync(file, yaml)
      const r = heirloom(ws.dir, 'scan', '--config', file)
      assert.equal(r.status, 2, r.stderr)
      assert.match(r.stderr, message)
      assert.match(r.stderr, /heirloom\.yml/)
    })
  }

  it('reports every problem at once', () => {
    const file = path.join(ws.dir, 'heirloom.yml')
    fs.writeFileSync(file, 'dumps:\n  pattrn: x\ningest:\n  workers: many\n  mode: sometimes\n')
    const r = heirloom(ws.dir, 'scan', '--config', file)
    assert.equal(r.status, 2)
    for (const m of [/dumps\.pattrn/, /ingest\.workers/, /ingest\.mode: must be one of replace, append/]) assert.match(r.stderr, m)
  })

  it('exits 2 on an unknown command', () => {
    assert.equal(heirloom(ws.dir, 'frobnicate').status, 2)
  })
})

describe('generate writes reviewable, deterministic migrations once', () => {
  let ws: ReturnType<typeof makeWorkspace>
  before(async () => {
    ws = makeWorkspace('generate')
    await buildDemoDumps(path.join(packageRoot(), 'demo'), path.join(ws.dir, 'dumps'))
    fs.writeFileSync(path.join(ws.dir, 'heirloom.yml'), 'dumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\n')
  })
  after(() => ws.cleanup())

  it('reports missing versions with --check (exit 1), writes them, then writes nothing and passes --check', () => {
    const check = heirloom(ws.dir, 'generate', '--check', '--json')
    assert.equal(check.status, 1)
    assert.deepEqual(JSON.parse(check.stdout).planned.map((p: { version: string }) => p.version), ['1', '2'])
    assert.equal(heirloom(ws.dir, 'generate').status, 0)
    const files = fs.readdirSync(path.join(ws.dir, 'migrations')).sort()
    assert.deepEqual(files, [...frameworkMigrations(), '20261101020000_shop_v1.ts', '20261102020000_shop_v2.ts'])
    const again = heirloom(ws.dir, 'generate', '--json')
    assert.equal(again.status, 0)
    assert.deepEqual(JSON.parse(again.stdout).written, [])
    assert.equal(heirloom(ws.dir, 'generate', '--check').status, 0)
  })

  it('writes byte-identical files to the ones committed for the demo', () => {
    for (const f of ['20261101020000_shop_v1.ts', '20261102020000_shop_v2.ts']) {
      assert.equal(fs.readFileSync(path.join(ws.dir, 'migrations', f), 'utf8'), fs.readFileSync(path.join(packageRoot(), 'migrations', f), 'utf8'), f)
    }
  })

  it('writes files that compile under strict TypeScript', () => {
    const dir = path.join(ws.dir, 'migrations')
    const files = fs.readdirSync(dir).map((f) => path.join(dir, f))
    const tsc = path.join(packageRoot(), 'node_modules', 'typescript', 'bin', 'tsc')
    const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', '--module', 'commonjs', '--target', 'es2022', '--types', 'node', ...files], { encoding: 'utf8', cwd: packageRoot() })
    assert.equal(r.status, 0, r.stdout + r.stderr)
  })
})

describe('npx knex works on the generated migrations', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  let config: string
  before(async () => {
    db = await createTestDatabase()
    ws = makeWorkspace('knex')
    await buildDemoDumps(path.join(packageRoot(), 'demo'), path.join(ws.dir, 'dumps'))
    config = path.join(ws.dir, 'heirloom.yml')
    fs.writeFileSync(config, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\n`)
    assert.equal(heirloom(ws.dir, 'generate').status, 0)
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  it('migrate:latest creates the tables, seed:run loads the dumps, migrate:rollback --all leaves no heirloom table', async () => {
    const latest = knexCli(ws.dir, config, 'migrate:latest')
    assert.equal(latest.status, 0, latest.stdout + latest.stderr)
    const status = knexCli(ws.dir, config, 'migrate:status')
    assert.match(status.stdout, /No Pending Migration files Found/)
    const seed = knexCli(ws.dir, config, 'seed:run')
    assert.equal(seed.status, 0, seed.stdout + seed.stderr)
    assert.equal(Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM public.customers'))[0].n), 7)
    const rollback = knexCli(ws.dir, config, 'migrate:rollback', '--all')
    assert.equal(rollback.status, 0, rollback.stdout + rollback.stderr)
    const left = await db.query<{ name: string }>(
      "SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.relname NOT LIKE 'knex_%'")
    assert.deepEqual(left, [])
    assert.equal((await db.query("SELECT 1 FROM pg_namespace WHERE nspname = 'heirloom'")).length, 0)
  })
})
