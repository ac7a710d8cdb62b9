import path from 'node:path'
import type pg from 'pg'
import type { Config } from '../config/config'
import { assertBookkeeping, withClient } from '../db/database'
import { dumpState, existingDumpId, memberStatuses, newerDumpLoaded, recordFailure, registerDump, unfinishedChildren } from '../db/bookkeeping'
import { ensureLeafSchema, supersedeDumps } from '../db/leaves'
import { recordDumpProblems, recordFileProblems, recordLoadWarnings } from '../db/problems'
import { resolveTable, type ResolvedTable, type TableNames } from '../dump/catalogue'
import { isError, type DumpProblem } from '../dump/dump-problem'
import type { ScannedDump } from '../dump/scan-dump'
import { compareText } from '../schema/compare-text'
import { HeirloomError } from '../errors'
import { qualifiedName } from '../schema/identifiers'
import type { TargetColumn } from '../schema/model'
import type { TableLoadCounts } from '../schema/table-load'
import { parsePgType } from '../schema/parse-pg-type'
import type { WorkerPools } from './pool'
import type { MemberResult, TableTask } from './table-task'
import type { LoadProgress } from './load-progress'
import { finishDumps, type DumpOutcome, type FinishingDump, type StepFailure } from './finish'
import { recordMemberFailures, workerStopped } from './member-failures'

export type { DumpOutcome, StepFailure } from './finish'

export interface DumpIngestReport {
  readonly file: string
  readonly application: string
  readonly version: string
  readonly region: string
  readonly outcome: DumpOutcome
  readonly members: readonly MemberResult[]
  /** What scan named about the dump (none once superseded): an error keeps the dump from `loaded`. */
  readonly problems: readonly DumpProblem[]
  /** Steps after the loads that failed (key index, ANALYZE, settling the dump), each recorded; the next ingest does them again. */
  readonly failedSteps: readonly StepFailure[]
  /** Per table loaded by this run: rows, rejects, bytes and seconds (the summary). */
  readonly tables: readonly TableLoad[]
}

/** One table of one dump as this run loaded it: its members' counts added up, and the seconds of their loads in the worker. */
export interface TableLoad extends TableLoadCounts {
  readonly seconds: number
}

export interface IngestReport {
  readonly dumps: readonly DumpIngestReport[]
  /** Files that are no dump heirloom could read (`IngestOptions.unreadable`). */
  readonly unreadable: readonly DumpProblem[]
  readonly warnings: readonly string[]
  /** False when a member or a step after the loads failed, a dump has a problem, or a file is unreadable: the exit code says so. */
  readonly ok: boolean
}

export interface IngestOptions {
  readonly dryRun?: boolean
  /** Load only the members whose last attempt failed (`ingest --retry-failed`). */
  readonly retryFailed?: boolean
  /** Called as each member finishes, for progress display. */
  readonly onMember?: (dump: ScannedDump, result: MemberResult) => void
  /** Called once the number of members to load, and their inflated bytes (from the ZIPs' central directories), are known. */
  readonly onPlanned?: (members: number, bytes: number) => void
  /** Called while a table loads, at most ~10 times a second per table: the member being read, its bytes and rows so far. */
  readonly onProgress?: (dump: ScannedDump, table: string, progress: LoadProgress) => void
  /** Called as each table's load ends, after its members' onMember. */
  readonly onTable?: (dump: ScannedDump, load: TableLoad, results: readonly MemberResult[]) => void
  /** Called as each scanned dump is taken up, before its members load. */
  readonly onDump?: (dump: ScannedDump) => void
  /**
   * The files the scan could not take as dumps (unreadable, empty, no
   * version; an empty dumps folder): recorded as the current file problems,
   * replacing the last run's. Undefined leaves that record alone.
   */
  readonly unreadable?: readonly DumpProblem[]
}

interface DumpWork extends FinishingDump {
  /** Members that cannot be loaded (no child table …), already recorded as failed. */
  readonly failed: readonly MemberResult[]
}

/**
 * Stages every data member of the scanned dumps that is not loaded yet, in
 * the worker pool, into a leaf per (dump, table); then builds each leaf's
 * key index and ANALYZEs it, and switches each wholly staged dump: its
 * leaves attached at once and (replace mode) the region's older ones dropped.
 * `names` are the table names generate gave (the use case reads them from
 * the migrations).
 */
export async function ingestDumps(config: Config, url: string, pools: WorkerPools, dumps: readonly ScannedDump[], names: TableNames, options: IngestOptions = {}): Promise<IngestReport> {
  const ordered = [...dumps].sort((a, b) => compareText(a.identity.exportedAt ?? '', b.identity.exportedAt ?? '') || compareText(a.file, b.file))
  const warnings: string[] = []
  const unreadable = options.unreadable ?? []
  const work = await withClient(url, async (client) => {
    await assertBookkeeping(client)
    if (options.unreadable !== undefined && options.dryRun !== true) await recordFileProblems(client, unreadable)
    if (options.dryRun !== true) await ensureLeafSchema(client, config.target.schema)
    const planned: DumpWork[] = []
    for (const dump of ordered) options.onDump?.(dump)
    for (const dump of ordered) planned.push(await planDump(client, { config, url, names }, dump, options, warnings))
    return planned
  })
  const total = work.reduce((n, w) => n + w.tasks.reduce((m, t) => m + t.members.length, 0), 0)
  options.onPlanned?.(total, work.reduce((n, w) => n + w.tasks.reduce((m, t) => m + t.members.reduce((b, member) => b + memberSize(w.dump, member), 0), 0), 0))
  if (options.dryRun === true) {
    const dumps = work.map((w) => report(w, w.superseded ? 'superseded' : w.tasks.length > 0 ? 'would load' : 'already loaded', w.failed))
    return { dumps, unreadable, warnings, ok: settledOk(dumps, unreadable) }
  }
  const loads = await Promise.all(work.map(async (w) => {
    const tables = await Promise.all(w.tasks.map(async (task) => {
      const onProgress = options.onProgress === undefined ? undefined : (p: LoadProgress) => options.onProgress?.(w.dump, task.table, p)
      const results = await runTask(pools, task, onProgress)
      for (const r of results) options.onMember?.(w.dump, r)
      const load = tableLoad(task.table, results)
      options.onTable?.(w.dump, load, results)
      return { results, load }
    }))
    return { members: [...w.failed, ...tables.flatMap((t) => t.results)], tables: tables.map((t) => t.load) }
  }))
  for (const r of loads.flatMap((l) => l.members)) if (r.status === 'loaded') warnings.push(...r.warnings)
  const finished = await finishDumps(url, config, work)
  const reports = work.map((w, i) => report(w, finished[i].outcome, loads[i].members, finished[i].failedSteps, loads[i].tables))
  return { dumps: reports, unreadable, warnings, ok: settledOk(reports, unreadable) }
}

/** A data member's inflated size as the ZIP's central directory declares it. */
function memberSize(dump: ScannedDump, member: string): number {
  for (const t of dump.tables) for (const m of t.dataMembers) if (m.name === member) return m.uncompressedSize
  return 0
}

/** A table's counts; its seconds are its members' loads (the time in the worker, not the wait for one). */
function tableLoad(table: string, results: readonly MemberResult[]): TableLoad {
  let seconds = 0
  let loaded = 0
  let rejected = 0
  let bytes = 0
  for (const r of results) {
    if (r.status !== 'loaded') continue
    loaded += r.loaded
    rejected += r.rejected
    bytes += r.bytes
    seconds += r.seconds
  }
  return { table, members: results.length, failed: results.filter((r) => r.status === 'failed').length, loaded, rejected, bytes, seconds }
}

/** No member or step after the loads failed, no dump still current has an error problem, every file was a dump. */
function settledOk(dumps: readonly DumpIngestReport[], unreadable: readonly DumpProblem[]): boolean {
  return unreadable.length === 0 && dumps.every((d) => d.members.every((m) => m.status !== 'failed') && d.failedSteps.length === 0 && !d.problems.some(isError))
}

async function planDump(client: pg.Client, { config, url, names }: { config: Config; url: string; names: TableNames }, dump: ScannedDump, options: IngestOptions, warnings: string[]): Promise<DumpWork> {
  const dryRun = options.dryRun === true
  // A dry run registers nothing: a dump not seen before has id 0 and nothing loaded.
  const dumpId = dryRun ? (await existingDumpId(client, dump.fingerprint)) ?? 0 : await registerDump(client, dump)
  const state = dumpId === 0 ? 'new' : await dumpState(client, dumpId)
  if (state === 'superseded' || (config.ingest.mode === 'replace' && dumpId !== 0 && await newerDumpLoaded(client, dumpId))) {
    // Its staged leaves, if any, are dropped at the end of the run.
    if (!dryRun) await supersedeDumps(client, [dumpId], null)
    return { dump, dumpId, superseded: true, tasks: [], failed: [], tables: [] }
  }
  if (!dryRun) await recordDumpProblems(client, dumpId, dump.problems)
  const statuses = dumpId === 0 ? new Map<string, string>() : await memberStatuses(client, dumpId)
  const wanted = (member: string): boolean => (options.retryFailed === true ? statuses.get(member) === 'failed' : statuses.get(member) !== 'loaded')
  const tasks: TableTask[] = []
  const failed: MemberResult[] = []
  const tables: ResolvedTable[] = []
  // Children whose key index or ANALYZE failed before: done again, with or without members to load.
  const unfinished = dryRun ? new Set<string>() : await unfinishedChildren(client, dumpId)
  for (const t of dump.tables) {
    const pending = t.dataMembers.filter((m) => wanted(m.name))
    if (pending.length === 0) {
      if (unfinished.size > 0) {
        const { table } = resolveTable(dump, t, config, names)
        if (unfinished.has(table.child)) tables.push(table)
      }
      continue
    }
    const { table, warnings: w } = resolveTable(dump, t, config, names)
    const typeWarnings = w.map((m): DumpProblem => ({ file: dump.file, member: t.schemaMember, severity: 'warning', code: 'TYPE_UNKNOWN', message: `${path.basename(dump.file)}: ${m}`, hint: undefined }))
    warnings.push(...typeWarnings.map((p) => p.message))
    if (!dryRun) await recordLoadWarnings(client, dumpId, typeWarnings)
    const columns = await childColumns(client, config.target.schema, table, dump.identity.version)
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
      url, dumpFile: dump.file, readFrom: dump.plaintext, dumpId, application: dump.identity.application, region: dump.identity.region,
      members: pending.map((m) => m.name), table: table.target.name, schema: config.target.schema, child: table.child,
      columns, fieldOrderFromHeader: t.schema.fieldOrderFromHeader, format: t.format, dialect: dump.identity.dialect,
      timezone: config.dumps.defaults.timezone, mode: config.ingest.mode, maxRejects: config.ingest.maxRejects, maxMemberBytes: config.dumps.maxMemberBytes, maxRecordBytes: config.ingest.maxRecordBytes,
      parallelCopy: config.ingest.parallelCopy, ...(t.live === undefined ? {} : { live: t.live }),
    })
  }
  return { dump, dumpId, superseded: false, tasks, failed, tables }
}

/**
 * The child's columns as the database has them (types may have been widened
 * since the dump's version was planned), in the dump's field order.
 */
async function childColumns(client: pg.Client, schema: string, table: ResolvedTable, version: string): Promise<TargetColumn[] | HeirloomError> {
  const r = await client.query<{ name: string; type: string }>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
     WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped`, [qualifiedName(schema, table.child)])
  const missing = (what: string): HeirloomError => new HeirloomError('CHILD_TABLE_MISSING',
    `table "${table.target.sourceName}" version ${version} ${what}`, 'run `heirloom generate` and `heirloom migrate`')
  if (r.rowCount === 0) return missing(`has no child table ${schema}.${table.child}`)
  const types = new Map(r.rows.map((c) => [c.name, c.type]))
  const columns: TargetColumn[] = []
  for (const c of table.target.columns) {
    const type = types.get(c.name)
    if (type === undefined) return missing(`has a child table ${table.child} without column ${c.name}`)
    columns.push({ ...c, type: parsePgType(type) })
  }
  return columns
}

function report(w: DumpWork, outcome: DumpOutcome, members: readonly MemberResult[], failedSteps: readonly StepFailure[] = [], tables: readonly TableLoad[] = []): DumpIngestReport {
  const { application, version, region } = w.dump.identity
  return { file: w.dump.file, application, version, region, outcome, members, failedSteps, problems: w.superseded ? [] : w.dump.problems, tables }
}

/** A worker that dies (out of memory, a crash) fails its table's members instead of the whole run, recorded like any failed member. */
async function runTask(pools: WorkerPools, task: TableTask, onProgress: ((p: LoadProgress) => void) | undefined): Promise<MemberResult[]> {
  try {
    return await pools.load(task, onProgress)
  } catch (e) {
    return recordMemberFailures(task, workerStopped(task, e))
  }
}
