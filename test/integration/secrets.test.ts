import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { packageRoot } from '../../src/db/package-root'
import { buildDemoDumps } from '../../src/use-cases/demo'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'
import { heirloom, type CliResult } from '../support/cli'

/**
 * Passwords that a search-and-replace over the output gets wrong: `e` is in
 * every word, `"` in every JSON string, `postgres` is the scheme and the
 * user, and the last needs percent-encoding and is found nowhere else.
 */
const PASSWORDS = ['e', '"', 'postgres', 'p@ss:w/rd%'] as const
const DISTINCTIVE = 'p@ss:w/rd%'
/** Given through the environment; pg would send it if the server asked. */
const PG_PASSWORD = 'Pgpassw0rd-From-Env'

type Form = 'user info' | '?password=' | 'key=value'
const FORMS: readonly Form[] = ['user info', '?password=', 'key=value']

interface Case {
  readonly password: string
  readonly form: Form
  /** What database.url is set to. */
  readonly url: string
  /** How heirloom must show it: the same structure, the password replaced by ***. */
  readonly shown: string
}

function libpqQuote(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&')}'`
}

/** database.url for the test database (on another port when given), with the password in the given form. */
function caseFor(dbUrl: string, password: string, form: Form, port?: number): Case {
  const u = new URL(dbUrl)
  const host = u.hostname
  const p = String(port ?? u.port)
  const user = decodeURIComponent(u.username)
  const db = u.pathname.slice(1)
  const enc = encodeURIComponent(password)
  switch (form) {
    case 'user info': return { password, form, url: `postgres://${user}:${enc}@${host}:${p}/${db}`, shown: `postgres://${user}:***@${host}:${p}/${db}` }
    case '?password=': return { password, form, url: `postgres://${user}@${host}:${p}/${db}?password=${enc}`, shown: `postgres://${user}@${host}:${p}/${db}?password=***` }
    case 'key=value': return {
      password, form,
      url: `host=${host} port=${p} dbname=${db} user=${user} password=${libpqQuote(password)}`,
      shown: `postgres:///${db}?host=${host}&port=${p}&user=${user}&password=***`,
    }
  }
}

function allCases(dbUrl: string, port?: number): Case[] {
  return PASSWORDS.flatMap((pw) => FORMS.map((form) => caseFor(dbUrl, pw, form, port)))
}

/** The ways a password can be written where a connection string is printed; the distinctive one, anywhere at all. */
function assertNoPassword(r: CliResult, c: Pick<Case, 'password' | 'form'>, what: string): void {
  const output = r.stdout + r.stderr
  const pw = c.password
  const written = [`:${pw}@`, `:${encodeURIComponent(pw)}@`, `password=${pw}`, `password=${encodeURIComponent(pw)}`,
    `password=${new URLSearchParams({ p: pw }).toString().slice(2)}`, `password=${libpqQuote(pw)}`]
  if (pw === DISTINCTIVE) written.push(pw, encodeURIComponent(pw))
  for (const s of [...written, PG_PASSWORD]) {
    assert.ok(!output.includes(s), `${what} with the password ${JSON.stringify(pw)} as ${c.form} printed ${JSON.stringify(s)}:\n${output}`)
  }
}

function parseJson(r: CliResult, what: string): unknown {
  try {
    return JSON.parse(r.stdout)
  } catch (e) {
    assert.fail(`${what}: --json printed invalid JSON (${(e as Error).message}):\n${r.stdout}`)
  }
}

describe('the database password never appears in output, errors or bookkeeping', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  const run = (c: { url: string }, ...args: string[]): CliResult => heirloom(ws.dir, args, { DATABASE_URL: c.url, PGPASSWORD: PG_PASSWORD })
  before(async () => {
    db = await createTestDatabase()
    ws = makeWorkspace('secrets')
    await buildDemoDumps(path.join(packageRoot(), 'demo'), path.join(ws.dir, 'dumps'))
    fs.writeFileSync(path.join(ws.dir, 'heirloom.yml'), 'database: { url: "${DATABASE_URL}" }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\n')
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  it('run loads with a password given in each form and prints it nowhere, text and --json', () => {
    for (const form of FORMS) {
      const c = caseFor(db.url, DISTINCTIVE, form)
      for (const args of [['run'], ['run', '--json'], ['generate', '--check', '--json']]) {
        const r = run(c, ...args)
        assert.equal(r.status, 0, `${args.join(' ')} (${form}): ${r.stdout}${r.stderr}`)
        if (args.includes('--json')) parseJson(r, args.join(' '))
        assertNoPassword(r, c, args.join(' '))
      }
    }
  })

  it('status prints exactly what it prints without a password: no word changed, --json valid and intact', () => {
    const plain = { url: db.url }
    const text = run(plain, 'status')
    const json = run(plain, 'status', '--json')
    assert.equal(text.status, 0, text.stderr)
    assert.match(json.stdout, /"state": "loaded"/)
    for (const c of allCases(db.url)) {
      const t = run(c, 'status')
      assert.equal(t.stdout, text.stdout, `status with the password ${JSON.stringify(c.password)} as ${c.form}`)
      assertNoPassword(t, c, 'status')
      const j = run(c, 'status', '--json')
      assert.deepEqual(parseJson(j, 'status --json'), JSON.parse(json.stdout))
      assertNoPassword(j, c, 'status --json')
    }
  })

  it('ingest --json parses and prints no password', () => {
    for (const c of allCases(db.url)) {
      const r = run(c, 'ingest', '--json')
      assert.equal(r.status, 0, r.stdout + r.stderr)
      const report = parseJson(r, 'ingest --json') as Record<string, unknown>
      assert.ok('dumps' in report, r.stdout)
      assertNoPassword(r, c, 'ingest --json')
    }
  })

  it('db url prints a URL psql can use: the server, user and database of the config, with no password at all', () => {
    const server = new URL(db.url)
    for (const c of allCases(db.url)) {
      const t = run(c, 'db', 'url')
      assert.equal(t.status, 0, t.stderr)
      const shown = new URL(t.stdout.trim())
      assert.equal(shown.password, '', t.stdout)
      assert.ok(!shown.searchParams.has('password') && !t.stdout.includes('***'), t.stdout)
      // The key=value form stays in libpq's URI query form (`postgres:///db?host=…&port=…`), which psql reads as well.
      const where = (u: URL): string[] => [u.hostname || (u.searchParams.get('host') ?? ''), u.port || (u.searchParams.get('port') ?? ''), u.pathname]
      assert.deepEqual(where(shown), where(server), t.stdout)
      assertNoPassword(t, c, 'db url')
      const j = run(c, 'db', 'url', '--json')
      assert.deepEqual(parseJson(j, 'db url --json'), { kind: 'server', url: t.stdout.trim() })
    }
  })

  it('a failed connection names the server with only the password replaced by ***', () => {
    for (const c of allCases(db.url, 1)) {
      // migrate connects through the same helper first; once per form is enough for it.
      for (const args of [['status'], ['ingest', '--json'], ...(c.password === DISTINCTIVE ? [['migrate', '--json']] : [])]) {
        const r = run(c, ...args)
        assert.equal(r.status, 1, r.stdout + r.stderr)
        const message = args.includes('--json') ? (parseJson(r, args.join(' ')) as { error: { message: string } }).error.message : r.stderr
        assert.ok(message.includes(`cannot connect to PostgreSQL at ${c.shown}: `), `${args.join(' ')} (${c.form}, ${JSON.stringify(c.password)}): ${message}`)
        assertNoPassword(r, c, `${args.join(' ')} on a failed connection`)
      }
    }
  })

  it('a database.url that does not parse is a configuration error naming database.url and the file, not its value', () => {
    const bad = [
      { form: 'user info', url: `postgres://postgres:${DISTINCTIVE}@127.0.0.1:5432/db` }, // not percent-encoded
      { form: 'key=value', url: `host=127.0.0.1 password='${DISTINCTIVE}` }, // quote not closed
      { form: 'key=value', url: `host=127.0.0.1 passwd=${DISTINCTIVE}` }, // not a libpq keyword
      { form: 'user info', url: `${DISTINCTIVE}@127.0.0.1` }, // neither a URL nor key=value
    ] as const
    for (const b of bad) {
      for (const args of [['status'], ['status', '--json'], ['db', 'url']]) {
        const r = run(b, ...args)
        assert.equal(r.status, 2, `${args.join(' ')} with ${b.url}: ${r.stdout}${r.stderr}`)
        const message = args.includes('--json') ? (parseJson(r, args.join(' ')) as { error: { message: string } }).error.message : r.stderr
        assert.ok(message.includes(path.join(ws.dir, 'heirloom.yml')) && message.includes('database.url: '), message)
        assertNoPassword(r, { password: DISTINCTIVE, form: b.form }, `${args.join(' ')} with an unparsable URL`)
      }
    }
  })

  it('a YAML syntax error does not quote the config file, which may hold the password', () => {
    const dir = makeWorkspace('secrets-yaml')
    try {
      fs.writeFileSync(path.join(dir.dir, 'heirloom.yml'), `database: { url: "postgres://postgres:${encodeURIComponent(DISTINCTIVE)}@127.0.0.1/db" ]\n`)
      const r = heirloom(dir.dir, ['status'], {})
      assert.equal(r.status, 2, r.stdout + r.stderr)
      assert.match(r.stderr, /heirloom\.yml: .*line 1/)
      assertNoPassword(r, { password: DISTINCTIVE, form: 'user info' }, 'status with a broken config file')
    } finally {
      dir.cleanup()
    }
  })

  it('no heirloom.* table holds the password', async () => {
    const tables = await db.query<{ name: string }>("SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'heirloom'")
    assert.ok(tables.length > 0)
    for (const { name } of tables) {
      const rows = await db.query<{ t: string }>(`SELECT t::text AS t FROM heirloom.${name} t`)
      for (const r of rows) for (const secret of [DISTINCTIVE, encodeURIComponent(DISTINCTIVE), PG_PASSWORD]) assert.ok(!r.t.includes(secret), `heirloom.${name}: ${r.t}`)
    }
  })
})
