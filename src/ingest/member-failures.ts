import path from 'node:path'
import { withClient } from '../db/database'
import { recordFailure } from '../db/bookkeeping'
import { isHeirloomError, messageOf, postgresFieldsOf } from '../errors'
import type { MemberResult, TableTask } from './table-task'

type Failed = MemberResult & { readonly status: 'failed' }

const RETRY = 'run `heirloom ingest --retry-failed` (or `heirloom ingest`)'

/**
 * The failing member with its reason, and the parts loaded before it in the
 * same transaction, rolled back with it.
 */
export function failuresOf(task: TableTask, failing: string, done: readonly string[], e: unknown): Failed[] {
  const failure = failureOf(task, failing, e)
  const rolledBack = done.filter((m) => m !== failing).map((member): Failed => ({
    ...failure, member, message: `${path.basename(task.dumpFile)}: ${member}: rolled back with ${failing} (same table, one transaction)`,
  }))
  return [...rolledBack, failure]
}

function failureOf(task: TableTask, member: string, e: unknown): Failed {
  const where = `${path.basename(task.dumpFile)}: ${member}`
  const postgres = postgresFieldsOf(e)
  const fields = postgres === undefined ? {} : { postgres }
  if (isHeirloomError(e)) {
    const message = e.message.includes(member) ? e.message : `${where}: ${e.message}`
    const hint = e.code === 'CONNECTION_LOST' ? `the table was rolled back with the connection; once the server is up, ${RETRY}` : e.hint
    return { status: 'failed', member, code: e.code, message, hint, ...fields }
  }
  return { status: 'failed', member, code: 'DATABASE', message: `${where}: ${messageOf(e)}`,
    hint: `the table was rolled back; fix what PostgreSQL names${postgres?.hint === undefined ? '' : ' (see its hint)'}, then ${RETRY}`, ...fields }
}

/**
 * Records failed members in `heirloom.loads` on a fresh connection (the one
 * that failed may be dead, or still in its aborted transaction), so that
 * `ingest --retry-failed` finds them. When even that fails, the failures
 * say so and are returned all the same: the run still reports them.
 */
export async function recordMemberFailures(task: TableTask, failures: readonly Failed[]): Promise<Failed[]> {
  try {
    await withClient(task.url, async (client) => {
      for (const f of failures) await recordFailure(client, { dumpId: task.dumpId, member: f.member, table: task.table, child: task.child }, f)
    })
    return [...failures]
  } catch (e) {
    const unrecorded = `not recorded in heirloom.loads: ${messageOf(e)}`
    return failures.map((f) => ({ ...f, unrecorded }))
  }
}

/** A worker that dies (out of memory, a crash) fails its table's members instead of the whole run; its connection died with it. */
export function workerStopped(task: TableTask, e: unknown): Failed[] {
  return task.members.map((member) => ({
    status: 'failed', member, code: 'DATABASE', message: `${path.basename(task.dumpFile)}: ${member}: the worker loading it stopped (${messageOf(e)})`,
    hint: `the table was rolled back with the worker's connection; ${RETRY}`,
  }))
}
