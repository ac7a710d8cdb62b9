import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { run as runPipeline, type RunReport } from '../../src/use-cases/run'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'
import { makeZip } from '../support/make-zip'

/*
 * Fixtures built from the description of the seed project's (ezETL) sample
 * dumps dump_v1.zip … dump_v3.zip, which are not available here (docs/dump-layout.md
 * Form C): schema files `[{"column_name": …, "column_type": …},]` with
 * trailing commas and keys in any case; data files pipe-delimited, every
 * value in backticks, bare NULL, a header row giving the field order, SQL
 * Server style-100 dates. No manifest: a config alone identifies them.
 */

const USERS_V1_SCHEMA = `[
  {"column_name": "user_id", "column_type": "int"},
  {"COLUMN_NAME": "user_name", "COLUMN_TYPE": "VARCHAR(50)"},
  {"Column_Name": "created", "Column_Type": "DateTime",},
  {"column_name": "balance", "column_type": "decimal(10,2)"},
]`
const USERS_V2_SCHEMA = `[
  {"column_name": "user_id", "column_type": "INT"},
  {"column_name": "user_name", "column_type": "varchar(50)"},
  {"column_name": "created", "column_type": "datetime"},
  {"column_name": "balance", "column_type": "decimal(10,2)"},
  {"column_name": "email", "column_type": "varchar(100)"},
]`
/** v3 drops balance. */
const USERS_V3_SCHEMA = `[{"column_name":"user_id","column_type":"int"},{"column_name":"user_name","column_type":"varchar(50)"},
  {"column_name":"email","column_type":"varchar(100)"},{"column_name":"created","column_type":"datetime"},]`
/** Sessions exist in v1 and v2 only. */
const SESSIONS_SCHEMA = `[
  {"Column_name": "session_id", "Column_type": "int"},
  {"Column_name": "user_id", "Column_type": "int"},
  {"Column_name": "started", "Column_type": "datetime"},
  {"Column_name": "active", "Column_type": "bit"},
]`

/** One ezETL data file: the header row, then the rows, LF-terminated (CRLF when written on Windows). */
function ezetl(lines: readonly string[], terminator = '\n'): string {
  return `${lines.join(terminator)}${terminator}`
}

const DUMPS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'dump_v1.zip': {
    'users.json': USERS_V1_SCHEMA,
    'users.csv': ezetl([
      '`user_id`|`user_name`|`created`|`balance`',
      '`1`|`alice`|`Dec 22 2000 11:04PM`|`10.50`',
      '`2`|`bob | pipes`|`Jan  1 2001 12:00AM`|NULL',
      '`3`|`NULL`|`Feb 29 2004 12:30PM`|`-0.01`',
      '`4`|``|NULL|`0.00`',
    ]),
    'sessions.json': SESSIONS_SCHEMA,
    'sessions.csv': ezetl([
      '`session_id`|`user_id`|`started`|`active`',
      '`100`|`1`|`Dec 22 2000 11:05PM`|`1`',
      '`101`|`2`|NULL|`0`',
    ]),
  },
  'dump_v2.zip': {
    'users.json': USERS_V2_SCHEMA,
    // The header's order is not the schema file's; this version was written on Windows (CRLF).
    'users.csv': ezetl([
      '`email`|`user_id`|`created`|`user_name`|`balance`',
      '`a@example.com`|`1`|`Dec 22 2000 11:04PM`|`alice`|`10.50`',
      'NULL|`5`|`Mar  3 2003 03:03AM`|`multi\nline`|NULL',
    ], '\r\n'),
    'sessions.json': SESSIONS_SCHEMA,
    'sessions.csv': ezetl([
      '`active`|`session_id`|`started`|`user_id`',
      '`1`|`200`|`Jul  4 2005 12:00PM`|`5`',
      'NULL|`201`|`Jul  4 2005 12:01PM`|`1`',
    ], '\r\n'),
  },
  'dump_v3.zip': {
    'users.json': USERS_V3_SCHEMA,
    'users.csv': ezetl([
      '`user_id`|`user_name`|`email`|`created`',
      '`1`|`alice v3`|`it``s@example.com`|`Oct 10 2010 10:10AM`',
    ]),
  },
}

const CONFIG = (url: string): string => [
  `database: { url: '${url}' }`,
  'dumps:',
  '  path: ./dumps',
  "  pattern: 'dump_v(?<version>\\d+)\\.zip'",
  '  dataExt: .csv',
  '  defaults: { application: ezetl, region: hq, dialect: mssql, format: ezetl }',
  'formats:',
  // No `header: true`: an ezETL-form schema file (no field order of its own) means the header row gives it.
  "  ezetl: { delimiter: '|', rowTerminator: \"\\n\", quote: '`', nullPattern: 'NULL', encoding: utf8 }",
  'migrations: { directory: ./migrations }',
  // Every version's snapshot is kept side by side, so older children keep their rows.
  'ingest: { workers: 2, mode: append }',
  '',
].join('\n')

describe('the seed project\'s ezETL dumps (three versions) load with a config alone', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  let report: RunReport

  before(async () => {
    db = await createTestDatabase()
    ws = makeWorkspace('ezetl')
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    for (const [file, members] of Object.entries(DUMPS)) await makeZip(path.join(ws.dir, 'dumps', file), members)
    report = await runPipeline(writeConfig(ws.dir, CONFIG(db.url)))
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  it('identifies each dump from its file name and loads every row, rejecting none', async () => {
    assert.equal(report.ok, true, JSON.stringify(report.ingest, null, 2))
    assert.deepEqual(report.scan.dumps.map((d) => [path.basename(d.file), d.identity.application, d.identity.version]).sort(),
      [['dump_v1.zip', 'ezetl', '1'], ['dump_v2.zip', 'ezetl', '2'], ['dump_v3.zip', 'ezetl', '3']])
    assert.deepEqual(await db.query('SELECT member, line, reason FROM heirloom.rejects'), [])
    const loads = await db.query<{ version: string; member: string; rows: string }>(
      `SELECT d.version, l.member, l.rows_loaded AS rows FROM heirloom.loads l JOIN heirloom.dumps d ON d.id = l.dump_id ORDER BY 1, 2`)
    assert.deepEqual(loads.map((l) => [l.version, l.member, Number(l.rows)]), [
      ['1', 'sessions.csv', 2], ['1', 'users.csv', 4], ['2', 'sessions.csv', 2], ['2', 'users.csv', 2], ['3', 'users.csv', 1],
    ])
  })

  it('reads backtick-quoted values, bare NULL apart from `NULL` and ``, and style-100 dates', async () => {
    const rows = await db.query('SELECT user_id, user_name, created::text AS created, balance::text AS balance FROM public.users_v1 ORDER BY user_id')
    assert.deepEqual(rows, [
      { user_id: 1, user_name: 'alice', created: '2000-12-22 23:04:00', balance: '10.50' },
      { user_id: 2, user_name: 'bob | pipes', created: '2001-01-01 00:00:00', balance: null },
      { user_id: 3, user_name: 'NULL', created: '2004-02-29 12:30:00', balance: '-0.01' },
      { user_id: 4, user_name: '', created: null, balance: '0.00' },
    ])
  })

  it('matches fields to columns by the header row, whatever their order, with CRLF rows, LF and doubled backticks inside quotes', async () => {
    const v2 = await db.query('SELECT user_id, user_name, created::text AS created, balance::text AS balance, email FROM public.users_v2 ORDER BY user_id')
    assert.deepEqual(v2, [
      { user_id: 1, user_name: 'alice', created: '2000-12-22 23:04:00', balance: '10.50', email: 'a@example.com' },
      { user_id: 5, user_name: 'multi\nline', created: '2003-03-03 03:03:00', balance: null, email: null },
    ])
    const v3 = await db.query('SELECT user_id, user_name, created::text AS created, email FROM public.users_v3')
    assert.deepEqual(v3, [{ user_id: 1, user_name: 'alice v3', created: '2010-10-10 10:10:00', email: 'it`s@example.com' }])
    const sessions = await db.query('SELECT session_id, user_id, started::text AS started, active FROM public.sessions_v2 ORDER BY session_id')
    assert.deepEqual(sessions, [
      { session_id: 200, user_id: 5, started: '2005-07-04 12:00:00', active: true },
      { session_id: 201, user_id: 1, started: '2005-07-04 12:01:00', active: null },
    ])
  })

  it('keeps the older children, with their rows, of the table the newest version no longer has', async () => {
    const children = await db.query<{ child: string }>(
      "SELECT c.relname AS child FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'public.sessions'::regclass ORDER BY 1")
    assert.deepEqual(children.map((c) => c.child), ['sessions_v1', 'sessions_v2'])
    const v1 = await db.query('SELECT session_id, user_id, started::text AS started, active FROM public.sessions_v1 ORDER BY session_id')
    assert.deepEqual(v1, [
      { session_id: 100, user_id: 1, started: '2000-12-22 23:05:00', active: true },
      { session_id: 101, user_id: 2, started: null, active: false },
    ])
    const byVersion = await db.query<{ version: string; n: string }>(
      'SELECT d.version, count(*) AS n FROM public.sessions s JOIN heirloom.dumps d ON d.id = s._dump_id GROUP BY 1 ORDER BY 1')
    assert.deepEqual(byVersion.map((r) => [r.version, Number(r.n)]), [['1', 2], ['2', 2]])
  })

  it('drifts the users mother: balance (gone in v3) and email (new in v2) live only in the children', async () => {
    const columns = await db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'users' ORDER BY ordinal_position")
    assert.deepEqual(columns.map((c) => c.column_name).sort(), ['_dump_id', 'created', 'user_id', 'user_name'])
    const [{ n }] = await db.query<{ n: string }>('SELECT count(*) AS n FROM public.users')
    assert.equal(Number(n), 7, 'the mother counts the sum of its children')
  })
})
