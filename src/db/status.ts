import type pg from 'pg'
import { hasBookkeeping, withClient } from './database'
import { verifyMigrations, type MigrationsStatus } from './migration-checksums'
import { currentProblems, type RecordedProblem } from './problems'
import { recordedFailures, type RecordedFailure } from './recorded-failures'

/** A dump as `heirloom.dumps` has it: what `status` and the report both show of it. */
export interface RecordedDump {
  readonly id: number
  readonly file: string
  readonly application: string
  readonly version: string
  readonly region: string
  /** UTC ISO 8601, or null when the dump did not say. */
  readonly exportedAt: string | null
  readonly state: string
}

export interface DumpStatus extends RecordedDump {
  readonly membersLoaded: number
  readonly membersFailed: number
  /** Rows in the loaded members' files = rowsLoaded + rowsRejected. */
  readonly rowsInFiles: number
  readonly rowsLoaded: number
  readonly rowsRejected: number
  readonly lastError: string | null
  /** Inflated bytes of the members loaded with timings kept. */
  readonly bytesLoaded: number
  /** From the first of its members' loads starting to the last ending (the run that loaded it); null before timings were kept. */
  readonly loadSeconds: number | null
  /** What scan named about it and the warnings of its loads, as the last run found them (none once superseded). */
  readonly problems: readonly RecordedProblem[]
  /** Every failure standing: members whose last load failed and steps after the loads not done yet, with PostgreSQL's fields. */
  readonly failures: readonly RecordedFailure[]
}

export interface StatusReport {
  /** False when `heirloom migrate` has not run on this database yet. */
  readonly migrated: boolean
  readonly dumps: readonly DumpStatus[]
  /** Files the last ingest could not take as dumps (unreadable, empty, no version), or a dumps folder with no dump. */
  readonly fileProblems: readonly RecordedProblem[]
  /** Applied, pending, edited-after-applied and missing migration files; undefined when no folder was given. */
  readonly migrations?: MigrationsStatus
}

/** What the bookkeeping says about every dump heirloom has seen, and, given the migration folder, about the migrations. */
export async function readStatus(url: string, migrationsDirectory?: string): Promise<StatusReport> {
  return withClient(url, async (client) => {
    const migrations = migrationsDirectory === undefined ? undefined : await verifyMigrations(client, migrationsDirectory)
    if (!(await hasBookkeeping(client))) return { migrated: false, dumps: [], fileProblems: [], migrations }
    const problems = await currentProblems(client)
    const failures = await recordedFailures(client)
    const dumps = (await dumpStatuses(client)).map((d) => ({ ...d, problems: problems.get(d.id) ?? [], failures: failures.get(d.id) ?? [] }))
    return { migrated: true, dumps, fileProblems: problems.get(0) ?? [], migrations }
  })
}

async function dumpStatuses(client: pg.Client): Promise<Omit<DumpStatus, 'problems' | 'failures'>[]> {
  const r = await client.query<Omit<DumpStatus, 'problems' | 'failures'>>(`
    SELECT d.id, d.file, d.application, d.version, d.region, to_char(d.exported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "exportedAt", d.state,
      count(l.*) FILTER (WHERE l.status = 'loaded')::int AS "membersLoaded",
      count(l.*) FILTER (WHERE l.status = 'failed')::int AS "membersFailed",
      coalesce(sum(l.rows_in_file), 0)::bigint::float8 AS "rowsInFiles",
      coalesce(sum(l.rows_loaded), 0)::bigint::float8 AS "rowsLoaded",
      coalesce(sum(l.rows_rejected), 0)::bigint::float8 AS "rowsRejected",
      coalesce(sum(l.bytes) FILTER (WHERE l.status = 'loaded'), 0)::bigint::float8 AS "bytesLoaded",
      extract(epoch FROM max(l.finished_at) FILTER (WHERE l.status = 'loaded' AND l.started_at IS NOT NULL)
        - min(l.started_at) FILTER (WHERE l.status = 'loaded'))::float8 AS "loadSeconds",
      (SELECT l2.error FROM heirloom.loads l2 WHERE l2.dump_id = d.id AND l2.status = 'failed' ORDER BY l2.finished_at DESC LIMIT 1) AS "lastError"
    FROM heirloom.dumps d LEFT JOIN heirloom.loads l ON l.dump_id = d.id
    GROUP BY d.id ORDER BY d.exported_at NULLS FIRST, d.id`)
  return r.rows
}

/** Whether the bookkeeping holds something that failed or an error still current: `status` then exits 1. */
export function statusFailed(report: StatusReport): boolean {
  const errors = (ps: readonly RecordedProblem[]): boolean => ps.some((p) => p.severity === 'error')
  return errors(report.fileProblems) || report.dumps.some((d) => d.membersFailed > 0 || d.failures.length > 0 || errors(d.problems))
}
