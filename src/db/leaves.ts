import { setTimeout as sleep } from 'node:timers/promises'
import type pg from 'pg'
import type { IngestMode } from '../config/config'
import { HeirloomError, messageOf, postgresFieldsOf } from '../errors'
import { qualifiedName, quoteIdentifier, shortenIdentifier } from '../schema/identifiers'
import { DUMP_ID_COLUMN } from '../schema/model'
import { NEWER_DUMPS, OLDER_DUMPS } from './bookkeeping'
import { pauseAt } from './test-pause'

/**
 * The rows of each (dump, table) live in a leaf table of their own that
 * INHERITS the version's child, in the schema `{target.schema}_leaves`, named
 * `{child}_d{dump id}` (shortened like any name over 63 bytes). A leaf is
 * created and filled in its table's loading transaction (so `COPY … FREEZE`
 * applies) while detached from the tree: staged, invisible through the
 * mother and the child. The switch attaches every leaf of a dump at once.
 * A member loaded through several COPY streams (ingest.parallelCopy) puts
 * each extra stream's rows into a leaf part of its own,
 * `{child}_d{dump id}_p{n}` (part n ≥ 1), attached by the same switch.
 */
export interface Leaf {
  readonly schema: string
  readonly table: string
}

export function leafSchemaOf(targetSchema: string): string {
  return shortenIdentifier(`${targetSchema}_leaves`)
}

export function leafNameOf(child: string, dumpId: number, part = 0): string {
  return shortenIdentifier(part === 0 ? `${child}_d${dumpId}` : `${child}_d${dumpId}_p${part}`)
}

/** The leaves' schema, created once (serialised: CREATE SCHEMA IF NOT EXISTS alone races between two ingest processes). */
export async function ensureLeafSchema(client: pg.Client, targetSchema: string): Promise<void> {
  const schema = leafSchemaOf(targetSchema)
  await client.query('BEGIN')
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('heirloom'), hashtext($1))", [`schema:${schema}`])
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`)
    await client.query('COMMIT')
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw e
  }
}

export interface LeafRef {
  readonly dumpId: number
  readonly table: string
  readonly child: string
  /** The target schema, where mother and child live. */
  readonly schema: string
}

/**
 * The (dump, table)'s leaf, created in the caller's transaction unless an
 * earlier load of the same table left one staged (`fresh`: created now,
 * empty, so a COPY into it may FREEZE). Its columns are read from the
 * catalogue rather than `LIKE child`, which would hold a lock on the child
 * for the whole load and so hold up the switch of other regions.
 */
export async function stageLeaf(client: pg.Client, ref: LeafRef): Promise<Leaf & { readonly fresh: boolean }> {
  const existing = await client.query<{ leaf_schema: string; leaf: string }>(
    "SELECT leaf_schema, leaf FROM heirloom.leaves WHERE dump_id = $1 AND child = $2 AND part = 0 AND state = 'staged'", [ref.dumpId, ref.child])
  if (existing.rows.length > 0) return { schema: existing.rows[0].leaf_schema, table: existing.rows[0].leaf, fresh: false }
  const leaf = { schema: leafSchemaOf(ref.schema), table: leafNameOf(ref.child, ref.dumpId) }
  await createLeafTable(client, ref, leaf)
  await client.query(
    `INSERT INTO heirloom.leaves (dump_id, table_name, child, part, leaf_schema, leaf, state) VALUES ($1, $2, $3, 0, $4, $5, 'staged')`,
    [ref.dumpId, ref.table, ref.child, leaf.schema, leaf.table])
  return { ...leaf, fresh: true }
}

/** Creates a leaf (part) table, empty and detached: the child's columns read from the catalogue, and the dump id as a CHECK. */
async function createLeafTable(client: pg.Client, ref: LeafRef, leaf: Leaf): Promise<void> {
  const columns = await client.query<{ name: string; type: string; notnull: boolean; collation: string | null; def: string | null }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
       CASE WHEN a.attcollation <> t.typcollation THEN quote_ident(cn.nspname) || '.' || quote_ident(c.collname) END AS collation,
       pg_get_expr(d.adbin, d.adrelid) AS def
     FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
     LEFT JOIN pg_collation c ON c.oid = a.attcollation LEFT JOIN pg_namespace cn ON cn.oid = c.collnamespace
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`, [qualifiedName(ref.schema, ref.child)])
  if (columns.rows.length === 0) {
    throw new HeirloomError('CHILD_TABLE_MISSING', `table ${ref.schema}.${ref.child} does not exist`, 'run `heirloom generate` and `heirloom migrate`')
  }
  const lines = columns.rows.map((c) => `${quoteIdentifier(c.name)} ${c.type}${c.collation === null ? '' : ` COLLATE ${c.collation}`}${c.def === null ? '' : ` DEFAULT ${c.def}`}${c.notnull ? ' NOT NULL' : ''}`)
  // Every row of a leaf is its dump's: the planner skips the leaf for a query on another _dump_id.
  lines.push(`CHECK (${quoteIdentifier(DUMP_ID_COLUMN)} = ${Number(ref.dumpId)})`)
  await client.query(`CREATE TABLE ${qualifiedName(leaf.schema, leaf.table)} (${lines.join(', ')})`)
}

/**
 * Leaf part n ≥ 1 of a (dump, table) loaded through several COPY streams,
 * created in the caller's transaction — the part's own connection, so its
 * COPY may FREEZE — and marked with a comment naming its dump and child.
 * The part's transaction commits before the table's, but the bookkeeping
 * learns of the part only in the table's transaction (recordLeafParts): a
 * part whose table's transaction never committed is never attached (no
 * reader ever sees its rows) and is dropped by dropOrphanParts before the
 * table is loaded again.
 */
export async function createLeafPart(client: pg.Client, ref: LeafRef, part: number): Promise<Leaf> {
  const leaf = { schema: leafSchemaOf(ref.schema), table: leafNameOf(ref.child, ref.dumpId, part) }
  await createLeafTable(client, ref, leaf)
  await client.query(`COMMENT ON TABLE ${qualifiedName(leaf.schema, leaf.table)} IS ${client.escapeLiteral(partMarker(ref))}`)
  return leaf
}

function partMarker(ref: LeafRef): string {
  return `heirloom leaf part: dump ${ref.dumpId}, child ${ref.child}`
}

/**
 * Drops the (dump, table)'s part tables the bookkeeping does not know: left
 * committed by a load whose table transaction then failed or was killed.
 * Only under the table's load lock, before its first part is created (a part
 * created by the same load is unknown to other connections until it commits).
 */
export async function dropOrphanParts(client: pg.Client, ref: LeafRef): Promise<number> {
  const r = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind = 'r' AND obj_description(c.oid, 'pg_class') = $2
       AND NOT EXISTS (SELECT 1 FROM heirloom.leaves l WHERE l.leaf_schema = n.nspname AND l.leaf = c.relname)`, [leafSchemaOf(ref.schema), partMarker(ref)])
  for (const o of r.rows) await client.query(`DROP TABLE IF EXISTS ${qualifiedName(leafSchemaOf(ref.schema), o.relname)}`)
  return r.rows.length
}

/** The first free part number of the (dump, table) as the caller's transaction sees the bookkeeping. */
export async function nextLeafPart(client: pg.Client, ref: LeafRef): Promise<number> {
  const r = await client.query<{ next: number }>('SELECT coalesce(max(part), 0) + 1 AS next FROM heirloom.leaves WHERE dump_id = $1 AND child = $2', [ref.dumpId, ref.child])
  return r.rows[0].next
}

/** Records committed leaf parts as staged, in the table's transaction: the dump's switch attaches them with its other leaves. */
export async function recordLeafParts(client: pg.Client, ref: LeafRef, parts: readonly (Leaf & { readonly part: number })[]): Promise<void> {
  for (const p of parts) {
    await client.query(
      "INSERT INTO heirloom.leaves (dump_id, table_name, child, part, leaf_schema, leaf, state) VALUES ($1, $2, $3, $4, $5, $6, 'staged')",
      [ref.dumpId, ref.table, ref.child, p.part, p.schema, p.table])
  }
}

export function leafKeyIndexName(leaf: Leaf): string {
  return shortenIdentifier(`${leaf.table}_key`)
}

/** The source primary key as an index on the leaf over its key columns (a leaf holds one dump: no _dump_id needed); before the switch. */
export async function buildLeafKeyIndex(client: pg.Client, leaf: Leaf, key: readonly string[]): Promise<void> {
  const name = qualifiedName(leaf.schema, leaf.table)
  // IF NOT EXISTS alone races when two ingest processes finish together: serialise per leaf.
  await client.query('BEGIN')
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('heirloom'), hashtext($1))", [`index:${name}`])
    await client.query(`CREATE INDEX IF NOT EXISTS ${quoteIdentifier(leafKeyIndexName(leaf))} ON ${name} (${key.map(quoteIdentifier).join(', ')})`)
    await client.query('COMMIT')
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw e
  }
}

/** Planner statistics of the leaf; before the switch. */
export async function analyzeLeaf(client: pg.Client, leaf: Leaf): Promise<void> {
  await client.query(`ANALYZE ${qualifiedName(leaf.schema, leaf.table)}`)
}

export interface StagedLeaf extends Leaf {
  readonly tableName: string
  readonly child: string
}

/** The dump's leaves not attached yet. */
export async function stagedLeaves(client: pg.Client, dumpId: number): Promise<StagedLeaf[]> {
  const r = await client.query<{ table_name: string; child: string; leaf_schema: string; leaf: string }>(
    "SELECT table_name, child, leaf_schema, leaf FROM heirloom.leaves WHERE dump_id = $1 AND state = 'staged' ORDER BY child, part", [dumpId])
  return r.rows.map((l) => ({ tableName: l.table_name, child: l.child, schema: l.leaf_schema, table: l.leaf }))
}

/** Lock waits in a switch start this short and double up to LOCK_WAIT_MAX_MS: a new reader queued behind the switch waits no longer. */
const LOCK_WAIT_FIRST_MS = 50
const LOCK_WAIT_MAX_MS = 500
/** Pauses between tries, doubling up to this, so a long reader finishes without the switch queueing ahead of the readers after it. */
const PAUSE_MAX_MS = 5_000
/** After this long without getting its locks, a switch gives up: nothing changed, the next run tries again. */
const GIVE_UP_MS = 5 * 60_000

/**
 * Runs fn in a transaction whose lock waits are short (`SET LOCAL
 * lock_timeout`); when a lock is not granted in time (a reader holds the
 * table) or a deadlock is found, rolls back, pauses and tries again with a
 * longer wait, until GIVE_UP_MS: a long reader delays the switch, and new
 * readers never queue behind it for longer than one short wait.
 */
export async function withShortLockWaits<T>(client: pg.Client, what: string, fn: () => Promise<T>, giveUpMs = GIVE_UP_MS): Promise<T> {
  const started = Date.now()
  for (let wait = LOCK_WAIT_FIRST_MS, pause = 2 * LOCK_WAIT_FIRST_MS; ; wait = Math.min(2 * wait, LOCK_WAIT_MAX_MS), pause = Math.min(2 * pause, PAUSE_MAX_MS)) {
    await client.query('BEGIN')
    try {
      await client.query(`SET LOCAL lock_timeout = ${wait}`)
      const result = await fn()
      await client.query('COMMIT')
      return result
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined)
      const sqlstate = postgresFieldsOf(e)?.sqlstate
      if (sqlstate !== '55P03' && sqlstate !== '40P01') throw e
      if (Date.now() - started > giveUpMs) {
        throw new HeirloomError('LOCKS_BUSY', `${what}: gave up after ${Math.round((Date.now() - started) / 1000)} s waiting for other sessions' locks (${messageOf(e)})`,
          'a long transaction reads these tables; nothing was changed: run `heirloom ingest` again once it is done', { cause: e })
      }
      await sleep(pause * (0.5 + Math.random() / 2))
    }
  }
}

export type SwitchOutcome = 'switched' | 'superseded'

/**
 * The switch, in ONE transaction with short lock waits: every staged leaf of
 * the dump is attached to its child; in replace mode the region's older
 * leaves (attached or staged) are detached and marked for DROP, and the
 * older dumps become superseded; the dump becomes `loaded`. It holds ACCESS
 * EXCLUSIVE on every child it touches, so a reader that has read one of them
 * finishes first, and no reader sees a mix of old and new across tables.
 * A dump a newer one of its region already replaced is superseded instead.
 */
export async function switchDump(client: pg.Client, targetSchema: string, dumpId: number, mode: IngestMode): Promise<SwitchOutcome> {
  return withShortLockWaits(client, `switching dump ${dumpId} to its new snapshot`, async () => {
    const dump = await client.query<{ application: string; region: string; state: string }>('SELECT application, region, state FROM heirloom.dumps WHERE id = $1', [dumpId])
    const { application, region } = dump.rows[0]
    // Two switches of one region (two ingest processes) go one after the other.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('heirloom'), hashtext($1))", [`switch:${application}:${region}`])
    const state = (await client.query<{ state: string }>('SELECT state FROM heirloom.dumps WHERE id = $1', [dumpId])).rows[0].state
    if (state === 'superseded') return 'superseded'
    if (mode === 'replace' && (await client.query(`SELECT 1 FROM heirloom.dumps WHERE state = 'loaded' AND id IN (${NEWER_DUMPS})`, [dumpId])).rowCount !== 0) {
      await supersedeDumps(client, [dumpId], null)
      return 'superseded'
    }
    const fresh = await stagedLeaves(client, dumpId)
    const older = mode === 'replace' ? await olderLeaves(client, dumpId) : []
    const children = [...new Set([...fresh, ...older.filter((l) => l.state === 'attached')].map((l) => qualifiedName(targetSchema, l.child)))].sort()
    if (children.length > 0) await client.query(`LOCK TABLE ${children.join(', ')} IN ACCESS EXCLUSIVE MODE`)
    const statements = [
      ...fresh.map((l) => `ALTER TABLE ${qualifiedName(l.schema, l.table)} INHERIT ${qualifiedName(targetSchema, l.child)}`),
      ...older.filter((l) => l.state === 'attached').map((l) => `ALTER TABLE ${qualifiedName(l.schema, l.table)} NO INHERIT ${qualifiedName(targetSchema, l.child)}`),
    ]
    if (statements.length > 0) await client.query(statements.join(';\n'))
    await client.query("UPDATE heirloom.leaves SET state = 'attached', attached_at = now() WHERE dump_id = $1 AND state = 'staged'", [dumpId])
    if (mode === 'replace') {
      const ids = (await client.query<{ id: number }>(`${OLDER_DUMPS} AND d.state <> 'superseded'`, [dumpId])).rows.map((r) => r.id)
      await supersedeDumps(client, ids, dumpId)
    }
    await client.query("UPDATE heirloom.dumps SET state = 'loaded', loaded_at = coalesce(loaded_at, now()) WHERE id = $1", [dumpId])
    await pauseAt(client, 'switching', { inTransaction: true })
    return 'switched'
  })
}

async function olderLeaves(client: pg.Client, dumpId: number): Promise<(StagedLeaf & { readonly state: string })[]> {
  const r = await client.query<{ table_name: string; child: string; leaf_schema: string; leaf: string; state: string }>(
    `SELECT table_name, child, leaf_schema, leaf, state FROM heirloom.leaves WHERE dump_id IN (${OLDER_DUMPS}) AND state IN ('staged', 'attached')`, [dumpId])
  return r.rows.map((l) => ({ tableName: l.table_name, child: l.child, schema: l.leaf_schema, table: l.leaf, state: l.state }))
}

/**
 * Marks dumps superseded (by `by`, when known) and their leaves detached, in
 * the caller's transaction: their attached leaves must already be out of
 * the tree (NO INHERIT). dropDetachedLeaves then drops them.
 */
export async function supersedeDumps(client: pg.Client, ids: readonly number[], by: number | null): Promise<void> {
  if (ids.length === 0) return
  await client.query("UPDATE heirloom.dumps SET state = 'superseded', superseded_by = coalesce($2, superseded_by) WHERE id = ANY($1)", [ids, by])
  await client.query("UPDATE heirloom.leaves SET state = 'detached' WHERE dump_id = ANY($1) AND state IN ('staged', 'attached')", [ids])
}

/**
 * Drops the leaves out of the tree (superseded snapshots; left by a crash
 * between a switch and its DROP), each in its own short transaction: DROP
 * of a table, O(1) in its rows, no dead tuples left behind. A leaf some
 * session still holds is left for the next run. Returns the leaves dropped.
 */
export async function dropDetachedLeaves(client: pg.Client): Promise<number> {
  const r = await client.query<{ dump_id: number; child: string; part: number; leaf_schema: string; leaf: string }>(
    "SELECT dump_id, child, part, leaf_schema, leaf FROM heirloom.leaves WHERE state = 'detached' ORDER BY dump_id, child, part")
  let dropped = 0
  for (const l of r.rows) {
    try {
      await withShortLockWaits(client, `dropping ${l.leaf_schema}.${l.leaf}`, async () => {
        await client.query(`DROP TABLE IF EXISTS ${qualifiedName(l.leaf_schema, l.leaf)}`)
        await client.query('DELETE FROM heirloom.leaves WHERE dump_id = $1 AND child = $2 AND part = $3', [l.dump_id, l.child, l.part])
      }, 10_000)
      dropped++
    } catch (e) {
      if (!(e instanceof HeirloomError && e.code === 'LOCKS_BUSY')) throw e
    }
  }
  return dropped
}

/** Drops every leaf of a dump (forget), in the caller's transaction; its rows leave every mother at its commit. */
export async function dropLeavesOf(client: pg.Client, dumpId: number): Promise<void> {
  const r = await client.query<{ leaf_schema: string; leaf: string }>('SELECT leaf_schema, leaf FROM heirloom.leaves WHERE dump_id = $1 ORDER BY child, part', [dumpId])
  if (r.rows.length > 0) await client.query(r.rows.map((l) => `DROP TABLE IF EXISTS ${qualifiedName(l.leaf_schema, l.leaf)}`).join(';\n'))
  await client.query('DELETE FROM heirloom.leaves WHERE dump_id = $1', [dumpId])
}
