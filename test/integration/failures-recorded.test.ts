/**
 * Issue #13, "failures that must be recorded and explained", against a real
 * PostgreSQL: a member whose connection is terminated mid-COPY, a step after
 * the loads whose connection is terminated, and a PostgreSQL error with its
 * own detail and hint. Each ends recorded in the bookkeeping (through a fresh
 * connection), named in the output with PostgreSQL's fields, exit code 1, and
 * the next run finishes the work.
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'
import { heirloom, startHeirloom, type CliResult } from '../support/cli'
import { makeSyntheticDump } from '../support/synthetic-dump'
import { pausedAt } from '../support/pause'
import { onEveryT01Leaf } from '../support/leaf-triggers'

const TABLES = 3
const ROWS = 2000
/** Trust authentication ignores it; it must never reach the bookkeeping or the output all the same. */
const PASSWORD = 's3cr3t-pw'

interface Fixture { readonly dir: string; readonly config: string; readonly db: TestDatabase }

/** A workspace with one synthetic dump, generated and migrated, nothing loaded; the config's URL carries a password. */
async function fixture(ws: string, label: string): Promise<Fixture> {
  const dir = path.join(ws, label)
  const db = await createTestDatabase()
  await makeSyntheticDump(path.join(dir, 'dumps'), { region: 'eu', exportedAt: '2026-11-01T00:00:00Z', tables: TABLES, rows: ROWS })
  const url = new URL(db.url)
  url.password = PASSWORD
  const config = path.join(dir, 'heirloom.yml')
  fs.writeFileSync(config, `database: { url: '${url.toString()}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { workers: 2 }\n`)
  for (const step of ['generate', 'migrate']) assert.equal(heirloom(dir, [step, '--config', config]).status, 0, step)
  return { dir, config, db }
}

/** Every row of every child, by content, with its region: what a reader sees. */
async function snapshot(db: TestDatabase): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (let t = 1; t <= TABLES; t++) {
    const child = `t0${t}_v1`
    const [r] = await db.query<{ n: string; sum: string }>(
      `SELECT count(*) AS n, md5(string_agg(row(c.id, c.label, c.amount, d.region)::text, ',' ORDER BY c.id)) AS sum
       FROM public.${child} c JOIN heirloom.dumps d ON d.id = c._dump_id`)
    out[child] = `${r.n}:${r.sum}`
  }
  return out
}

/** Waits (up to 30 s) for a heirloom session blocked on a lock in a statement starting with `statement`, and terminates it. */
async function terminateBlocked(db: TestDatabase, application: string, statement: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const [r] = await db.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE $1
         AND wait_event_type = 'Lock' AND query LIKE $2 LIMIT 1`, [application, `${statement}%`])
    if (r !== undefined) {
      await db.query('SELECT pg_terminate_backend($1)', [r.pid])
      return
    }
    await sleep(50)
  }
  assert.fail(`no ${application} session waited in ${statement}`)
}

function assertNoStackTraceNorPassword(r: CliResult): void {
  assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace')
  assert.ok(!(r.stdout + r.stderr).includes(PASSWORD), 'no password in the output')
}

async function bookkeepingText(db: TestDatabase): Promise<string> {
  const [r] = await db.query<{ text: string }>(
    `SELECT coalesce((SELECT string_agg(row(l.*)::text, ' ') FROM heirloom.loads l), '') || coalesce((SELECT string_agg(row(f.*)::text, ' ') FROM heirloom.unfinished_steps f), '') AS text`)
  return r.text
}

describe('failures recorded through a fresh connection and explained', () => {
  let ws: ReturnType<typeof makeWorkspace>
  let reference: Record<string, string>
  const dbs: TestDatabase[] = []

  before(async () => {
    ws = makeWorkspace('failures')
    const f = await fixture(ws.dir, 'reference')
    dbs.push(f.db)
    assert.equal(heirloom(f.dir, ['ingest', '--config', f.config]).status, 0)
    reference = await snapshot(f.db)
  })
  after(async () => {
    for (const db of dbs) await db.drop()
    ws.cleanup()
  })

  it('records a member whose connection was terminated mid-COPY as failed, and ingest --retry-failed loads it to the clean state', async () => {
    const f = await fixture(ws.dir, 'terminated-copy')
    dbs.push(f.db)
    // The worker stops after T01's COPY, its transaction open; its session is terminated there.
    const run = startHeirloom(f.dir, ['ingest', '--config', f.config], { HEIRLOOM_TEST_PAUSE_AT: 'copied:t01' })
    const pid = await pausedAt(f.db, 'copied:t01')
    assert.ok(pid !== undefined, 'the worker paused after the COPY of T01')
    await f.db.query('SELECT pg_terminate_backend($1)', [pid])
    const interrupted = await run.done
    assert.equal(interrupted.status, 1, interrupted.stdout + interrupted.stderr)
    const [row] = await f.db.query<{ status: string; error_code: string; error: string }>("SELECT status, error_code, error FROM heirloom.loads WHERE member = 'T01.dat'")
    assert.deepEqual([row?.status, row?.error_code], ['failed', 'CONNECTION_LOST'], 'recorded as failed through a fresh connection')
    assert.match(row.error, /T01\.dat: .*terminating connection due to administrator command/)
    const [cause] = await f.db.query<{ sqlstate: string }>("SELECT cause->>'sqlstate' AS sqlstate FROM heirloom.loads WHERE member = 'T01.dat'")
    assert.equal(cause.sqlstate, '57P01')
    assert.match(interrupted.stderr, /FAILED {2}shop_eu_2026-11-01\.zip: T01\.dat: the connection to PostgreSQL .* was lost: terminating connection due to administrator command → .*--retry-failed/)
    assert.match(interrupted.stderr, /PostgreSQL FATAL 57P01/)
    assertNoStackTraceNorPassword(interrupted)
    assert.ok(!(await bookkeepingText(f.db)).includes(PASSWORD), 'no password in the bookkeeping')

    const retry = heirloom(f.dir, ['ingest', '--retry-failed', '--json', '--config', f.config])
    assert.equal(retry.status, 0, retry.stdout + retry.stderr)
    const members = (JSON.parse(retry.stdout) as { dumps: { members: { member: string; status: string }[] }[] }).dumps.flatMap((d) => d.members)
    assert.deepEqual(members.map((m) => `${m.member}:${m.status}`), ['T01.dat:loaded'])
    assert.deepEqual(await snapshot(f.db), reference)
    assert.equal(heirloom(f.dir, ['status', '--config', f.config]).status, 0)
  })

  it('names, records and hints a key index build whose connection was terminated, goes on with the other tables, and the next ingest builds it', async () => {
    const f = await fixture(ws.dir, 'terminated-index')
    dbs.push(f.db)
    // The run stops once every table is staged; a session of the test's own takes SHARE UPDATE EXCLUSIVE on T01's leaf,
    // which holds off CREATE INDEX (SHARE) until the heirloom session waiting for it is terminated.
    const run = startHeirloom(f.dir, ['ingest', '--config', f.config], { HEIRLOOM_TEST_PAUSE_AT: 'finishing' })
    const paused = await pausedAt(f.db, 'finishing')
    assert.ok(paused !== undefined, 'the run paused before the key indexes')
    const lock = new pg.Client({ connectionString: f.db.url })
    await lock.connect()
    let r: CliResult
    try {
      await lock.query('BEGIN')
      await lock.query('LOCK TABLE public_leaves.t01_v1_d1 IN SHARE UPDATE EXCLUSIVE MODE')
      await f.db.query('SELECT pg_cancel_backend($1)', [paused])
      await terminateBlocked(f.db, 'heirloom', 'CREATE INDEX')
      await lock.query('ROLLBACK')
      r = await run.done
    } finally {
      await lock.end()
    }
    assert.equal(r.status, 1, r.stdout + r.stderr)
    assertNoStackTraceNorPassword(r)
    assert.match(r.stdout, /shop_eu_2026-11-01\.zip \(shop v1, eu\): not settled, 3 member\(s\), 6000 rows loaded/)
    assert.match(r.stdout, /FAILED shop_eu_2026-11-01\.zip: table T01 \(public_leaves\.t01_v1_d1\): building its key index t01_v1_d1_key failed: the connection to PostgreSQL .* was lost: terminating connection due to administrator command → the loaded rows are kept \(staged, not visible yet\); .*the next `heirloom ingest` builds it, then switches the dump/)
    assert.match(r.stdout, /PostgreSQL FATAL 57P01/)
    const indexes = async (): Promise<string[]> => (await f.db.query<{ name: string }>(
      "SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public_leaves' AND indexname LIKE '%_key' ORDER BY 1")).map((i) => i.name)
    assert.deepEqual(await indexes(), ['t02_v1_d1_key', 't03_v1_d1_key'], 'the other tables got their index')
    const [analyzed] = await f.db.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_user_tables WHERE schemaname = 'public_leaves' AND last_analyze IS NOT NULL")
    assert.equal(Number(analyzed.n), TABLES, 'every leaf was analysed, T01\'s too')
    const [visible] = await f.db.query<{ n: string }>('SELECT count(*) AS n FROM public.t02_v1')
    assert.equal(visible.n, '0', 'a dump whose key index is missing does not switch: its rows stay staged')
    const recorded = await f.db.query<{ step: string; child: string; error_code: string; sqlstate: string }>(
      "SELECT step, child, error_code, cause->>'sqlstate' AS sqlstate FROM heirloom.unfinished_steps")
    assert.deepEqual(recorded, [{ step: 'index', child: 't01_v1', error_code: 'CONNECTION_LOST', sqlstate: '57P01' }])
    assert.ok(!(await bookkeepingText(f.db)).includes(PASSWORD), 'no password in the bookkeeping')

    const status = heirloom(f.dir, ['status', '--json', '--config', f.config])
    assert.equal(status.status, 1, 'status says a step failed')
    const failures = (JSON.parse(status.stdout) as { dumps: { failures: { kind: string; step: string; child: string }[] }[] }).dumps[0].failures
    assert.deepEqual(failures.map((x) => [x.kind, x.step, x.child]), [['step', 'index', 't01_v1']])

    const again = heirloom(f.dir, ['ingest', '--config', f.config])
    assert.equal(again.status, 0, again.stdout + again.stderr)
    assert.deepEqual(await indexes(), ['t01_v1_d1_key', 't02_v1_d1_key', 't03_v1_d1_key'])
    assert.deepEqual(await f.db.query('SELECT * FROM heirloom.unfinished_steps'), [])
    assert.deepEqual(await snapshot(f.db), reference)
    assert.equal(heirloom(f.dir, ['status', '--config', f.config]).status, 0)
  })

  it('keeps PostgreSQL\'s SQLSTATE, detail, hint, table, column and constraint in the bookkeeping and shows its hint in ingest and status', async () => {
    const f = await fixture(ws.dir, 'postgres-fields')
    dbs.push(f.db)
    // A user's own check on the child table, raising with every field PostgreSQL lets a PL/pgSQL error carry.
    await f.db.query(`
      CREATE FUNCTION public.refuse_reserved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id = 2 THEN
          RAISE EXCEPTION 'id 2 is reserved' USING ERRCODE = 'P0001', DETAIL = 'row 2 belongs to the archive',
            HINT = 'Move row 2 to the archive first.', SCHEMA = 'public', TABLE = 't01_v1', COLUMN = 'id', CONSTRAINT = 'reserved_ids';
        END IF;
        RETURN NEW;
      END $$;
      ${onEveryT01Leaf('refuse_reserved')}`)
    const r = heirloom(f.dir, ['ingest', '--config', f.config])
    assert.equal(r.status, 1, r.stdout + r.stderr)
    assert.match(r.stdout, /FAILED shop_eu_2026-11-01\.zip: T01\.dat: id 2 is reserved → the table was rolled back; .*--retry-failed/)
    assert.match(r.stdout, /PostgreSQL ERROR P0001, table public\.t01_v1, column id, constraint reserved_ids\n\s+detail: row 2 belongs to the archive\n\s+context: PL\/pgSQL function refuse_reserved\(\).*COPY t01_v1_d1, line 2.*\n\s+PostgreSQL's hint: Move row 2 to the archive first\./)
    assertNoStackTraceNorPassword(r)

    const [row] = await f.db.query<{ status: string; cause: Record<string, string> }>("SELECT status, cause FROM heirloom.loads WHERE member = 'T01.dat'")
    assert.equal(row.status, 'failed')
    const { where, ...fields } = row.cause
    assert.match(where, /PL\/pgSQL function refuse_reserved\(\)/)
    assert.deepEqual(fields, {
      sqlstate: 'P0001', severity: 'ERROR', message: 'id 2 is reserved', detail: 'row 2 belongs to the archive',
      hint: 'Move row 2 to the archive first.', schema: 'public', table: 't01_v1', column: 'id', constraint: 'reserved_ids',
    })

    const json = heirloom(f.dir, ['ingest', '--retry-failed', '--json', '--config', f.config])
    assert.equal(json.status, 1)
    const failed = (JSON.parse(json.stdout) as { dumps: { members: { member: string; postgres?: { sqlstate: string; hint: string } }[] }[] }).dumps[0].members
    assert.deepEqual(failed.map((m) => [m.member, m.postgres?.sqlstate, m.postgres?.hint]), [['T01.dat', 'P0001', 'Move row 2 to the archive first.']])

    const status = heirloom(f.dir, ['status', '--config', f.config])
    assert.equal(status.status, 1)
    assert.match(status.stdout, /FAILED shop_eu_2026-11-01\.zip: T01\.dat: id 2 is reserved[^\n]*\n\s+PostgreSQL ERROR P0001[^\n]*\n( {8}[^\n]*\n)* {8}PostgreSQL's hint: Move row 2 to the archive first\./)
    const statusJson = JSON.parse(heirloom(f.dir, ['status', '--json', '--config', f.config]).stdout) as { dumps: { failures: { member: string; postgres: { hint: string; constraint: string } }[] }[] }
    assert.deepEqual(statusJson.dumps[0].failures.map((x) => [x.member, x.postgres.hint, x.postgres.constraint]), [['T01.dat', 'Move row 2 to the archive first.', 'reserved_ids']])
  })

  it('still reports a failed member, exit 1, and says so when even the fresh connection cannot record it', async () => {
    const f = await fixture(ws.dir, 'unrecorded')
    dbs.push(f.db)
    await f.db.query(`
      CREATE FUNCTION public.refuse_all() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$;
      ${onEveryT01Leaf('refuse_all')}
      ALTER TABLE heirloom.loads ADD CONSTRAINT test_cannot_record CHECK (status <> 'failed');`)
    const r = heirloom(f.dir, ['ingest', '--config', f.config])
    assert.equal(r.status, 1, r.stdout + r.stderr)
    assert.match(r.stdout, /FAILED shop_eu_2026-11-01\.zip: T01\.dat: refused → [^\n]*\n( {8}[^\n]*\n)* {8}not recorded in heirloom\.loads: new row for relation "loads" violates check constraint "test_cannot_record"/)
    assertNoStackTraceNorPassword(r)
    const json = heirloom(f.dir, ['ingest', '--json', '--config', f.config])
    assert.equal(json.status, 1)
    const members = (JSON.parse(json.stdout) as { dumps: { members: { member: string; status: string; unrecorded?: string }[] }[] }).dumps[0].members
    assert.deepEqual(members.map((m) => [m.member, m.status, /not recorded in heirloom\.loads/.test(m.unrecorded ?? '')]), [['T01.dat', 'failed', true]])
  })
})
