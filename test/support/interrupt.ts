import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { heirloom } from './cli'
import { onEveryT01Leaf } from './leaf-triggers'
import { makeSyntheticDump } from './synthetic-dump'

/** One table, T01, of ROWS rows: its child is public.t01_v1. */
export const ROWS = 1000
export const CHILD = 'public.t01_v1'

/**
 * A workspace ready to ingest the one-table dump: heirloom.yml (on the
 * server at url, else the embedded one), generated and migrated. Returns
 * the config file.
 */
export async function prepareIngest(dir: string, url?: string): Promise<string> {
  await makeSyntheticDump(path.join(dir, 'dumps'), { region: 'eu', exportedAt: '2026-11-01T00:00:00Z', tables: 1, rows: ROWS })
  const file = path.join(dir, 'heirloom.yml')
  fs.writeFileSync(file, `${url === undefined ? '' : `database: { url: '${url}' }\n`}dumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { workers: 1 }\n`)
  for (const step of ['generate', 'migrate']) {
    const r = heirloom(dir, [step, '--config', file])
    assert.equal(r.status, 0, r.stderr)
  }
  return file
}

/**
 * A trigger that makes the COPY take ~ROWS × 2 ms, so a signal lands while
 * it runs: put on each leaf of the child as heirloom creates it (the rows go
 * into the dump's leaf, not the child), by an event trigger.
 */
export const SLOW_COPY_SQL = `
  CREATE FUNCTION public.slow_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.002); RETURN NEW; END $$;
  ${onEveryT01Leaf('slow_row')}`
export const FAST_COPY_SQL = 'DROP EVENT TRIGGER slow_row_on_leaf; DROP FUNCTION public.slow_row_on_leaf(); DROP FUNCTION public.slow_row() CASCADE'

export async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return (await c.query<R>(sql)).rows
  } finally {
    await c.end()
  }
}

/** Polls until check() is true (at most ~30 s). */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    if (await check()) return
    await sleep(20)
  }
  assert.fail(`timed out waiting until ${what}`)
}

/** Whether a COPY (into the child's leaf, created in the same uncommitted transaction) has written rows and is not finished: the moment to interrupt. */
export async function copyInProgress(url: string): Promise<boolean> {
  const r = await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM pg_stat_progress_copy
    WHERE datname = current_database() AND tuples_processed > 0`)
  return r[0].n > 0
}

/** Whether the database still has a heirloom session (an abandoned one is rolled back when it notices its client is gone). */
export async function heirloomSessions(url: string): Promise<number> {
  const r = await query<{ n: number }>(url, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'heirloom%'")
  return r[0].n
}

/** Rows in the child, and members recorded as loaded. */
export async function loadedState(url: string): Promise<{ rows: number; distinct: number; loaded: number }> {
  const [r] = await query<{ rows: number; distinct: number; loaded: number }>(url, `SELECT
    (SELECT count(*)::int FROM ${CHILD}) AS rows, (SELECT count(DISTINCT id)::int FROM ${CHILD}) AS distinct,
    (SELECT count(*)::int FROM heirloom.loads WHERE status = 'loaded') AS loaded`)
  return r
}

/** The message an interrupted `heirloom ingest --config <file>` ends with. */
export function interruptedMessage(signal: string): RegExp {
  return new RegExp(`heirloom: interrupted by ${signal}: nothing partial was kept; run \`heirloom ingest --config \\S+\` again to resume\\n$`)
}

export function readPid(file: string): number {
  return Number(fs.readFileSync(file, 'utf8').split('\n')[0])
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
