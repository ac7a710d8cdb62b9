import type pg from 'pg'
import type { TableLoadCounts } from '../schema/table-load'
import { assertBookkeeping } from './database'
import { verifyMigrations, type MigrationsStatus } from './migration-checksums'
import type { RecordedDump } from './status'

/** A dump as the bookkeeping has it. */
export interface ReportDump extends RecordedDump {
  readonly firstSeenAt: string
}

/** One table of one dump: its members' loads added up. */
export interface ReportLoad extends TableLoadCounts {
  readonly dumpId: number
  /** From the first member's start to the last one's end; null when no timing was kept. */
  readonly seconds: number | null
}

export interface ReportFailure {
  readonly dumpId: number
  readonly table: string
  readonly member: string
  readonly code: string
  readonly message: string
  readonly hint: string | null
}

export interface ReportRejectGroup {
  readonly reason: string
  readonly count: number
  /** A few raw lines with this reason, each cut to REJECT_SAMPLE_CHARS. */
  readonly samples: readonly { readonly file: string; readonly member: string; readonly line: number; readonly raw: string }[]
}

/** What `heirloom report` reads from the database: its catalog and heirloom's bookkeeping. */
export interface ReportData {
  /** Mother → its child tables, from pg_inherits (a mother is a table of the schema that inherits nothing). */
  readonly children: ReadonlyMap<string, readonly string[]>
  readonly dumps: readonly ReportDump[]
  readonly loads: readonly ReportLoad[]
  readonly failures: readonly ReportFailure[]
  readonly rejectGroups: readonly ReportRejectGroup[]
  /** All rejects, however many reasons there are. */
  readonly rejectsTotal: number
  readonly migrations: MigrationsStatus
}

export const REJECT_REASONS_SHOWN = 50
export const REJECT_SAMPLES = 3
export const REJECT_SAMPLE_CHARS = 300

const UTC = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`

/** Reads everything the report shows, in one connection; the leaves' layout stays behind these queries. */
export async function readReportData(client: pg.Client, schema: string, migrationsDirectory: string): Promise<ReportData> {
  await assertBookkeeping(client)
  const migrations = await verifyMigrations(client, migrationsDirectory)
  const inherits = await client.query<{ mother: string; child: string }>(`
    SELECT p.relname AS mother, c.relname AS child FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace
    WHERE n.nspname = $1 AND NOT EXISTS (SELECT 1 FROM pg_inherits up WHERE up.inhrelid = p.oid)
    ORDER BY 1, 2`, [schema])
  const children = new Map<string, string[]>()
  for (const r of inherits.rows) children.set(r.mother, [...(children.get(r.mother) ?? []), r.child])
  const dumps = await client.query<ReportDump>(`
    SELECT id, file, application, version, region, ${UTC('exported_at')} AS "exportedAt", ${UTC('first_seen_at')} AS "firstSeenAt", state
    FROM heirloom.dumps ORDER BY application, region, exported_at NULLS FIRST, id`)
  const loads = await client.query<ReportLoad>(`
    SELECT dump_id AS "dumpId", table_name AS table, count(*)::int AS members, count(*) FILTER (WHERE status = 'failed')::int AS failed,
      coalesce(sum(rows_loaded), 0)::float8 AS loaded, coalesce(sum(rows_rejected), 0)::float8 AS rejected, coalesce(sum(bytes), 0)::float8 AS bytes,
      extract(epoch FROM max(finished_at) FILTER (WHERE status = 'loaded') - min(started_at) FILTER (WHERE status = 'loaded'))::float8 AS seconds
    FROM heirloom.loads GROUP BY dump_id, table_name ORDER BY dump_id, table_name`)
  const failures = await client.query<ReportFailure>(`
    SELECT dump_id AS "dumpId", table_name AS table, member, coalesce(error_code, 'DATABASE') AS code, coalesce(error, 'failed') AS message, hint
    FROM heirloom.loads WHERE status = 'failed' ORDER BY dump_id, table_name, member`)
  const total = await client.query<{ n: number }>('SELECT count(*)::float8 AS n FROM heirloom.rejects')
  const groups = await client.query<{ reason: string; count: number; samples: ReportRejectGroup['samples'] }>(`
    WITH top AS (SELECT reason, count(*)::float8 AS count FROM heirloom.rejects GROUP BY reason ORDER BY count(*) DESC, reason LIMIT $1)
    SELECT top.reason, top.count, (SELECT coalesce(json_agg(s), '[]') FROM (
      SELECT d.file, r.member, r.line::float8 AS line, left(r.raw, $3) AS raw FROM heirloom.rejects r JOIN heirloom.dumps d ON d.id = r.dump_id
      WHERE r.reason = top.reason ORDER BY r.id LIMIT $2) s) AS samples
    FROM top ORDER BY top.count DESC, top.reason`, [REJECT_REASONS_SHOWN, REJECT_SAMPLES, REJECT_SAMPLE_CHARS])
  return { children, dumps: dumps.rows, loads: loads.rows, failures: failures.rows, rejectGroups: groups.rows, rejectsTotal: total.rows[0].n, migrations }
}
