import path from 'node:path'
import type pg from 'pg'
import type { Config } from '../config/config'
import { withSteps, withTransaction, type Attempt } from '../db/database'
import { clearUnfinishedSteps, memberCounts, recordStepFailure, setDumpState, type StepRef } from '../db/bookkeeping'
import { analyzeLeaf, buildLeafKeyIndex, dropDetachedLeaves, leafKeyIndexName, stagedLeaves, switchDump } from '../db/leaves'
import { pauseAt } from '../db/test-pause'
import type { ResolvedTable } from '../dump/catalogue'
import { isError } from '../dump/dump-problem'
import type { ScannedDump } from '../dump/scan-dump'
import { isHeirloomError, messageOf, postgresFieldsOf, type Failure } from '../errors'
import type { TableTask } from './table-task'

/**
 * What became of a dump in this run. `not settled`: its members are staged,
 * but its switch (attaching its leaves and, in replace mode, detaching the
 * older snapshot of its region) did not happen; the next ingest does it.
 */
export type DumpOutcome = 'loaded' | 'partly loaded' | 'failed' | 'superseded' | 'already loaded' | 'would load' | 'not settled'

/** A step after the loads that failed: which one, on which table, and why. */
export interface StepFailure extends Failure {
  readonly step: StepRef['step']
  /** Mother and child table; empty for 'settle'. */
  readonly table: string
  readonly child: string
}

/** A dump as the steps after the loads see it. */
export interface FinishingDump {
  readonly dump: ScannedDump
  readonly dumpId: number
  /** A newer dump of the same region is loaded (replace mode): nothing to do. */
  readonly superseded: boolean
  /** One per table with members loaded in this run. */
  readonly tasks: readonly TableTask[]
  /** The tables whose leaves get their key index and ANALYZE. */
  readonly tables: readonly ResolvedTable[]
}

export interface Finished {
  readonly outcome: DumpOutcome
  readonly failedSteps: readonly StepFailure[]
}

type Attempter = <S>(step: (client: pg.Client) => Promise<S>) => Promise<Attempt<S>>

/**
 * After the loads: each leaf staged gets its key index and ANALYZE, then
 * each dump is settled: switched when wholly staged. A step that fails (a lock, a dead connection) is
 * named, recorded in `heirloom.unfinished_steps` on a fresh connection, and the
 * others go on; the next ingest does the failed ones again. Once even the
 * record cannot be written, PostgreSQL is out of reach: the steps left are
 * not tried (each dump says so once), and stay due from their loads.
 */
export async function finishDumps(url: string, config: Config, work: readonly FinishingDump[]): Promise<Finished[]> {
  return withSteps(url, async (attempt) => {
    const failures = new Map<number, StepFailure[]>(work.map((w) => [w.dumpId, []]))
    let outOfReach: { readonly ok: false; readonly error: unknown } | undefined
    const skipped = new Set<FinishingDump>()
    const reachable: Attempter = async (step) => outOfReach ?? attempt(step)
    const fail = async (dumps: readonly FinishingDump[], ref: Omit<StepRef, 'dumpId'>, what: string, error: unknown): Promise<void> => {
      for (const d of dumps) {
        if (error === outOfReach?.error) {
          skipped.add(d)
          continue
        }
        const failure: StepFailure = { ...ref, ...stepFailure(`${path.basename(d.dump.file)}: ${what}`, STEP_HINTS[ref.step], error) }
        const recorded = await reachable((c) => recordStepFailure(c, { ...ref, dumpId: d.dumpId }, failure))
        if (!recorded.ok) outOfReach ??= recorded
        failures.get(d.dumpId)?.push(recorded.ok ? failure : { ...failure, unrecorded: `not recorded in heirloom.unfinished_steps: ${messageOf(recorded.error)}` })
      }
    }
    await reachable((c) => pauseAt(c, 'finishing', { inTransaction: false }))
    const done = await finishLeaves(reachable, work, fail)
    // Should this fail, the records stay and the next ingest does those steps once more: harmless.
    await reachable((c) => clearUnfinishedSteps(c, done))
    const outcomes: DumpOutcome[] = []
    for (const w of work) {
      // A leaf whose key index or ANALYZE failed keeps its dump from switching: the failure already says so.
      if (!w.superseded && (failures.get(w.dumpId) ?? []).length > 0) {
        outcomes.push('not settled')
        continue
      }
      const settled = w.superseded ? undefined : await reachable((c) => settleDump(c, config, w))
      if (settled?.ok === false) await fail([w], { step: 'settle', table: '', child: '' }, `switching the dump to its new snapshot${config.ingest.mode === 'replace' ? ` (attaching its tables, detaching the older snapshot of region ${w.dump.identity.region})` : ' (attaching its tables)'}`, settled.error)
      outcomes.push(settled === undefined ? 'superseded' : settled.ok ? settled.value : 'not settled')
    }
    // Superseded snapshots, and any a crash left detached: DROP, O(1) in their rows. A leaf still held is left for the next run.
    await reachable((c) => dropDetachedLeaves(c))
    for (const d of skipped) failures.get(d.dumpId)?.push(notTried(d, outOfReach?.error))
    return work.map((w, i) => ({ outcome: outcomes[i], failedSteps: failures.get(w.dumpId) ?? [] }))
  })
}

const STEP_HINTS: Readonly<Record<StepRef['step'], string>> = {
  index: 'the loaded rows are kept (staged, not visible yet); only the key index is missing: the next `heirloom ingest` builds it, then switches the dump',
  analyze: 'the loaded rows are kept (staged, not visible yet); only the planner statistics are missing: the next `heirloom ingest` runs ANALYZE, then switches the dump',
  settle: 'the loaded rows are kept, staged: readers still see the region\'s earlier snapshot in every table; the next `heirloom ingest` switches the dump',
}

function stepFailure(what: string, hint: string, e: unknown): Failure {
  const postgres = postgresFieldsOf(e)
  return { code: isHeirloomError(e) ? e.code : 'DATABASE', message: `${what} failed: ${messageOf(e)}`, hint, ...(postgres === undefined ? {} : { postgres }) }
}

/** The one failure of a dump whose steps were left once PostgreSQL was out of reach: due with their loads, they need no record. */
function notTried(d: FinishingDump, e: unknown): StepFailure {
  return {
    step: 'settle', table: '', child: '', code: isHeirloomError(e) ? e.code : 'DATABASE',
    message: `${path.basename(d.dump.file)}: the steps after the loads (key indexes, ANALYZE, settling the dump) were not tried: PostgreSQL is out of reach (${messageOf(e)})`,
    hint: 'the rows loaded are kept and these steps stay due: the next `heirloom ingest` does them',
  }
}

type Fail = (dumps: readonly FinishingDump[], ref: Omit<StepRef, 'dumpId'>, what: string, error: unknown) => Promise<void>

/**
 * Before the switch, each leaf staged gets its source key as an index over
 * the key columns, and planner statistics (ANALYZE): the switch never waits
 * on them. The steps done, per (dump, child), for clearUnfinishedSteps.
 */
async function finishLeaves(attempt: Attempter, work: readonly FinishingDump[], fail: Fail): Promise<{ step: StepRef['step']; child: string; dumpId: number }[]> {
  const done: { step: StepRef['step']; child: string; dumpId: number }[] = []
  for (const w of work) {
    if (w.superseded) continue
    // A table whose load failed has no leaf (rolled back with it): nothing to index.
    const staged = await attempt((c) => stagedLeaves(c, w.dumpId))
    if (!staged.ok) {
      await fail([w], { step: 'index', table: '', child: '' }, 'listing its staged tables', staged.error)
      continue
    }
    const failed = new Set<string>()
    // Every leaf of the table: part 0 and, for a member loaded through several COPY streams, its parts.
    for (const [t, leaf] of w.tables.flatMap((x) => staged.value.filter((l) => l.child === x.child).map((l) => [x, l] as const))) {
      const steps: { step: StepRef['step']; what: string; run: (c: pg.Client) => Promise<unknown> }[] = [
        ...(t.target.primaryKey.length > 0 ? [{ step: 'index' as const, what: `building its key index ${leafKeyIndexName(leaf)}`, run: (c: pg.Client) => buildLeafKeyIndex(c, leaf, t.target.primaryKey) }] : []),
        { step: 'analyze', what: 'ANALYZE', run: (c) => analyzeLeaf(c, leaf) },
      ]
      for (const s of steps) {
        const r = await attempt(s.run)
        // A step is done for a child once done on every leaf of it (parts included).
        if (r.ok) {
          if (!failed.has(`${s.step}:${t.child}`) && !done.some((d) => d.step === s.step && d.child === t.child && d.dumpId === w.dumpId)) done.push({ step: s.step, child: t.child, dumpId: w.dumpId })
        } else {
          failed.add(`${s.step}:${t.child}`)
          const i = done.findIndex((d) => d.step === s.step && d.child === t.child && d.dumpId === w.dumpId)
          if (i >= 0) done.splice(i, 1)
          await fail([w], { step: s.step, table: t.target.name, child: t.child }, `table ${t.target.sourceName} (${leaf.schema}.${leaf.table}): ${s.what}`, r.error)
        }
      }
    }
  }
  return done
}

/**
 * Records the dump's state; a dump with every member staged and its leaves'
 * steps done switches (see switchDump): its leaves attached and, in replace
 * mode, the region's older ones detached, in one transaction. Clears an
 * earlier failure to settle it.
 */
async function settleDump(client: pg.Client, config: Config, w: FinishingDump): Promise<DumpOutcome> {
  const { state, total, loaded } = await memberCounts(client, w.dumpId)
  if (state === 'superseded') return 'superseded'
  const expected = w.dump.tables.reduce((n, t) => n + t.dataMembers.length, 0)
  // A table scan refused (no data file, ambiguous or encrypted members) keeps the dump from `loaded`, and so from replacing older dumps.
  const incomplete = w.dump.problems.some(isError)
  if (loaded < expected || incomplete) {
    const outcome = loaded === 0 && (total > 0 || incomplete) ? 'failed' : 'partly loaded'
    await withTransaction(client, async () => {
      await setDumpState(client, w.dumpId, outcome)
      await clearUnfinishedSteps(client, [{ step: 'settle', dumpId: w.dumpId }])
    })
    return outcome
  }
  const fresh = state !== 'loaded'
  // Switched before, nothing staged since: nothing to do (older snapshots were replaced by that switch).
  if (!fresh && (await stagedLeaves(client, w.dumpId)).length === 0) return w.tasks.length > 0 ? 'loaded' : 'already loaded'
  await pauseAt(client, 'staged', { inTransaction: false })
  const switched = await switchDump(client, config.target.schema, w.dumpId, config.ingest.mode)
  await clearUnfinishedSteps(client, [{ step: 'settle', dumpId: w.dumpId }])
  if (switched === 'superseded') return 'superseded'
  await pauseAt(client, 'switched', { inTransaction: false })
  return fresh || w.tasks.length > 0 ? 'loaded' : 'already loaded'
}
