import type pg from 'pg'
import type { PostgresErrorFields } from '../errors'
import type { StepRef } from './bookkeeping'

interface FailureRecord {
  /** Mother and child table; empty for a dump's 'settle' step. */
  readonly table: string
  readonly child: string
  readonly code: string
  readonly message: string
  readonly hint: string | null
  /** What PostgreSQL said (SQLSTATE, detail, hint …), when the database refused something. */
  readonly postgres: PostgresErrorFields | null
  /** When it failed (UTC, ISO 8601). */
  readonly at: string
}

/** A failure the bookkeeping holds: a member whose last load failed, or a step after the loads not done yet. */
export type RecordedFailure =
  | ({ readonly kind: 'member'; readonly member: string } & FailureRecord)
  | ({ readonly kind: 'step'; readonly step: StepRef['step'] } & FailureRecord)

type Row = FailureRecord & { readonly dumpId: number; readonly kind: 'member' | 'step'; readonly name: string }

/** The failures standing in the bookkeeping, per dump id, oldest first. */
export async function recordedFailures(client: pg.Client): Promise<Map<number, RecordedFailure[]>> {
  const at = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`
  const r = await client.query<Row>(`
    SELECT dump_id AS "dumpId", 'member' AS kind, member AS name, table_name AS table, child, coalesce(error_code, 'DATABASE') AS code,
      coalesce(error, 'failed') AS message, hint, cause AS postgres, ${at('finished_at')} AS at
    FROM heirloom.loads WHERE status = 'failed'
    UNION ALL
    SELECT dump_id, 'step', step, table_name, child, error_code, error, hint, cause, ${at('failed_at')}
    FROM heirloom.unfinished_steps WHERE error IS NOT NULL
    ORDER BY 1, 10, 2, 3`)
  const out = new Map<number, RecordedFailure[]>()
  for (const { dumpId, kind, name, ...record } of r.rows) {
    const failure: RecordedFailure = kind === 'member' ? { kind, member: name, ...record } : { kind, step: name as StepRef['step'], ...record }
    out.set(dumpId, [...(out.get(dumpId) ?? []), failure])
  }
  return out
}
