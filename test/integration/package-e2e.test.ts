/**
 * heirloom as a new user gets it: the packed tarball installed into an
 * empty npm project, set up with `heirloom init`, loading the demo dumps,
 * then driven by Knex's own CLI and by `require('heirloom')`. Runs against
 * the suite's PostgreSQL (a database of its own), so the embedded server's
 * install script is not needed.
 */
import assert from 'node:assert/strict'
import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { packageRoot } from '../../src/db/package-root'
import { buildDemoDumps } from '../../src/use-cases/demo'
import { createTestDatabase, type TestDatabase } from '../support/test-database'

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx'

function npmMissing(): string | undefined {
  const r = spawnSync(NPM, ['--version'], { encoding: 'utf8' })
  return r.error === undefined && r.status === 0 ? undefined : 'npm is not on PATH'
}

describe('a new user\'s project: npm pack → npm i → heirloom init → run → npx knex → require(\'heirloom\')', { timeout: 600_000 }, () => {
  const skip = npmMissing()
  let scratch: string
  let project: string
  let tarball: string
  let db: TestDatabase
  let env: NodeJS.ProcessEnv

  const sh = (command: string, args: readonly string[], extra: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> =>
    spawnSync(command, args, { cwd: project, encoding: 'utf8', env: { ...env, ...extra }, timeout: 300_000 })
  const ok = (r: SpawnSyncReturns<string>, what: string): string => {
    assert.equal(r.status, 0, `${what}: ${r.error?.message ?? ''}\n${r.stdout}\n${r.stderr}`)
    return r.stdout
  }

  before(async () => {
    if (skip !== undefined) return
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'heirloom-e2e-'))
    project = path.join(scratch, 'project')
    fs.mkdirSync(project)
    db = await createTestDatabase()
    // No HEIRLOOM_CONFIG of the suite's; the project's heirloom.yml reads DATABASE_URL.
    env = { ...process.env, HEIRLOOM_CONFIG: '', DATABASE_URL: db.url, npm_config_yes: 'true', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' }
    // `npm test` has just built dist/: pack what it built, without building again under the running suite.
    const packed = spawnSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: packageRoot(), encoding: 'utf8', env })
    assert.equal(packed.status, 0, packed.stderr)
    tarball = path.join(scratch, (JSON.parse(packed.stdout) as { filename: string }[])[0].filename)
  })
  after(async () => {
    if (skip !== undefined) return
    await db?.drop()
    fs.rmSync(scratch, { recursive: true, force: true })
  })

  it('the tarball holds the compiled library with types, the type maps, the framework migrations, README and LICENSE, and no tests or bench', { skip }, () => {
    const files = ok(spawnSync('tar', ['tzf', tarball], { encoding: 'utf8' }), 'tar tzf').split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''))
    for (const f of ['dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/main.js', 'dist/src/ingest/load-worker.js', 'dist/src/schema/type-maps/mssql.json',
      'dist/src/schema/type-maps/mysql.json', 'migrations/00000000000000_heirloom_bookkeeping.ts', 'README.md', 'LICENSE', 'package.json', 'docs/configuration.md']) {
      assert.ok(files.includes(f), `${f} in the tarball`)
    }
    assert.deepEqual(files.filter((f) => /(^|\/)(test|bench)\//.test(f) || f.endsWith('.map') || /^src\//.test(f)), [])
    assert.deepEqual(files.filter((f) => f.startsWith('migrations/') && !f.startsWith('migrations/00000000000000_heirloom_')), [], 'no demo migrations')
    const manifest = JSON.parse(ok(spawnSync('tar', ['xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }), 'package.json')) as { scripts: Record<string, string> }
    assert.deepEqual(['preinstall', 'install', 'postinstall', 'prepare'].filter((s) => manifest.scripts[s] !== undefined), [], 'nothing compiles at install')
  })

  it('installs with no compiler run, inits, loads the demo dumps, and works with npx knex and require(\'heirloom\')', { skip }, async () => {
    ok(sh(NPM, ['init', '-y']), 'npm init -y')
    ok(sh(NPM, ['install', '--prefer-offline', tarball]), 'npm install <tarball>')

    const init = ok(sh(NPX, ['--no-install', 'heirloom', 'init']), 'heirloom init')
    assert.match(init, /wrote heirloom\.yml\nwrote knexfile\.js\n/)
    await buildDemoDumps(path.join(project, 'node_modules', 'heirloom', 'demo'), path.join(project, 'dumps'))

    const run = sh(NPX, ['--no-install', 'heirloom', 'run'])
    ok(run, 'heirloom run')
    assert.match(run.stderr, new RegExp(`^config: heirloom\\.yml; database: PostgreSQL at [^\\n]*/${db.name}$`, 'm'))
    assert.match(run.stdout, /shop_eu_v1\.zip \(shop v1, eu\): loaded, 3 member\(s\), 8 rows loaded, 0 rejected/)
    assert.match(run.stdout, /shop_us_v2\.zip \(shop v2, us\): loaded, 3 member\(s\), 9 rows loaded, 0 rejected/)
    assert.deepEqual(fs.readdirSync(path.join(project, 'migrations')).filter((f) => !f.startsWith('00000000000000_')), ['20261101020000_shop_v1.ts', '20261102020000_shop_v2.ts'])

    // Every file of the project's migrations folder: heirloom's own, copied in, and the two generated.
    const migrations = fs.readdirSync(path.join(project, 'migrations')).length
    const status = ok(sh(NPX, ['--no-install', 'knex', 'migrate:status']), 'knex migrate:status')
    assert.match(status, new RegExp(`Found ${migrations} Completed Migration file/files\\.`))
    assert.match(status, /No Pending Migration files Found\./)

    ok(sh(NPX, ['--no-install', 'knex', 'migrate:rollback', '--all']), 'knex migrate:rollback --all')
    assert.deepEqual(await db.query("SELECT to_regclass('public.customers') AS t, to_regclass('heirloom.dumps') AS d"), [{ t: null, d: null }])

    const latest = ok(sh(NPX, ['--no-install', 'knex', 'migrate:latest']), 'knex migrate:latest')
    assert.match(latest, new RegExp(`Batch 1 run: ${migrations} migrations`))
    ok(sh(NPX, ['--no-install', 'knex', 'seed:run']), 'knex seed:run (= heirloom ingest)')
    assert.deepEqual(await db.query('SELECT count(*)::int AS n FROM public.customers'), [{ n: 7 }])

    const script = "require('heirloom').status().then((r) => console.log(JSON.stringify(r.dumps.map((d) => [d.application, d.version, d.region, d.state, d.rowsLoaded]))))"
    const library = ok(sh(process.execPath, ['-e', script]), 'require(\'heirloom\').status()')
    assert.deepEqual(JSON.parse(library), [['shop', '1', 'eu', 'loaded', 8], ['shop', '2', 'us', 'loaded', 9]])
    const scanned = ok(sh(process.execPath, ['-e', "require('heirloom').scan().then((r) => console.log(r.dumps.length, r.failed.length))"]), 'require(\'heirloom\').scan()')
    assert.equal(scanned.trim(), '2 0')

    // The same project turned TypeScript: init writes knexfile.ts (keeping the rest), and Knex loads it through ts-node.
    fs.rmSync(path.join(project, 'knexfile.js'))
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'commonjs', esModuleInterop: true } }))
    assert.match(ok(sh(NPX, ['--no-install', 'heirloom', 'init']), 'heirloom init (TypeScript)'), /^wrote knexfile\.ts$/m)
    const tsStatus = ok(sh(NPX, ['--no-install', 'knex', 'migrate:status']), 'knex migrate:status with knexfile.ts')
    assert.match(tsStatus, new RegExp(`Found ${migrations} Completed Migration file/files\\.`))
  })
})
