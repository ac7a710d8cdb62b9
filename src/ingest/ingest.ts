import path from 'node:path'
import type pg from 'pg'
import type { Config } from '../config/config'
import { assertBookkeeping, withClient } from '../db/database'
import { dumpState, existingDumpId, memberStatuses, newerDumpLoaded, recordFailure, registerDump, unfinishedChildren } from '../db/bookkeeping'
import { ensureLeafSchema, supersedeDumps } from '../db/leaves'
import { recordDumpProblems, recordFileProblems, recordLoadWarnings } from '../db/problems'
import { resolveTable, tableNamesOf, type ResolvedTable, type TableNames } from '../dump/catalogue'
import { isError, type DumpProblem } from '../dump/dump-problem'
import { readExistingMigrations } from '../migrations/existing-migrations'
import { compareText, type ScannedDump } from '../dump/scan-dump'
import { HeirloomError } from '../errors'
import { qualifiedName } from '../schema/identifiers'
import type { TargetColumn } from '../schema/model'
import { parsePgType } from '../schema/parse-pg-type'
import type { WorkerPools } from './pool'
import type { MemberResult, TableTask } from './table-task'
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
  /** Called once the number of members to load is known. */
  readonly onPlanned?: (members: number) => void
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
 */
export async function ingestDumps(config: Config, url: string, pools: WorkerPools, dumps: readonly ScannedDump[], options: IngestOptions = {}): Promise<IngestReport> {
  const ordered = [...dumps].sort((a, b) => compareText(a.identity.exportedAt ?? '', b.identity.exportedAt ?? '') || compareText(a.file, b.file))
  const warnings: string[] = []
  const unreadable = options.unreadable ?? []
  // The names generate gave: the migrations' records, then the same rule over the same dumps.
  const names = tableNamesOf(dumps, readExistingMigrations(config.migrations.directory).tables, config)
  const work = await withClient(url, async (client) => {
    await assertBookkeeping(client)
    if (options.unreadable !== undefined && options.dryRun !== true) await recordFileProblems(client, unreadable)
    if (options.dryRun !== true) await ensureLeafSchema(client, config.target.schema)
    const planned: DumpWork[] = []
    for (const dump of ordered) planned.push(await planDump(client, { config, url, names }, dump, options, warnings))
    return planned
  })
  const total = work.reduce((n, w) => n + w.tasks.reduce((m, t) => m + t.members.length, 0), 0)
  options.onPlanned?.(total)
  if (options.dryRun === true) {
    const dumps = work.map((w) => report(w, w.superseded ? 'superseded' : w.tasks.length > 0 ? 'would load' : 'already loaded', w.failed))
    return { dumps, unreadable, warnings, ok: settledOk(dumps, unreadable) }
  }
  const results = await Promise.all(work.map(async (w) => {
    const members = await Promise.all(w.tasks.map(async (task) => {
      const results = await runTask(pools, task)
      for (const r of results) options.onMember?.(w.dump, r)
      return results
    }))
    return [...w.failed, ...members.flat()]
  }))
  for (const r of results.flat()) if (r.status === 'loaded') warnings.push(...r.warnings)
  const finished = await finishDumps(url, config, work)
  const reports = work.map((w, i) => report(w, finished[i].outcome, results[i], finished[i].failedSteps))
  return { dumps: reports, unreadable, warnings, ok: settledOk(reports, unreadable) }
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
      url, dumpFile: dump.file, dumpId, application: dump.identity.application, region: dump.identity.region,
      members: pending.map((m) => m.name), table: table.target.name, schema: config.target.schema, child: table.child,
      columns, fieldOrderFromHeader: t.schema.fieldOrderFromHeader, format: t.format, dialect: dump.identity.dialect,
      timezone: config.dumps.defaults.timezone, mode: config.ingest.mode, maxRejects: config.ingest.maxRejects, maxMemberBytes: config.dumps.maxMemberBytes, maxRecordBytes: config.ingest.maxRecordBytes,
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

function report(w: DumpWork, outcome: DumpOutcome, members: readonly MemberResult[], failedSteps: readonly StepFailure[] = []): DumpIngestReport {
  const { application, version, region } = w.dump.identity
  return { file: w.dump.file, application, version, region, outcome, members, failedSteps, problems: w.superseded ? [] : w.dump.problems }
}

/** A worker that dies (out of memory, a crash) fails its table's members instead of the whole run, recorded like any failed member. */
async function runTask(pools: WorkerPools, task: TableTask): Promise<MemberResult[]> {
  try {
    return await pools.load(task)
  } catch (e) {
    return recordMemberFailures(task, workerStopped(task, e))
  }
}
