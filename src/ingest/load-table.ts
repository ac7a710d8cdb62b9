import path from 'node:path'
import type pg from 'pg'
import { isHeirloomError, messageOf } from '../errors'
import { withClient, withTransaction } from '../db/database'
import { claimMember, deleteOlderRows, insertRejects, newerTableLoaded, recordFailure, recordLoaded } from '../db/bookkeeping'
import { recordLoadWarnings } from '../db/problems'
import type { DumpProblem } from '../dump/dump-problem'
import { copyMember } from './copy-member'
import type { MemberResult, TableTask } from './table-task'

type Failure = MemberResult & { readonly status: 'failed' }

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
export async function loadTable(task: TableTask): Promise<MemberResult[]> {
  const done: string[] = []
  let current = task.members[0]
  try {
    return await withClient(task.url, async (client) => {
      try {
        return await withTransaction(client, async () => {
          if (!(await tryLock(client, `load:${task.dumpId}:${task.table}`))) return skipAll(task, 'being loaded by another heirloom process')
          // timestamptz text without an offset is read in UTC (see time-zone.ts), whatever the server's default.
          await client.query("SET LOCAL TimeZone = 'UTC'")
          await lock(client, `region:${task.application}:${task.region}:${task.table}`)
          if (task.mode === 'replace' && await newerTableLoaded(client, task.dumpId, task.table)) {
            return skipAll(task, 'a newer dump of this region is loaded (replace mode)')
          }
          const results: MemberResult[] = []
          for (const member of task.members) {
            current = member
            results.push(await loadOneMember(client, task, member))
            done.push(member)
          }
          if (task.mode === 'replace' && results.some((r) => r.status === 'loaded')) await deleteOlderRows(client, task.schema, task.table, task.dumpId)
          return results
        })
      } catch (e) {
        const failures = failuresOf(task, current, done, e)
        for (const f of failures) await recordFailure(client, { ...task, member: f.member }, f)
        return failures
      }
    })
  } catch (e) {
    return failuresOf(task, current, done, e)
  }
}

async function loadOneMember(client: pg.Client, task: TableTask, member: string): Promise<MemberResult> {
  const ref = { dumpId: task.dumpId, member, table: task.table, child: task.child }
  if (!(await claimMember(client, ref))) return { status: 'skipped', member, reason: 'already loaded' }
  const counts = await copyMember(client, task, member)
  await insertRejects(client, ref, counts.rejects)
  await recordLoaded(client, ref, counts.rows, counts.loaded, counts.rejects.length)
  const warnings = zeroDateWarnings(task, member, counts.warnings)
  await recordLoadWarnings(client, task.dumpId, warnings)
  return { status: 'loaded', member, rows: counts.rows, loaded: counts.loaded, rejected: counts.rejects.length, warnings: warnings.map((w) => w.message) }
}

/** Zero dates (`0000-00-00`) have no PostgreSQL value: loaded as NULL, and said per column, kept with the dump (SPEC §1). */
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

/** The failing member with its reason; the parts loaded before it in the same transaction were rolled back with it. */
function failuresOf(task: TableTask, failing: string, done: readonly string[], e: unknown): Failure[] {
  const failure = failureOf(task, failing, e)
  const rolledBack = done.filter((m) => m !== failing).map((member): Failure => ({
    status: 'failed', member, code: failure.code, message: `${path.basename(task.dumpFile)}: ${member}: rolled back with ${failing} (same table, one transaction)`, hint: failure.hint,
  }))
  return [...rolledBack, failure]
}

function failureOf(task: TableTask, member: string, e: unknown): Failure {
  const where = `${path.basename(task.dumpFile)}: ${member}`
  if (isHeirloomError(e)) return { status: 'failed', member, code: e.code, message: e.message.includes(member) ? e.message : `${where}: ${e.message}`, hint: e.hint }
  const pgError = e as { detail?: string; where?: string }
  const detail = [pgError.detail, pgError.where].filter(Boolean).join('; ')
  return { status: 'failed', member, code: 'DATABASE', message: `${where}: ${messageOf(e)}${detail === '' ? '' : ` (${detail})`}`, hint: 'the table was rolled back; re-run ingest after fixing the cause' }
}
