import path from 'node:path'
import type pg from 'pg'
import { withClient, withTransaction } from '../db/database'
import { addUnfinishedSteps, claimMember, insertRejects, newerDumpLoaded, recordLoaded, type MemberRef } from '../db/bookkeeping'
import { createLeafPart, dropOrphanParts, nextLeafPart, recordLeafParts, stageLeaf, type Leaf } from '../db/leaves'
import { declaredSize } from './read/member-bytes'
import type { CopyStream } from './copy/copy-stream'
import { pauseAt } from '../db/test-pause'
import { recordLoadWarnings } from '../db/problems'
import type { DumpProblem } from '../dump/dump-problem'
import { failuresOf, recordMemberFailures } from './member-failures'
import { copyMember } from './copy-member'
import type { MemberResult, TableTask } from './table-task'

/**
 * Stages one table of one dump — every data member, split parts in order —
 * in ONE transaction with its bookkeeping: the rows go into the (dump,
 * table)'s leaf, created in this transaction (so COPY FREEZEs them) and
 * detached from the tree, so no reader sees them until the dump switches.
 * - a try-lock on (dump, table) lets concurrent heirloom processes share the
 *   work: whoever holds it loads, the others skip;
 * - each member is claimed in `heirloom.loads`: already loaded → skipped.
 * A failure rolls the whole table (leaf included) back and is recorded per member.
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
    if (task.mode === 'replace' && await newerDumpLoaded(client, task.dumpId)) {
      return skipAll(task, 'a newer dump of this region is loaded (replace mode)')
    }
    const results: MemberResult[] = []
    const parts: PartsState = { orphansDropped: false }
    let leaf: (Leaf & { fresh: boolean }) | undefined
    for (const member of task.members) {
      at.member = member
      const ref = { dumpId: task.dumpId, member, table: task.table, child: task.child }
      if (!(await claimMember(client, ref))) {
        results.push({ status: 'skipped', member, reason: 'already loaded' })
      } else {
        leaf ??= await stageLeaf(client, task)
        // Only the first COPY into a leaf created in this transaction may FREEZE: it is still empty.
        results.push(await loadOneMember(client, task, ref, leaf, leaf.fresh && !results.some((r) => r.status === 'loaded'), onProgress, parts))
      }
      at.done.push(member)
    }
    if (results.some((r) => r.status === 'loaded')) {
      await addUnfinishedSteps(client, task.dumpId, task.table, task.child)
      await pauseAt(client, 'copied', { inTransaction: true, table: task.table })
    }
    return results
  })
}

/** Told as a member is read, in chunks: its bytes and rows so far (see `ChunkRead`). */
export type MemberProgress = (member: string, bytes: number, rows: number) => void

async function loadOneMember(client: pg.Client, task: TableTask, ref: MemberRef, into: Leaf, freeze: boolean, onProgress: MemberProgress | undefined, parts: PartsState): Promise<MemberResult> {
  const { member } = ref
  const startedAt = new Date()
  let bytes = 0
  const progress = (b: number, rows: number): void => {
    bytes = b
    onProgress?.(member, b, rows)
  }
  const streams = await streamsFor(task, member)
  const counts = streams <= 1
    ? await copyMember(client, task, member, { ...into, freeze }, progress)
    : await withLeafParts(client, task, streams - 1, parts, (partStreams) => copyMember(client, task, member, { ...into, freeze }, progress, partStreams))
  await insertRejects(client, ref, counts.rejects)
  await recordLoaded(client, ref, counts.rows, counts.loaded, counts.rejects.length, { startedAt, bytes })
  const warnings = zeroDateWarnings(task, member, counts.warnings)
  await recordLoadWarnings(client, task.dumpId, warnings)
  const seconds = (Date.now() - startedAt.getTime()) / 1000
  return { status: 'loaded', member, rows: counts.rows, loaded: counts.loaded, rejected: counts.rejects.length, warnings: warnings.map((w) => w.message), bytes, seconds }
}

/** Per table load: whether the orphan parts of an earlier, failed load of the table are dropped yet. */
interface PartsState { orphansDropped: boolean }

/** How many COPY streams the member gets: `ingest.parallelCopy.streams` when it inflates to at least `minBytes` (as its ZIP entry declares; a live table: its DATA_LENGTH), else one. */
async function streamsFor(task: TableTask, member: string): Promise<number> {
  const p = task.parallelCopy
  if (p === undefined || p.streams <= 1 || p.minBytes <= 0) return 1
  return await declaredSize(task, member) >= p.minBytes ? p.streams : 1
}

/**
 * Runs `copy` with `count` more COPY streams, each on a connection of its
 * own, in a transaction of its own, into a leaf part it created in that
 * transaction (so its COPY may FREEZE). Exactly once: the parts commit once
 * the member is copied, but stay unknown to the bookkeeping — so the switch
 * never attaches them — until the table's transaction, on `client`, records
 * them with the member's load and rejects and commits; a crash in between
 * leaves orphan parts, which no reader sees and the next load of the table
 * drops first. A failure before the parts commit rolls them back (their
 * connections are closed).
 */
async function withLeafParts<T>(client: pg.Client, task: TableTask, count: number, state: PartsState, copy: (parts: readonly CopyStream[]) => Promise<T>): Promise<T> {
  return withClients(task.url, count, async (clients) => {
    if (!state.orphansDropped) {
      await dropOrphanParts(clients[0], task)
      state.orphansDropped = true
    }
    const first = await nextLeafPart(client, task)
    const parts = await Promise.all(clients.map(async (c, i) => {
      await c.query('BEGIN')
      await c.query("SET LOCAL TimeZone = 'UTC'")
      return { client: c, leaf: await createLeafPart(c, task, first + i), part: first + i }
    }))
    const result = await copy(parts.map((p) => ({ client: p.client, into: { ...p.leaf, freeze: true } })))
    await Promise.all(clients.map((c) => c.query('COMMIT')))
    await pauseAt(client, 'parts-committed', { inTransaction: true, table: task.table })
    await recordLeafParts(client, task, parts.map((p) => ({ ...p.leaf, part: p.part })))
    return result
  })
}

/** `count` connections at once for fn, all closed after it (an open transaction on one is rolled back). */
async function withClients<T>(url: string, count: number, fn: (clients: pg.Client[]) => Promise<T>): Promise<T> {
  if (count === 0) return fn([])
  return withClient(url, (c) => withClients(url, count - 1, (rest) => fn([c, ...rest])))
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

function skipAll(task: TableTask, reason: string): MemberResult[] {
  return task.members.map((member) => ({ status: 'skipped', member, reason }))
}
