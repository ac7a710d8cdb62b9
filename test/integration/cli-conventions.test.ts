import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { packageRoot } from '../../src/db/package-root'
import { heirloom as cli } from '../support/cli'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'

const heirloom = (cwd: string, ...args: string[]) => cli(cwd, args)
const VERSION = (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version

describe('CLI conventions', () => {
  let ws: ReturnType<typeof makeWorkspace>
  before(() => { ws = makeWorkspace('conventions') })
  after(() => ws.cleanup())

  it('-h and --help work before and after a command, and --help lists the exit codes', () => {
    for (const args of [['--help'], ['-h'], ['scan', '-h'], ['-h', 'scan'], ['db', 'url', '--help']]) {
      const r = heirloom(ws.dir, ...args)
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`)
      assert.match(r.stdout, /^heirloom /, args.join(' '))
    }
    const top = heirloom(ws.dir, '--help').stdout
    assert.match(top, /Exit codes:\n {2}0 +all done\n {2}1 +something failed[^\n]*\n {2}2 +usage or configuration error[^\n]*\n {2}130 +interrupted/)
    for (const command of ['init', 'scan', 'generate', 'migrate', 'ingest', 'run', 'status', 'drift', 'forget', 'db', 'completion']) assert.match(top, new RegExp(`heirloom ${command}\\b`), command)
  })

  it('-V and --version print the package version, anywhere', () => {
    for (const args of [['-V'], ['--version'], ['scan', '-V']]) {
      const r = heirloom(ws.dir, ...args)
      assert.equal(r.status, 0, r.stderr)
      assert.equal(r.stdout.trim(), VERSION, args.join(' '))
    }
  })

  it('a mistyped command exits 2 and says which one was meant', () => {
    const r = heirloom(ws.dir, 'staus')
    assert.equal(r.status, 2)
    assert.match(r.stderr, /Did you mean status\?/)
  })

  it('an unknown option exits 2 with the command\'s usage and names the option', () => {
    const r = heirloom(ws.dir, 'scan', '--dry-rn')
    assert.equal(r.status, 2, r.stderr)
    assert.match(r.stderr, /^heirloom scan\n/)
    assert.match(r.stderr, /Unknown argument: dry-rn/)
    const json = heirloom(ws.dir, 'scan', '--dry-rn', '--json')
    assert.equal(json.status, 2)
    assert.equal((JSON.parse(json.stdout) as { error: { code: string } }).error.code, 'USAGE', 'usage stays off stdout with --json')
  })

  it('completion prints a shell completion script for heirloom', () => {
    const r = heirloom(ws.dir, 'completion')
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /###-begin-heirloom-completions-###/)
    assert.match(r.stdout, /complete -o bashdefault -o default -F _heirloom_yargs_completions heirloom/)
    // The script asks heirloom itself for the words: they must be its commands.
    const words = heirloom(ws.dir, '--get-yargs-completions', 'heirloom', 'st')
    assert.match(words.stdout, /^status/m)
  })

  it('with no config file, says so and where it looked', () => {
    const empty = path.join(ws.dir, 'no-config')
    fs.mkdirSync(path.join(empty, 'dumps'), { recursive: true })
    const r = heirloom(empty, 'scan')
    assert.match(r.stderr, /no config file found \(looked for heirloom\.yml, heirloom\.yaml, heirloom\.config\.js, heirloom\.config\.cjs, heirloom\.config\.json in /)
    assert.equal(heirloom(empty, 'scan', '--quiet').stderr.includes('no config file found'), false, '--quiet leaves notes out')
  })

  it('--quiet and --verbose exclude each other (exit 2)', () => {
    const r = heirloom(ws.dir, 'scan', '--quiet', '--verbose')
    assert.equal(r.status, 2)
    assert.match(r.stderr, /mutually exclusive/)
  })
})

describe('every command that touches a database says which config and which database', () => {
  let ws: ReturnType<typeof makeWorkspace>
  let db: TestDatabase
  before(async () => {
    ws = makeWorkspace('says-database')
    db = await createTestDatabase()
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  it('names the config file and host:port/database of the URL, never its password', () => {
    const url = new URL(db.url)
    url.password = 'S3cret-pw'
    fs.writeFileSync(path.join(ws.dir, 'heirloom.yaml'), 'database: { url: "${TEST_URL}" }\n')
    const r = cli(ws.dir, ['status'], { TEST_URL: url.toString(), PGPASSWORD: '' })
    assert.match(r.stderr, new RegExp(`^config: heirloom\\.yaml; database: PostgreSQL at ${url.hostname}:${url.port}/${db.name}\n`))
    assert.equal(`${r.stdout}${r.stderr}`.includes('S3cret-pw'), false)
    const verbose = cli(ws.dir, ['migrate', '--verbose'], { TEST_URL: db.url })
    assert.equal(verbose.status, 0, verbose.stderr)
    assert.match(verbose.stderr, /^config: heirloom\.yaml; database: PostgreSQL at .*\ndumps: .*; migrations: .*; ingest: \d+ worker\(s\), mode replace/)
    fs.rmSync(path.join(ws.dir, 'heirloom.yaml'))
  })

  it('names the embedded server\'s folder when no URL is set; `db url` then starts nothing and says how to', () => {
    fs.writeFileSync(path.join(ws.dir, 'heirloom.yml'), 'dumps: { path: ./dumps }\n')
    const r = heirloom(ws.dir, 'db', 'url')
    assert.equal(r.status, 1, r.stdout + r.stderr)
    assert.match(r.stderr, /^config: heirloom\.yml; database: embedded PostgreSQL in /)
    assert.match(r.stdout, /no embedded PostgreSQL runs for .*: start it with `heirloom db start`/)
    assert.equal(fs.existsSync(path.join(ws.dir, '.heirloom', 'pgdata', 'postmaster.pid')), false, 'no server was started')
    const json = heirloom(ws.dir, 'db', 'url', '--json')
    assert.equal((JSON.parse(json.stdout) as { running: boolean }).running, false)
  })

  it('db url prints a URL psql connects with', (t) => {
    const psql = spawnSync('psql', ['--version'])
    if (psql.error !== undefined) {
      t.skip('psql is not installed: SKIPPED connecting with the printed URL')
      return
    }
    fs.writeFileSync(path.join(ws.dir, 'heirloom.yml'), `database: { url: '${db.url}' }\n`)
    const url = heirloom(ws.dir, 'db', 'url').stdout.trim()
    const r = spawnSync('psql', [url, '-Atc', 'SELECT current_database()'], { encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stdout.trim(), db.name)
  })
})
