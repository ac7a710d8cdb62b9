import path from 'node:path'
import type pg from 'pg'
import { withClient, withTransaction } from '../db/database'
import { addUnfinishedSteps, claimMember, deleteOlderRows, insertRejects, newerTableLoaded, recordLoaded } from '../db/bookkeeping'
import { recordLoadWarnings } from '../db/problems'
import type { DumpProblem } from '../dump/dump-problem'
import { failuresOf, recordMemberFailures } from './member-failures'
import { copyMember } from './copy-member'
import type { MemberResult, TableTask } from './table-task'

/**
 * Loads one table of one dump — every data member, split parts in order —
 * in ONE transaction with its bookkeeping, so readers see all of it or none:
 * - a try-lock on (dump, table) lets concurrent heirloom processes share the
 *   work: whoever holds it loads, the others skip;
 * - a lock on (application, region, table) orders the snapshots of a region;
 *   in replace mode the same transaction deletes the older dumps' rows of
 *   this table, so a reader of the mother sees the old snapshot or the new,
 *   never both, never neither;
 * - each member is claimed in `heirloom.loads`: already loaded → skipped.
 * A failure rolls the whole table back and is recorded per member.
 */
export async function loadTable(task: TableTask, onProgress?: MemberProgress): Promise<MemberResult[]> {
  const at = { member: task.members[0], done: [] as string[] }
  try {
    return await withClient(task.url, (client) => loadInTransaction(client, task, at, onProgress))
  } catch (e) {
    // withClient has closed the connection (rolling back whatever was left open): record on a fresh one.
    return recordMemberFailures(task, failuresOf(task, at.member, at.done, e))
  }
}

/** `at` follows the member being loaded and those done, for the failure to name them. */
async function loadInTransaction(client: pg.Client, task: TableTask, at: { member: string; done: string[] }, onProgress: MemberProgress | undefined): Promise<MemberResult[]> {
  return withTransaction(client, async () => {
    if (!(await tryLock(client, `load:${task.dumpId}:${task.table}`))) return skipAll(task, 'being loaded by another heirloom process')
    // timestamptz text without an offset is read in UTC (see time-zone.ts), whatever the server's default.
    await client.query("SET LOCAL TimeZone = 'UTC'")
    await lock(client, `region:${task.application}:${task.region}:${task.table}`)
    if (task.mode === 'replace' && await newerTableLoaded(client, task.dumpId, task.table)) {
      return skipAll(task, 'a newer dump of this region is loaded (replace mode)')
    }
    const results: MemberResult[] = []
    for (const member of task.members) {
      at.member = member
      results.push(await loadOneMember(client, task, member, onProgress))
      at.done.push(member)
    }
    if (results.some((r) => r.status === 'loaded')) {
      if (task.mode === 'replace') await deleteOlderRows(client, task.schema, task.table, task.dumpId)
      await addUnfinishedSteps(client, task.dumpId, task.table, task.child)
    }
    return results
  })
}

/** Told as a member is read, in chunks: its bytes and rows so far (see `ChunkRead`). */
export type MemberProgress = (member: string, bytes: number, rows: number) => void

async function loadOneMember(client: pg.Client, task: TableTask, member: string, onProgress: MemberProgress | undefined): Promise<MemberResult> {
  const ref = { dumpId: task.dumpId, member, table: task.table, child: task.child }
  if (!(await claimMember(client, ref))) return { status: 'skipped', member, reason: 'already loaded' }
  const startedAt = new Date()
  let bytes = 0
  const counts = await copyMember(client, task, member, undefined, (b, rows) => {
    bytes = b
    onProgress?.(member, b, rows)
  })
  await insertRejects(client, ref, counts.rejects)
  await recordLoaded(client, ref, counts.rows, counts.loaded, counts.rejects.length, { startedAt, bytes })
  const warnings = zeroDateWarnings(task, member, counts.warnings)
  await recordLoadWarnings(client, task.dumpId, warnings)
  const seconds = (Date.now() - startedAt.getTime()) / 1000
  return { status: 'loaded', member, rows: counts.rows, loaded: counts.loaded, rejected: counts.rejects.length, warnings: warnings.map((w) => w.message), bytes, seconds }
}

/** Zero dates (`0000-00-00`) have no PostgreSQL value: loaded as NULL, and said per column, kept with the dump (docs/dump-layout.md). */
function zeroDateWarnings(task: TableTask, member: string, byColumn: ReadonlyMap<string, number>): DumpProblem[] {
  return [...byColumn].map(([column, n]) => ({
    file: task.dumpFile, member, severity: 'warning', code: 'VALUE_CHANGED',
    message: `${path.basename(task.dumpFile)}: ${member}: column ${column}: ${n} zero date(s) loaded as NULL`,
    hint: 'MySQL zero dates have no PostgreSQL value; if NULL is wrong for them, fix them at the source and export again',
  }))
}

/** Transaction-scoped advisory locks: released by commit, rollback or a dead connection, so a crash never leaves one stuck. */
async function tryLock(client: pg.Client, key: string): Promise<boolean> {
  const r = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock(hashtext('heirloom'), hashtext($1)) AS ok", [key])
  return r.rows[0].ok
}

async function lock(client: pg.Client, key: string): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(hashtext('heirloom'), hashtext($1))", [key])
}

function skipAll(task: TableTask, reason: string): MemberResult[] {
  return task.members.map((member) => ({ status: 'skipped', member, reason }))
}
