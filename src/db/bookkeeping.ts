import type pg from 'pg'
import type { Failure } from '../errors'
import type { ScannedDump } from '../dump/scan-dump'

/** A rejected row as `heirloom.rejects` keeps it. */
export interface Reject {
  readonly line: number
  readonly raw: string
  readonly reason: string
}

export interface MemberRef {
  readonly dumpId: number
  readonly member: string
  readonly table: string
  readonly child: string
}

/**
 * Claims a member for loading inside the caller's transaction. The row lock
 * makes a concurrent claimer wait for this transaction: after its commit the
 * other sees `loaded` and skips; after a rollback it loads. False when the
 * member is already loaded.
 */
export async function claimMember(client: pg.Client, m: MemberRef): Promise<boolean> {
  const r = await client.query(
    `INSERT INTO heirloom.loads (dump_id, member, table_name, child, status) VALUES ($1, $2, $3, $4, 'loading')
     ON CONFLICT (dump_id, member) DO UPDATE SET status = 'loading', attempts = heirloom.loads.attempts + 1
     WHERE heirloom.loads.status <> 'loaded'
     RETURNING id`, [m.dumpId, m.member, m.table, m.child])
  return r.rowCount === 1
}

/** When a member's load began and the inflated bytes it read: kept for durations and throughput (`status`, `report`). */
export interface LoadTiming {
  readonly startedAt: Date
  readonly bytes: number
}

export async function recordLoaded(client: pg.Client, m: MemberRef, rows: number, loaded: number, rejected: number, timing: LoadTiming): Promise<void> {
  await client.query(
    `UPDATE heirloom.loads SET status = 'loaded', rows_in_file = $3, rows_loaded = $4, rows_rejected = $5,
       error_code = NULL, error = NULL, hint = NULL, finished_at = clock_timestamp(), started_at = $6, bytes = $7
     WHERE dump_id = $1 AND member = $2`, [m.dumpId, m.member, rows, loaded, rejected, timing.startedAt, timing.bytes])
}

/**
 * Records a failed member in its own statement, on a connection other than
 * the one that failed (the load itself was rolled back); never overwrites a
 * load that succeeded meanwhile.
 */
export async function recordFailure(client: pg.Client, m: MemberRef, failure: Failure): Promise<void> {
  await client.query(
    `INSERT INTO heirloom.loads (dump_id, member, table_name, child, status, error_code, error, hint, cause) VALUES ($1, $2, $3, $4, 'failed', $5, $6, $7, $8)
     ON CONFLICT (dump_id, member) DO UPDATE SET status = 'failed', error_code = $5, error = $6, hint = $7, cause = $8,
       rows_in_file = NULL, rows_loaded = NULL, rows_rejected = NULL, finished_at = now()
     WHERE heirloom.loads.status <> 'loaded'`,
    [m.dumpId, m.member, m.table, m.child, failure.code, failure.message, failure.hint ?? null, failure.postgres ?? null])
}

/** A step after the loads: the key index or ANALYZE of one leaf (named by its dump and child), or settling (switching) one dump. */
export interface StepRef {
  readonly dumpId: number
  readonly step: 'index' | 'analyze' | 'settle'
  /** Mother and child table; empty for 'settle'. */
  readonly table: string
  readonly child: string
}

/** Marks a leaf's key index and ANALYZE as due, in the transaction of the load that makes them so: a run that dies before them leaves the row for the next. */
export async function addUnfinishedSteps(client: pg.Client, dumpId: number, table: string, child: string): Promise<void> {
  await client.query(
    `INSERT INTO heirloom.unfinished_steps (dump_id, step, table_name, child) SELECT $1, step, $2, $3 FROM unnest(ARRAY['index', 'analyze']) AS step
     ON CONFLICT (dump_id, step, child) DO NOTHING`, [dumpId, table, child])
}

/** Records a failed step with its error; the next ingest does it again and deletes the row (clearUnfinishedSteps). */
export async function recordStepFailure(client: pg.Client, s: StepRef, failure: Failure): Promise<void> {
  await client.query(
    `INSERT INTO heirloom.unfinished_steps (dump_id, step, table_name, child, error_code, error, hint, cause, failed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
     ON CONFLICT (dump_id, step, child) DO UPDATE SET error_code = $5, error = $6, hint = $7, cause = $8, failed_at = now()`,
    [s.dumpId, s.step, s.table, s.child, failure.code, failure.message, failure.hint ?? null, failure.postgres ?? null])
}

/** The children whose key index or ANALYZE is still due for this dump (failed, or never reached): this ingest does them. */
export async function unfinishedChildren(client: pg.Client, dumpId: number): Promise<Set<string>> {
  const r = await client.query<{ child: string }>("SELECT DISTINCT child FROM heirloom.unfinished_steps WHERE dump_id = $1 AND step <> 'settle'", [dumpId])
  return new Set(r.rows.map((row) => row.child))
}

/** Forgets steps done: per child (index, analyze, of any dump) or per dump (settle). */
export async function clearUnfinishedSteps(client: pg.Client, done: { readonly step: StepRef['step']; readonly child?: string; readonly dumpId?: number }[]): Promise<void> {
  if (done.length === 0) return
  await client.query(
    `DELETE FROM heirloom.unfinished_steps f USING unnest($1::text[], $2::text[], $3::int[]) AS d(step, child, dump_id)
     WHERE f.step = d.step AND (d.child IS NULL OR f.child = d.child) AND (d.dump_id IS NULL OR f.dump_id = d.dump_id)`,
    [done.map((d) => d.step), done.map((d) => d.child ?? null), done.map((d) => d.dumpId ?? null)])
}

export async function insertRejects(client: pg.Client, m: MemberRef, rejects: readonly Reject[]): Promise<void> {
  if (rejects.length === 0) return
  await client.query(
    `INSERT INTO heirloom.rejects (dump_id, member, line, raw, reason)
     SELECT $1, $2, line, raw, reason FROM unnest($3::bigint[], $4::text[], $5::text[]) AS r(line, raw, reason)`,
    [m.dumpId, m.member, rejects.map((r) => r.line), rejects.map((r) => r.raw), rejects.map((r) => r.reason)])
}

/** The dump's bookkeeping id, registering it on first sight (by content fingerprint, so a renamed copy is the same dump). */
export async function registerDump(client: pg.Client, dump: ScannedDump): Promise<number> {
  const id = dump.identity
  const r = await client.query<{ id: number }>(
    `INSERT INTO heirloom.dumps (fingerprint, file, application, version, region, exported_at, dialect, format, size)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (fingerprint) DO UPDATE SET file = heirloom.dumps.file
     RETURNING id`,
    [dump.fingerprint, dump.file, id.application, id.version, id.region, id.exportedAt ?? null, id.dialect, id.format, dump.size])
  return r.rows[0].id
}

/** The ids of the dumps of the same application and region as dumpId ($1) that sort before or after it, by export time then registration. */
function regionDumps(order: 'older' | 'newer'): string {
  return `SELECT d.id FROM heirloom.dumps d JOIN heirloom.dumps me ON me.id = $1
  WHERE d.application = me.application AND d.region = me.region AND d.id <> me.id
    AND (coalesce(d.exported_at, '-infinity'), d.id) ${order === 'older' ? '<' : '>'} (coalesce(me.exported_at, '-infinity'), me.id)`
}

export const OLDER_DUMPS = regionDumps('older')
export const NEWER_DUMPS = regionDumps('newer')

/** Whether a newer dump of the same region is wholly loaded: replace mode then skips this one entirely. */
export async function newerDumpLoaded(client: pg.Client, dumpId: number): Promise<boolean> {
  const r = await client.query(`SELECT 1 FROM heirloom.dumps WHERE state = 'loaded' AND id IN (${NEWER_DUMPS}) LIMIT 1`, [dumpId])
  return (r.rowCount ?? 0) > 0
}

/** The dump's state in the bookkeeping ('scanned', 'partly loaded', 'failed', 'loaded', 'superseded'); undefined when not registered. */
export async function dumpState(client: pg.Client, dumpId: number): Promise<string | undefined> {
  const r = await client.query<{ state: string }>('SELECT state FROM heirloom.dumps WHERE id = $1', [dumpId])
  return r.rows[0]?.state
}

/** The id a dump was registered under (by content fingerprint), if it was. */
export async function existingDumpId(client: pg.Client, fingerprint: string): Promise<number | undefined> {
  const r = await client.query<{ id: number }>('SELECT id FROM heirloom.dumps WHERE fingerprint = $1', [fingerprint])
  return r.rows[0]?.id
}

/** Each member's last status ('loading', 'loaded', 'failed'), by member name. */
export async function memberStatuses(client: pg.Client, dumpId: number): Promise<Map<string, string>> {
  const r = await client.query<{ member: string; status: string }>('SELECT member, status FROM heirloom.loads WHERE dump_id = $1', [dumpId])
  return new Map(r.rows.map((row) => [row.member, row.status]))
}

/** Members loaded out of all recorded, and the state, for settling a dump. */
export async function memberCounts(client: pg.Client, dumpId: number): Promise<{ state: string; total: number; loaded: number }> {
  const r = await client.query<{ state: string; total: number; loaded: number }>(
    `SELECT d.state, count(l.*)::int AS total, count(l.*) FILTER (WHERE l.status = 'loaded')::int AS loaded
     FROM heirloom.dumps d LEFT JOIN heirloom.loads l ON l.dump_id = d.id WHERE d.id = $1 GROUP BY d.state`, [dumpId])
  return r.rows[0]
}

/**
 * Records a dump that is not (yet) wholly staged: 'partly loaded' or
 * 'failed'; never over a switch another ingest process made meanwhile.
 */
export async function setDumpState(client: pg.Client, dumpId: number, state: 'partly loaded' | 'failed'): Promise<void> {
  await client.query("UPDATE heirloom.dumps SET state = $2 WHERE id = $1 AND state NOT IN ('loaded', 'superseded')", [dumpId, state])
}

/**
 * The dumps whose `file` starts with `prefix` (a live source's earlier
 * pulls) that never switched: neither loaded nor superseded. A pull's
 * snapshot ends with its process, so such a dump can never finish.
 */
export async function unfinishedDumpsNamed(client: pg.Client, prefix: string): Promise<number[]> {
  const r = await client.query<{ id: number }>(
    "SELECT id FROM heirloom.dumps WHERE left(file, length($1)) = $1 AND state NOT IN ('loaded', 'superseded') ORDER BY id", [prefix])
  return r.rows.map((row) => row.id)
}

/**
 * A session-level advisory lock for one pull of the source `name`: held
 * until `client` closes (a crash included); false when another holds it.
 */
export async function tryPullLock(client: pg.Client, name: string): Promise<boolean> {
  const r = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext('heirloom'), hashtext($1)) AS ok", [`pull:${name}`])
  return r.rows[0].ok
}
