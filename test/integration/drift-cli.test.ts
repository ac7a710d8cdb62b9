/**
 * Issue #4 through the CLI: `heirloom drift <table>` (text and --json),
 * `generate --check` as a CI gate (missing versions, applied migrations
 * edited since), hand-edited migrations respected, and the checksums
 * `migrate`, `status` and `generate --check` record and compare — including
 * for migrations applied by plain `npx knex migrate:latest`.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import knex from 'knex'
import type { Config } from '../../src/config/config'
import { knexSettings, registerTypeScript } from '../../src/db/knex-config'
import { frameworkMigrations } from '../../src/db/migrate'
import { fileChecksum } from '../../src/db/migration-checksums'
import { packageRoot } from '../../src/db/package-root'
import { tableDrift } from '../../src/migrations/table-drift'
import { writeDump, type DumpSpec } from '../support/drift-dumps'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'

const CLI = path.join(packageRoot(), 'dist', 'src', 'cli', 'main.js')

type Run = { status: number | null; stdout: string; stderr: string }

function heirloom(cwd: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, HEIRLOOM_CONFIG: '' } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

function knexCli(cwd: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, [path.join(packageRoot(), 'node_modules', 'knex', 'bin', 'cli.js'), '--knexfile', path.join(packageRoot(), 'knexfile.ts'), ...args],
    { cwd, encoding: 'utf8', env: { ...process.env, HEIRLOOM_CONFIG: path.join(cwd, 'heirloom.yml') } })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

const ID = ['id', 'int not null'] as const
const V1: DumpSpec = { version: '1', region: 'eu', exportedAt: '2026-01-01T00:00:00Z', tables: { Orders: { columns: [ID, ['qty', 'int'], ['total', 'decimal(10,2)'], ['fax', 'varchar(20)']] } } }
const V2: DumpSpec = { version: '2', region: 'us', exportedAt: '2026-02-01T00:00:00Z', tables: { Orders: { columns: [ID, ['qty', 'varchar(20)'], ['total', 'decimal(14,2)']] } } }
const V3: DumpSpec = { version: '3', region: 'ap', exportedAt: '2026-03-01T00:00:00Z', tables: { Orders: { columns: [ID, ['qty', 'varchar(20)'], ['total', 'decimal(14,2)'], ['tier', 'int']] } } }

describe('heirloom drift, generate --check and migration checksums', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  let config: Config
  const file = (name: string): string => path.join(ws.dir, 'migrations', name)
  const V1_FILE = '20260101000000_shop_v1.ts'
  const V2_FILE = '20260201000000_shop_v2.ts'

  before(async () => {
    db = await createTestDatabase()
    ws = makeWorkspace('drift-cli')
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    for (const spec of [V1, V2]) await writeDump(path.join(ws.dir, 'dumps'), spec)
    config = writeConfig(ws.dir, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { workers: 1 }\n`)
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  it('generate --check exits 1 listing what is missing, generate writes it with both framework migrations, --check then exits 0', () => {
    const check = heirloom(ws.dir, 'generate', '--check')
    assert.equal(check.status, 1, check.stderr)
    assert.match(check.stdout, /missing migrations\/20260101000000_shop_v1\.ts \(shop v1\)\n.*missing migrations\/20260201000000_shop_v2\.ts \(shop v2\)/s)
    assert.equal(heirloom(ws.dir, 'generate').status, 0)
    assert.deepEqual(fs.readdirSync(path.join(ws.dir, 'migrations')).sort(), [...frameworkMigrations(), V1_FILE, V2_FILE])
    const covered = heirloom(ws.dir, 'generate', '--check', '--json')
    assert.equal(covered.status, 0, covered.stdout + covered.stderr)
    assert.equal(JSON.parse(covered.stdout).migrations.applied.length, 0, 'the database is checked: nothing applied yet')
  })

  it('drift prints the columns × versions matrix, marking the mother and saying why a column left it', () => {
    const r = heirloom(ws.dir, 'drift', 'orders')
    assert.equal(r.status, 0, r.stderr)
    assert.deepEqual(r.stdout.split('\n').slice(0, 6), [
      'orders (Orders): 2 version(s); * = column of the mother',
      '   column  mother         v1                v2                note',
      '*  id      integer        integer not null  integer not null',
      '   qty     —              integer           varchar(20)       not in the mother: types integer and varchar(20) have no lossless common type',
      '*  total   numeric(14,2)  numeric(10,2)     numeric(14,2)     mother widened to numeric(14,2)',
      '   fax     —              varchar(20)       —                 not in the mother: not in v2',
    ])
  })

  it('drift --json gives the same data as the library; --dumps adds versions not generated yet; an unknown table exits 2', async () => {
    const json = heirloom(ws.dir, 'drift', 'Orders', '--json')
    assert.equal(json.status, 0, json.stderr)
    assert.deepEqual(JSON.parse(json.stdout), JSON.parse(JSON.stringify(tableDrift(config, 'orders'))))
    await writeDump(path.join(ws.dir, 'dumps'), V3)
    const pending = JSON.parse(heirloom(ws.dir, 'drift', 'orders', '--dumps', '--json').stdout) as { versions: { version: string; generated: boolean }[]; columns: { column: string; note: string }[] }
    assert.deepEqual(pending.versions.map((v) => [v.version, v.generated]), [['1', true], ['2', true], ['3', false]])
    assert.equal(pending.columns.find((c) => c.column === 'tier')?.note, 'not in the mother: not in v1, v2')
    const unknown = heirloom(ws.dir, 'drift', 'nosuch')
    assert.equal(unknown.status, 2)
    assert.match(unknown.stderr, /no table "nosuch".*\n.*name one of: orders/)
    fs.rmSync(path.join(ws.dir, 'dumps', 'shop_ap_v3.zip'))
  })

  it('migrate records a checksum of every applied generated migration; status shows the migrations section', async () => {
    const m = heirloom(ws.dir, 'migrate')
    assert.equal(m.status, 0, m.stderr)
    assert.ok(m.stdout.startsWith([...frameworkMigrations(), V1_FILE].map((f) => `applied ${f}\n`).join('')), m.stdout)
    const sums = await db.query<{ name: string; sha256: string }>('SELECT name, sha256 FROM heirloom.migration_checksums ORDER BY name')
    assert.deepEqual(sums, [V1_FILE, V2_FILE].map((name) => ({ name, sha256: fileChecksum(file(name)) })), 'generated migrations only: the framework\'s are heirloom\'s to change')
    const status = heirloom(ws.dir, 'status')
    assert.equal(status.status, 0, status.stderr)
    assert.match(status.stdout, new RegExp(`^migrations: ${frameworkMigrations().length + 2} applied, 0 pending$`, 'm'))
  })

  it('an applied migration edited afterwards: status reports it, generate --check exits 1, migrate warns; generate never overwrites it', async () => {
    const original = fs.readFileSync(file(V1_FILE), 'utf8')
    const edited = original.replace('export async function up(knex: Knex): Promise<void> {\n', 'export async function up(knex: Knex): Promise<void> {\n  // reviewed: keep\n')
    fs.writeFileSync(file(V1_FILE), edited)
    const status = JSON.parse(heirloom(ws.dir, 'status', '--json').stdout) as { migrations: { edited: { name: string; appliedSha256: string; currentSha256: string }[] } }
    assert.deepEqual(status.migrations.edited.map((e) => e.name), [V1_FILE])
    assert.match(heirloom(ws.dir, 'status').stdout, /! 20260101000000_shop_v1\.ts was edited after it was applied .*restore the file from version control/)
    const check = heirloom(ws.dir, 'generate', '--check')
    assert.equal(check.status, 1, 'every version is covered, but an applied migration changed')
    assert.match(check.stdout, /every version in the dumps is covered[\s\S]*20260101000000_shop_v1\.ts was edited after it was applied/)
    assert.match(heirloom(ws.dir, 'migrate').stdout, /warning: 20260101000000_shop_v1\.ts was edited after it was applied/)
    await writeDump(path.join(ws.dir, 'dumps'), V3)
    assert.equal(heirloom(ws.dir, 'generate').status, 0)
    assert.equal(fs.readFileSync(file(V1_FILE), 'utf8'), edited, 'the hand-edited file is left as it is')
    assert.ok(fs.existsSync(file('20260301000000_shop_v3.ts')))
    fs.writeFileSync(file(V1_FILE), original)
    assert.equal(heirloom(ws.dir, 'generate', '--check').status, 0, 'restored from version control: the gate passes again')
  })

  it('checksums also cover migrations applied by npx knex, recorded at the next heirloom command; a re-applied migration is checksummed again', async () => {
    const latest = knexCli(ws.dir, 'migrate:latest')
    assert.equal(latest.status, 0, latest.stdout + latest.stderr)
    const V3_FILE = '20260301000000_shop_v3.ts'
    assert.deepEqual(await db.query('SELECT name FROM heirloom.migration_checksums WHERE name = $1', [V3_FILE]), [], 'Knex alone records nothing')
    assert.match(heirloom(ws.dir, 'status').stdout, new RegExp(`^migrations: ${frameworkMigrations().length + 3} applied, 0 pending$`, 'm'))
    assert.deepEqual(await db.query('SELECT sha256 FROM heirloom.migration_checksums WHERE name = $1', [V3_FILE]), [{ sha256: fileChecksum(file(V3_FILE)) }])
    fs.appendFileSync(file(V3_FILE), '// a late edit\n')
    assert.equal(heirloom(ws.dir, 'generate', '--check').status, 1)
    // Rolled back and applied again (in process: the same Knex, without another ts-node start-up).
    registerTypeScript()
    const k = knex(knexSettings(config, db.url))
    try {
      await k.migrate.rollback()
      await k.migrate.latest()
    } finally {
      await k.destroy()
    }
    const check = heirloom(ws.dir, 'generate', '--check', '--json')
    assert.equal(check.status, 0, check.stdout)
    assert.deepEqual(JSON.parse(check.stdout).migrations.edited, [], 'applied again with the edit: the new text is what the database has')
  })
})
