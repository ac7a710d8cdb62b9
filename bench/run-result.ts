/** What one timed run produced, or why it did not run. */
export type RunOutcome =
  | {
    readonly kind: 'measured'
    readonly label: string
    readonly group: 'baseline' | 'heirloom'
    readonly seconds: number
    readonly peakRssBytes: number
    /** Bytes the loader read: the uncompressed data file or member. */
    readonly inputBytes: number
    readonly rows: number
    /** count + hash of every loaded row's text: equal across runs = identical data landed. */
    readonly checksum: string | undefined
  }
  | { readonly kind: 'skipped' | 'failed'; readonly label: string; readonly group: 'baseline' | 'heirloom'; readonly reason: string }

/** A run that threw: recorded, so one broken run does not lose the others' numbers. */
export function failedRun(label: string, group: 'baseline' | 'heirloom', e: unknown): RunOutcome {
  return { kind: 'failed', label, group, reason: `FAILED: ${e instanceof Error ? e.message : String(e)}` }
}

/** Labels the report's ratio columns refer to. */
export const UNZIP_PSQL = 'unzip -p | psql \\copy'
export const PGLOADER = 'pgloader csv'

/** The count and row-hash query that proves what a table holds, independent of physical order. */
export function checksumSql(table: string, columns: readonly string[]): string {
  return `SELECT count(*)::text || ':' || coalesce(sum(hashtext(ROW(${columns.join(', ')})::text)::bigint), 0)::text AS checksum FROM ${table}`
}
