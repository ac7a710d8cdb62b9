import { hasBookkeeping, withClient } from './database'

/** What the bookkeeping says, as numbers for monitoring (`status --metrics`, `watch --metrics-port`). */
export interface MetricsSnapshot {
  /** False before `heirloom migrate`: every list is empty. */
  readonly migrated: boolean
  /** Rows of the dumps not superseded, per mother table. */
  readonly tables: readonly { readonly table: string; readonly loaded: number; readonly rejected: number }[]
  readonly dumpsByState: readonly { readonly state: string; readonly count: number }[]
  /** When a dump of each (application, region) last finished loading, in seconds since the epoch. */
  readonly lastSuccess: readonly { readonly application: string; readonly region: string; readonly seconds: number }[]
  /** Standing failures by error code: members whose last load failed, and errors the last run found in dumps and files. */
  readonly failures: readonly { readonly code: string; readonly count: number }[]
}

/** Reads the numbers of a MetricsSnapshot in one connection. */
export async function readMetricsSnapshot(url: string): Promise<MetricsSnapshot> {
  return withClient(url, async (client) => {
    if (!(await hasBookkeeping(client))) return { migrated: false, tables: [], dumpsByState: [], lastSuccess: [], failures: [] }
    const tables = await client.query<{ table: string; loaded: number; rejected: number }>(`
      SELECT l.table_name AS table, coalesce(sum(l.rows_loaded), 0)::float8 AS loaded, coalesce(sum(l.rows_rejected), 0)::float8 AS rejected
      FROM heirloom.loads l JOIN heirloom.dumps d ON d.id = l.dump_id
      WHERE l.status = 'loaded' AND d.state <> 'superseded' GROUP BY 1 ORDER BY 1`)
    const states = await client.query<{ state: string; count: number }>('SELECT state, count(*)::int AS count FROM heirloom.dumps GROUP BY 1 ORDER BY 1')
    const last = await client.query<{ application: string; region: string; seconds: number }>(`
      SELECT application, region, extract(epoch FROM max(loaded_at))::float8 AS seconds FROM heirloom.dumps
      WHERE loaded_at IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`)
    const failures = await client.query<{ code: string; count: number }>(`
      SELECT code, count(*)::int AS count FROM (
        SELECT coalesce(error_code, 'DATABASE') AS code FROM heirloom.loads WHERE status = 'failed'
        UNION ALL SELECT code FROM heirloom.problems WHERE severity = 'error') f
      GROUP BY 1 ORDER BY 1`)
    return { migrated: true, tables: tables.rows, dumpsByState: states.rows, lastSuccess: last.rows, failures: failures.rows }
  })
}
