import type pg from 'pg'
import type { Reject } from '../db/bookkeeping'
import { qualifiedName } from '../schema/identifiers'
import { copyAsIs } from './as-is/copy-as-is'
import { copyChecked } from './checked/copy-checked'
import type { CopyStream, CopyTarget } from './copy/copy-stream'
import { chooseLoadPath, type LoadPath, type LoadPathKind } from './load-path/choose-load-path'
import type { ChunkRead, Copied } from './load-path/rung-result'
import type { TableTask } from './table-task'

export interface MemberCounts {
  readonly rows: number
  readonly loaded: number
  readonly rejects: Reject[]
  readonly warnings: Map<string, number>
}

/** What copyMember did: the counts, the rung chosen before reading and the one that loaded the member. */
export interface MemberLoad extends MemberCounts {
  readonly chosen: LoadPath
  readonly path: LoadPathKind
  /** Why a faster way was left on the way, in order (see `Copied`). */
  readonly leftBehind: readonly string[]
}

/**
 * Streams one data member (out of the ZIP, or a live table's rows:
 * `withMemberBytes`) into `COPY … FROM STDIN` into
 * `into` (`{ schema, table }`; with `freeze: true`, a relation the caller's
 * transaction created, whose COPYs may then add `FREEZE`) on the caller's
 * transaction. The load ladder:
 * 1. `chooseLoadPath` picks the rung from the columns' types, the format and
 *    the dialect, once, before a byte is read;
 * 2. a fast rung (`binary`, `as-is`: the rows as they are, PostgreSQL's
 *    input functions as the check) runs under a savepoint and returns
 *    `copied`, or `refused` when the data rules it out — a value PostgreSQL
 *    refuses, a row the cutter cannot pass — having rolled back;
 * 3. the checks (`checked`) then load the member, keeping each bad row as a
 *    reject with its line.
 * The binary writers hand the rest of a member over to COPY text on the
 * same read, so a member is inflated once on a fast rung, twice at worst
 * (a fast rung refused, then the checks): the refusal is found by
 * PostgreSQL or the cutter only while streaming, and the checks must read
 * the member from its first row to give every reject its line.
 *
 * `FREEZE` (PostgreSQL allows it only on a relation created or truncated in
 * the current subtransaction, and a savepoint opens one): a fast rung into
 * an empty relation truncates it inside its savepoint first, so its COPY may
 * freeze; into a relation holding rows already (a later member of the same
 * table) it goes without FREEZE. The checks run outside any savepoint.
 *
 * `parts`: more COPY connections for one large member, each with its own
 * transaction and relation (a leaf part, see `loadTable`). One reader deals
 * whole-row batches to all of them; a refusal by any part rolls back every
 * part's savepoint, and the checks then load the member, again dealt to all
 * of them. What each part's transaction does with its rows is the caller's.
 */
export async function copyMember(client: pg.Client, task: TableTask, member: string, into: CopyTarget = { schema: task.schema, table: task.child }, onChunk?: ChunkRead, parts: readonly CopyStream[] = []): Promise<MemberLoad> {
  const chosen = chooseLoadPath(task)
  const streams: CopyStream[] = [{ client, into }, ...parts]
  const leftBehind: string[] = []
  if (chosen.kind !== 'checked') {
    await onEvery(streams, `SAVEPOINT ${FAST_RUNG}`)
    const frozen = await Promise.all(streams.map(async (s) => ({ client: s.client, into: { ...s.into, freeze: s.into.freeze === true && await truncateEmpty(s.client, s.into) } })))
    const result = await copyAsIs(frozen, task, member, chosen.kind === 'binary', onChunk)
    if (result.kind === 'copied') {
      await onEvery(streams, `RELEASE SAVEPOINT ${FAST_RUNG}`)
      return memberLoad(result, chosen, result.leftBehind)
    }
    // ROLLBACK TO keeps the savepoint (a subtransaction) open: RELEASE returns to the caller's transaction, where FREEZE applies.
    await onEvery(streams, `ROLLBACK TO SAVEPOINT ${FAST_RUNG}`)
    await onEvery(streams, `RELEASE SAVEPOINT ${FAST_RUNG}`)
    leftBehind.push(`${chosen.kind} refused: ${result.reason}`)
  }
  const result = await copyChecked(streams, task, member, onChunk)
  return memberLoad(result, chosen, leftBehind)
}

/** The same statement on every stream's connection (each in its own transaction). */
async function onEvery(streams: readonly CopyStream[], sql: string): Promise<void> {
  await Promise.all(streams.map((s) => s.client.query(sql)))
}

function memberLoad(c: Copied, chosen: LoadPath, leftBehind: readonly string[]): MemberLoad {
  return { rows: c.rows, loaded: c.loaded, rejects: c.rejects, warnings: c.warnings, path: c.path, chosen, leftBehind }
}

const FAST_RUNG = 'heirloom_fast_rung'

/** When the relation is empty, truncates it (inside the fast rung's savepoint) so that its COPY may add FREEZE; false when it holds rows. */
async function truncateEmpty(client: pg.Client, into: CopyTarget): Promise<boolean> {
  const name = qualifiedName(into.schema, into.table)
  const r = await client.query<{ empty: boolean }>(`SELECT NOT EXISTS (SELECT 1 FROM ONLY ${name}) AS empty`)
  if (!r.rows[0].empty) return false
  await client.query(`TRUNCATE ONLY ${name}`)
  return true
}
