import { withPool } from '../ingest/pool'
import { scanDumps, type ScanReport } from '../ingest/scan-dumps'
import { configFrom, type ConfigSource } from './config-source'

export type { ScanReport }

/**
 * Lists the dumps of `dumps.path`: identity, tables, members and every
 * problem found (central directories and schema files only; no data is
 * read, no database is touched).
 */
export async function scan(source?: ConfigSource): Promise<ScanReport> {
  const config = configFrom(source)
  return withPool(config.ingest.workers, (pools) => scanDumps(config, pools))
}
