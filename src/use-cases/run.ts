import { withDatabase } from '../db/database'
import { migrate as applyMigrations, type MigrateReport } from '../db/migrate'
import { generateMigrations, type GenerateReport } from '../migrations/generate'
import { ingestDumps, type IngestReport } from '../ingest/ingest'
import { withPool } from '../ingest/pool'
import { scanDumps, scanErrors, unreadableProblems, type ScanReport } from '../ingest/scan-dumps'
import { configFrom, type ConfigSource } from './config-source'
import type { IngestOptions } from './ingest'
import { tableNamesFor } from './tables'

/** The ingest's options, and a callback per stage told its result as the stage ends, before the next starts. */
export interface RunOptions extends IngestOptions {
  readonly onScanned?: (scan: ScanReport) => void
  readonly onGenerated?: (generate: GenerateReport) => void
  readonly onMigrated?: (migrate: MigrateReport) => void
}

export interface RunReport {
  readonly scan: ScanReport
  readonly generate: GenerateReport
  /** Undefined on a dry run: nothing is applied. */
  readonly migrate: MigrateReport | undefined
  readonly ingest: IngestReport | undefined
  readonly ok: boolean
}

/**
 * scan → generate → migrate → ingest, in one worker pool. A dry run scans and
 * plans only. `only` limits the run to some of the dumps (`watch` leaves out
 * those still arriving).
 */
export async function run(source?: ConfigSource, options: RunOptions = {}, only?: (file: string) => boolean): Promise<RunReport> {
  const config = configFrom(source)
  return withPool(config.ingest.workers, async (pools) => {
    const scanned = await scanDumps(config, pools, only)
    options.onScanned?.(scanned)
    const generated = generateMigrations(config, scanned.dumps, { dryRun: options.dryRun })
    options.onGenerated?.(generated)
    if (options.dryRun === true) return { scan: scanned, generate: generated, migrate: undefined, ingest: undefined, ok: scanErrors(scanned).length === 0 && generated.refused.length === 0 }
    return withDatabase(config, async (url) => {
      const migrated = await applyMigrations(config, url)
      options.onMigrated?.(migrated)
      const names = tableNamesFor(config, scanned.dumps)
      const loaded = await ingestDumps(config, url, pools, scanned.dumps, names, { ...options, unreadable: unreadableProblems(scanned) })
      return { scan: scanned, generate: generated, migrate: migrated, ingest: loaded, ok: loaded.ok && generated.refused.length === 0 }
    })
  })
}
