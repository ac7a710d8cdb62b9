import path from 'node:path'
import type pg from 'pg'
import type { Piscina } from 'piscina'
import type { Config } from '../config/config'
import { assertBookkeeping, withClient, withTransaction } from '../db/database'
import { newerDumpLoaded, recordFailure, registerDump, retireOlderDumps } from '../db/bookkeeping'
import { resolveTable, tableNamesOf, type ResolvedTable, type TableNames } from '../dump/catalogue'
import { readExistingMigrations } from '../migrations/existing-migrations'
import { compareText, type ScannedDump } from '../dump/scan-dump'
import { HeirloomError, messageOf } from '../errors'
import { qualifiedName, quoteIdentifier, shortenIdentifier } from '../schema/identifiers'
import type { TargetColumn } from '../schema/model'
import { parsePgType } from '../schema/parse-pg-type'
import { DUMP_ID_COLUMN } from '../schema/model'
import type { MemberResult, TableTask } from './table-task'

export type DumpOutcome = 'loaded' | 'partly loaded' | 'failed' | 'superseded' | 'already loaded' | 'would load'

export interface DumpIngestReport {
  readonly file: string
  readonly application: string
  readonly version: string
  readonly region: string
  readonly outcome: DumpOutcome
  readonly members: readonly MemberResult[]
}

export interface IngestReport {
  readonly dumps: readonly DumpIngestReport[]
  readonly warnings: readonly string[]
  /** False when a member failed: the exit code says so. */
  readonly ok: boolean
}

export interface IngestOptions {
  readonly dryRun?: boolean
  /** Load only the members whose last attempt failed (`ingest --retry-failed`). */
  readonly retryFailed?: boolean
  /** Called as each member finishes, for progress display. */
  readonly onMember?: (dump: ScannedDump, result: MemberResult) => void
  /** Called once the number of members to load is known. */
  readonly onPlanned?: (members: number) => void
}

interface DumpWork {
  readonly dump: ScannedDump
  readonly dumpId: number
  /** A newer dump of the same region is loaded (replace mode): nothing to do. */
  readonly superseded: boolean
  /** One per table with members still to load. */
  readonly tasks: readonly TableTask[]
  /** Members that cannot be loaded (no child table …), already recorded as failed. */
  readonly failed: readonly MemberResult[]
  readonly tables: readonly ResolvedTable[]
}

/**
 * Loads every data member of the scanned dumps that is not loaded yet, in
 * the worker pool; then analyses the children it touched, builds their key
 * indexes, and (replace mode) retires the older dumps of each region.
 */
export async function ingestDumps(config: Config, url: string, pool: Piscina, dumps: readonly ScannedDump[], options: IngestOptions = {}): Promise<IngestReport> {
  const ordered = [...dumps].sort((a, b) => compareText(a.identity.exportedAt ?? '', b.identity.exportedAt ?? '') || compareText(a.file, b.file))
  const warnings: string[] = []
  // The names generate gave: the migrations' records, then the same rule over the same dumps.
  const names = tableNamesOf(dumps, readExistingMigrations(config.migrations.directory).tables, config)
  const work = await withClient(url, async (client) => {
    await assertBookkeeping(client)
    const planned: DumpWork[] = []
    for (const dump of ordered) planned.push(await planDump(client, { config, url, names }, dump, options, warnings))
    return planned
  })
  const total = work.reduce((n, w) => n + w.tasks.reduce((m, t) => m + t.members.length, 0), 0)
  options.onPlanned?.(total)
  if (options.dryRun === true) {
    return { dumps: work.map((w) => report(w, w.superseded ? 'superseded' : w.tasks.length > 0 ? 'would load' : 'already loaded', w.failed)), warnings, ok: true }
  }
  const results = await Promise.all(work.map(async (w) => {
    const members = await Promise.all(w.tasks.map(async (task) => {
      const results = await runTask(pool, task)
      for (const r of results) options.onMember?.(w.dump, r)
      return results
    }))
    return [...w.failed, ...members.flat()]
  }))
  for (const r of results.flat()) if (r.status === 'loaded') warnings.push(...r.warnings)
  const reports = await withClient(url, async (client) => {
    await finishTables(client, config, work)
    const out: DumpIngestReport[] = []
    for (const [i, w] of work.entries()) out.push(report(w, await settleDump(client, config, w), results[i]))
    return out
  })
  return { dumps: reports, warnings, ok: results.flat().every((r) => r.status !== 'failed') }
}

async function planDump(client: pg.Client, { config, url, names }: { config: Config; url: string; names: TableNames }, dump: ScannedDump, options: IngestOptions, warnings: string[]): Promise<DumpWork> {
  const dryRun = options.dryRun === true
  // A dry run registers nothing: a dump not seen before has id 0 and nothing loaded.
  const dumpId = dryRun ? (await existingDumpId(client, dump)) ?? 0 : await registerDump(client, dump)
  const state = dumpId === 0 ? 'new' : (await client.query<{ state: string }>('SELECT state FROM heirloom.dumps WHERE id = $1', [dumpId])).rows[0].state
  if (state === 'superseded' || (config.ingest.mode === 'replace' && dumpId !== 0 && await newerDumpLoaded(client, dumpId))) {
    if (!dryRun) await client.query("UPDATE heirloom.dumps SET state = 'superseded' WHERE id = $1", [dumpId])
    return { dump, dumpId, superseded: true, tasks: [], failed: [], tables: [] }
  }
  const statuses = new Map((await client.query<{ member: string; status: string }>('SELECT member, status FROM heirloom.loads WHERE dump_id = $1', [dumpId])).rows.map((r) => [r.member, r.status]))
  const wanted = (member: string): boolean => (options.retryFailed === true ? statuses.get(member) === 'failed' : statuses.get(member) !== 'loaded')
  const tasks: TableTask[] = []
  const failed: MemberResult[] = []
  const tables: ResolvedTable[] = []
  for (const t of dump.tables) {
    const pending = t.dataMembers.filter((m) => wanted(m.name))
    if (pending.length === 0) continue
    const { table, warnings: w } = resolveTable(dump, t, config, names)
    warnings.push(...w.map((m) => `${path.basename(dump.file)}: ${m}`))
    const columns = await childColumns(client, config.target.schema, table)
    if (columns instanceof HeirloomError) {
      for (const m of pending) {
        const failure = { status: 'failed' as const, member: m.name, code: columns.code, message: columns.message, hint: columns.hint }
        if (!dryRun) await recordFailure(client, { dumpId, member: m.name, table: table.target.name, child: table.child }, failure)
        failed.push(failure)
      }
      continue
    }
    tables.push(table)
    tasks.push({
      url, dumpFile: dump.file, dumpId, application: dump.identity.application, region: dump.identity.region,
      members: pending.map((m) => m.name), table: table.target.name, schema: config.target.schema, child: table.child,
      columns, fieldOrderFromHeader: t.schema.fieldOrderFromHeader, format: t.format, dialect: dump.identity.dialect,
      timezone: config.dumps.defaults.timezone, mode: config.ingest.mode, maxRejects: config.ingest.maxRejects, maxMemberBytes: config.dumps.maxMemberBytes,
    })
  }
  return { dump, dumpId, superseded: false, tasks, failed, tables }
}

async function existingDumpId(client: pg.Client, dump: ScannedDump): Promise<number | undefined> {
  const r = await client.query<{ id: number }>('SELECT id FROM heirloom.dumps WHERE fingerprint = $1', [dump.fingerprint])
  return r.rows[0]?.id
}

/**
 * The child's columns as the database has them (types may have been widened
 * since the dump's version was planned), in the dump's field order.
 */
async function childColumns(client: pg.Client, schema: string, table: ResolvedTable): Promise<TargetColumn[] | HeirloomError> {
  const r = await client.query<{ name: string; type: string }>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
     WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped`, [qualifiedName(schema, table.child)])
  const missing = (what: string): HeirloomError => new HeirloomError('CHILD_TABLE_MISSING',
    `table "${table.target.sourceName}" version ${what}`, 'run `heirloom generate` and `heirloom migrate`')
  if (r.rowCount === 0) return missing(`has no child table ${schema}.${table.child}`)
  const types = new Map(r.rows.map((c) => [c.name, c.type]))
  const columns: TargetColumn[] = []
  for (const c of table.target.columns) {
    const type = types.get(c.name)
    if (type === undefined) return missing(`: child table ${table.child} has no column ${c.name}`)
    columns.push({ ...c, type: parsePgType(type) })
  }
  return columns
}

/** After the loads: statistics for the planner, and the source key as an index over (_dump_id, key). */
async function finishTables(client: pg.Client, config: Config, work: readonly DumpWork[]): Promise<void> {
  const children = new Map<string, ResolvedTable>()
  for (const w of work) for (const t of w.tables) children.set(t.child, t)
  for (const t of children.values()) {
    const name = qualifiedName(config.target.schema, t.child)
    if (t.target.primaryKey.length > 0) {
      const index = quoteIdentifier(shortenIdentifier(`${t.child}_dump_key`))
      const columns = [DUMP_ID_COLUMN, ...t.target.primaryKey].map(quoteIdentifier).join(', ')
      // IF NOT EXISTS alone races when two ingest processes finish together: serialise per child.
      await withTransaction(client, async () => {
        await client.query("SELECT pg_advisory_xact_lock(hashtext('heirloom'), hashtext($1))", [`index:${t.child}`])
        await client.query(`CREATE INDEX IF NOT EXISTS ${index} ON ${name} (${columns})`)
      })
    }
    await client.query(`ANALYZE ${name}`)
  }
}

/**
 * Records the dump's state; in replace mode a fully loaded dump retires the
 * older dumps of its region in one transaction (their rows deleted from
 * every mother, their state `superseded`).
 */
async function settleDump(client: pg.Client, config: Config, w: DumpWork): Promise<DumpOutcome> {
  if (w.superseded) return 'superseded'
  const r = await client.query<{ state: string; total: number; loaded: number }>(
    `SELECT d.state, count(l.*)::int AS total, count(l.*) FILTER (WHERE l.status = 'loaded')::int AS loaded
     FROM heirloom.dumps d LEFT JOIN heirloom.loads l ON l.dump_id = d.id WHERE d.id = $1 GROUP BY d.state`, [w.dumpId])
  const { state, total, loaded } = r.rows[0]
  if (state === 'superseded') return 'superseded'
  const expected = w.dump.tables.reduce((n, t) => n + t.dataMembers.length, 0)
  if (loaded < expected) {
    const outcome = loaded === 0 && total > 0 ? 'failed' : 'partly loaded'
    await client.query('UPDATE heirloom.dumps SET state = $2 WHERE id = $1', [w.dumpId, outcome])
    return outcome
  }
  const fresh = state !== 'loaded'
  await withTransaction(client, async () => {
    if (config.ingest.mode === 'replace') await retireOlderDumps(client, config.target.schema, w.dumpId)
    await client.query("UPDATE heirloom.dumps SET state = 'loaded', loaded_at = coalesce(loaded_at, now()) WHERE id = $1", [w.dumpId])
  })
  return fresh || w.tasks.length > 0 ? 'loaded' : 'already loaded'
}

function report(w: DumpWork, outcome: DumpOutcome, members: readonly MemberResult[]): DumpIngestReport {
  const { application, version, region } = w.dump.identity
  return { file: w.dump.file, application, version, region, outcome, members }
}

/** A worker that dies (out of memory, a crash) fails its table's members instead of the whole run. */
async function runTask(pool: Piscina, task: TableTask): Promise<MemberResult[]> {
  try {
    return (await pool.run(task, { name: 'load' })) as MemberResult[]
  } catch (e) {
    return task.members.map((member) => ({
      status: 'failed', member, code: 'DATABASE', message: `${path.basename(task.dumpFile)}: ${member}: the worker loading it stopped (${messageOf(e)})`,
      hint: 'the table was rolled back with the worker\'s connection; re-run ingest',
    }))
  }
}
