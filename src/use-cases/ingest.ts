import { withDatabase } from '../db/database'
import { ingestDumps, type IngestOptions as LoadOptions, type IngestReport } from '../ingest/ingest'
import { withPool } from '../ingest/pool'
import { scanDumps, unreadableProblems } from '../ingest/scan-dumps'
import { configFrom, type ConfigSource } from './config-source'
import { tableNamesFor } from './tables'

export type { IngestReport }

/** How an ingest runs: dry run, retrying failed members only, progress callbacks. */
export type IngestOptions = Omit<LoadOptions, 'unreadable'>

/**
 * Loads every data member not loaded yet, exactly once, with COPY in the
 * worker pool; rejected rows are recorded with line number and reason.
 * Needs the migrations applied (`migrate`).
 */
export async function ingest(source?: ConfigSource, options: IngestOptions = {}): Promise<IngestReport> {
  const config = configFrom(source)
  return withPool(config.ingest.workers, async (pools) => {
    const scanned = await scanDumps(config, pools)
    const names = tableNamesFor(config, scanned.dumps)
    return withDatabase(config, (url) => ingestDumps(config, url, pools, scanned.dumps, names, { ...options, unreadable: unreadableProblems(scanned) }))
  })
}
