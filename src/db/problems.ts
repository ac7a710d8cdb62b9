import type pg from 'pg'
import type { DumpProblem } from '../dump/dump-problem'
import { withTransaction } from './database'

/** A problem as `heirloom.problems` keeps it and `status` shows it. */
export interface RecordedProblem {
  readonly file: string
  /** Undefined for the dump (or folder) as a whole. */
  readonly member: string | undefined
  readonly severity: DumpProblem['severity']
  readonly code: string
  readonly message: string
  readonly hint: string | undefined
  /** ISO 8601: the first run that found it; it has been found by every run since. */
  readonly firstSeenAt: string
}

/**
 * Sets the scan problems of one registered dump to what this scan found:
 * new ones added, known ones kept (with the time they were first seen), and
 * those no longer found (a config that now fits) removed.
 */
export async function recordDumpProblems(client: pg.Client, dumpId: number, problems: readonly DumpProblem[]): Promise<void> {
  await withTransaction(client, async () => {
    await upsert(client, dumpId, 'scan', problems, 'DO UPDATE SET last_seen_at = now(), severity = excluded.severity, code = excluded.code, hint = excluded.hint')
    // now() is the transaction's start: every row this scan found carries it.
    await client.query("DELETE FROM heirloom.problems WHERE dump_id = $1 AND stage = 'scan' AND last_seen_at <> now()", [dumpId])
  })
}

/**
 * Sets the problems of files that are no registered dump (unreadable, empty,
 * no version; a dumps folder with no dump) to what this run's scan found:
 * a file fixed or removed since stops showing.
 */
export async function recordFileProblems(client: pg.Client, problems: readonly DumpProblem[]): Promise<void> {
  await withTransaction(client, async () => {
    await upsert(client, null, 'scan', problems, 'DO UPDATE SET last_seen_at = now(), severity = excluded.severity, code = excluded.code, hint = excluded.hint')
    await client.query('DELETE FROM heirloom.problems WHERE dump_id IS NULL AND last_seen_at <> now()')
  })
}

/** Warnings of a member's load, inside its load transaction: kept with the dump, committed with its rows or not at all. */
export async function recordLoadWarnings(client: pg.Client, dumpId: number, warnings: readonly DumpProblem[]): Promise<void> {
  await upsert(client, dumpId, 'load', warnings, 'DO NOTHING')
}

async function upsert(client: pg.Client, dumpId: number | null, stage: 'scan' | 'load', problems: readonly DumpProblem[], onConflict: string): Promise<void> {
  if (problems.length === 0) return
  await client.query(
    `INSERT INTO heirloom.problems (dump_id, file, member, stage, severity, code, message, hint)
     SELECT $1, file, member, $2, severity, code, message, hint
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS p(file, member, severity, code, message, hint)
     ON CONFLICT (coalesce(dump_id, 0), stage, file, member, message) ${onConflict}`,
    [dumpId, stage, problems.map((p) => p.file), problems.map((p) => p.member ?? ''), problems.map((p) => p.severity),
      problems.map((p) => p.code), problems.map((p) => p.message), problems.map((p) => p.hint ?? null)])
}

/**
 * The current problems: those of files that are no dump, and those of every
 * dump not superseded (a newer export of its region replaced its rows, so
 * what was wrong with it no longer is). Keyed by dump id; file problems under 0.
 */
export async function currentProblems(client: pg.Client): Promise<Map<number, RecordedProblem[]>> {
  const byDump = new Map<number, RecordedProblem[]>()
  const r = await client.query<RecordedProblem & { dumpId: number }>(`
    SELECT coalesce(p.dump_id, 0) AS "dumpId", p.file, nullif(p.member, '') AS member, p.severity, p.code, p.message, p.hint,
      to_char(p.first_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "firstSeenAt"
    FROM heirloom.problems p LEFT JOIN heirloom.dumps d ON d.id = p.dump_id
    WHERE d.id IS NULL OR d.state <> 'superseded'
    ORDER BY p.severity, p.file, p.member, p.id`)
  for (const { dumpId, ...p } of r.rows) {
    const problem = { ...p, member: p.member ?? undefined, hint: p.hint ?? undefined }
    byDump.set(dumpId, [...(byDump.get(dumpId) ?? []), problem])
  }
  return byDump
}
