import path from 'node:path'
import type pg from 'pg'
import type { Config } from '../config/config'
import { withSteps, withTransaction, type Attempt } from '../db/database'
import { clearUnfinishedSteps, recordStepFailure, retireOlderDumps, type StepRef } from '../db/bookkeeping'
import type { ResolvedTable } from '../dump/catalogue'
import { isError } from '../dump/dump-problem'
import type { ScannedDump } from '../dump/scan-dump'
import { isHeirloomError, messageOf, postgresFieldsOf, type Failure } from '../errors'
import { qualifiedName, quoteIdentifier, shortenIdentifier } from '../schema/identifiers'
import { DUMP_ID_COLUMN } from '../schema/model'
import type { TableTask } from './table-task'

/**
 * What became of a dump in this run. `not settled`: its members are loaded,
 * but recording its state (and, in replace mode, retiring the older dumps of
 * its region) failed; the next ingest does it.
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
  /** The tables whose children get their key index and ANALYZE. */
  readonly tables: readonly ResolvedTable[]
}

export interface Finished {
  readonly outcome: DumpOutcome
  readonly failedSteps: readonly StepFailure[]
}

type Attempter = <S>(step: (client: pg.Client) => Promise<S>) => Promise<Attempt<S>>

/**
 * After the loads: each child touched gets its key index and ANALYZE, then
 * each dump is settled. A step that fails (a lock, a dead connection) is
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
    const done = await finishTables(reachable, config, work, fail)
    // Should this fail, the records stay and the next ingest does those steps once more: harmless.
    await reachable((c) => clearUnfinishedSteps(c, done))
    const outcomes: DumpOutcome[] = []
    for (const w of work) {
      const settled = w.superseded ? undefined : await reachable((c) => settleDump(c, config, w))
      if (settled?.ok === false) await fail([w], { step: 'settle', table: '', child: '' }, `settling the dump${config.ingest.mode === 'replace' ? ` (retiring the older dumps of region ${w.dump.identity.region}, marking it loaded)` : ''}`, settled.error)
      outcomes.push(settled === undefined ? 'superseded' : settled.ok ? settled.value : 'not settled')
    }
    for (const d of skipped) failures.get(d.dumpId)?.push(notTried(d, outOfReach?.error))
    return work.map((w, i) => ({ outcome: outcomes[i], failedSteps: failures.get(w.dumpId) ?? [] }))
  })
}

const STEP_HINTS: Readonly<Record<StepRef['step'], string>> = {
  index: 'the loaded rows are kept; only the index over (_dump_id, key) is missing: the next `heirloom ingest` builds it',
  analyze: 'the loaded rows are kept; only the planner statistics are stale: the next `heirloom ingest` runs ANALYZE again',
  settle: 'the loaded rows are kept, but the dump is not marked loaded (nor are older dumps of its region retired): the next `heirloom ingest` settles it',
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

/** Statistics for the planner, and the source key as an index over (_dump_id, key); the steps done, for clearUnfinishedSteps. */
async function finishTables(attempt: Attempter, config: Config, work: readonly FinishingDump[], fail: Fail): Promise<{ step: StepRef['step']; child: string }[]> {
  const children = new Map<string, { table: ResolvedTable; dumps: FinishingDump[] }>()
  for (const w of work) for (const t of w.tables) children.set(t.child, { table: t, dumps: [...(children.get(t.child)?.dumps ?? []), w] })
  const done: { step: StepRef['step']; child: string }[] = []
  for (const { table: t, dumps } of children.values()) {
    const name = qualifiedName(config.target.schema, t.child)
    const index = shortenIdentifier(`${t.child}_dump_key`)
    const steps: { step: StepRef['step']; what: string; run: (c: pg.Client) => Promise<unknown> }[] = [
      ...(t.target.primaryKey.length > 0 ? [{ step: 'index' as const, what: `building its key index ${index}`, run: (c: pg.Client) => buildKeyIndex(c, name, index, t) }] : []),
      { step: 'analyze', what: 'ANALYZE', run: (c) => c.query(`ANALYZE ${name}`) },
    ]
    for (const s of steps) {
      const r = await attempt(s.run)
      if (r.ok) done.push({ step: s.step, child: t.child })
      else await fail(dumps, { step: s.step, table: t.target.name, child: t.child }, `table ${t.target.sourceName} (${config.target.schema}.${t.child}): ${s.what}`, r.error)
    }
  }
  return done
}

async function buildKeyIndex(client: pg.Client, name: string, index: string, t: ResolvedTable): Promise<void> {
  const columns = [DUMP_ID_COLUMN, ...t.target.primaryKey].map(quoteIdentifier).join(', ')
  // IF NOT EXISTS alone races when two ingest processes finish together: serialise per child.
  await withTransaction(client, async () => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('heirloom'), hashtext($1))", [`index:${t.child}`])
    await client.query(`CREATE INDEX IF NOT EXISTS ${quoteIdentifier(index)} ON ${name} (${columns})`)
  })
}

/**
 * Records the dump's state; in replace mode a fully loaded dump retires the
 * older dumps of its region in one transaction (their rows deleted from
 * every mother, their state `superseded`). Clears an earlier failure to settle it.
 */
async function settleDump(client: pg.Client, config: Config, w: FinishingDump): Promise<DumpOutcome> {
  const r = await client.query<{ state: string; total: number; loaded: number }>(
    `SELECT d.state, count(l.*)::int AS total, count(l.*) FILTER (WHERE l.status = 'loaded')::int AS loaded
     FROM heirloom.dumps d LEFT JOIN heirloom.loads l ON l.dump_id = d.id WHERE d.id = $1 GROUP BY d.state`, [w.dumpId])
  const { state, total, loaded } = r.rows[0]
  if (state === 'superseded') return 'superseded'
  const expected = w.dump.tables.reduce((n, t) => n + t.dataMembers.length, 0)
  // A table scan refused (no data file, ambiguous or encrypted members) keeps the dump from `loaded`, and so from retiring older dumps.
  const incomplete = w.dump.problems.some(isError)
  if (loaded < expected || incomplete) {
    const outcome = loaded === 0 && (total > 0 || incomplete) ? 'failed' : 'partly loaded'
    await withTransaction(client, async () => {
      await client.query('UPDATE heirloom.dumps SET state = $2 WHERE id = $1', [w.dumpId, outcome])
      await clearUnfinishedSteps(client, [{ step: 'settle', dumpId: w.dumpId }])
    })
    return outcome
  }
  const fresh = state !== 'loaded'
  await withTransaction(client, async () => {
    if (config.ingest.mode === 'replace') await retireOlderDumps(client, config.target.schema, w.dumpId)
    await client.query("UPDATE heirloom.dumps SET state = 'loaded', loaded_at = coalesce(loaded_at, now()) WHERE id = $1", [w.dumpId])
    await clearUnfinishedSteps(client, [{ step: 'settle', dumpId: w.dumpId }])
  })
  return fresh || w.tasks.length > 0 ? 'loaded' : 'already loaded'
}
