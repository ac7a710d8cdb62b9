import type { Config } from '../config/config'
import { withDatabase } from '../db/database'
import { migrate, type MigrateReport } from '../db/migrate'
import { generateMigrations, type GenerateReport } from '../migrations/generate'
import { ingestDumps, type IngestOptions, type IngestReport } from '../ingest/ingest'
import { withPool } from '../ingest/pool'
import { scanDumps, scanErrors, unreadableProblems, type ScanReport } from '../ingest/scan-dumps'

export interface RunReport {
  readonly scan: ScanReport
  readonly generate: GenerateReport
  /** Undefined on a dry run: nothing is applied. */
  readonly migrate: MigrateReport | undefined
  readonly ingest: IngestReport | undefined
  readonly ok: boolean
}

/** The ingest's options, and a callback per stage told its result as the stage ends, before the next starts. */
export interface RunOptions extends IngestOptions {
  readonly onScanned?: (scan: ScanReport) => void
  readonly onGenerated?: (generate: GenerateReport) => void
  readonly onMigrated?: (migrate: MigrateReport) => void
}

/** scan → generate → migrate → ingest. A dry run scans and plans only. */
export async function runPipeline(config: Config, options: RunOptions = {}): Promise<RunReport> {
  return withPool(config.ingest.workers, async (pool) => {
    const scan = await scanDumps(config, pool)
    options.onScanned?.(scan)
    const generate = generateMigrations(config, scan.dumps, { dryRun: options.dryRun })
    options.onGenerated?.(generate)
    if (options.dryRun === true) return { scan, generate, migrate: undefined, ingest: undefined, ok: scanErrors(scan).length === 0 && generate.refused.length === 0 }
    return withDatabase(config, async (url) => {
      const migrated = await migrate(config, url)
      options.onMigrated?.(migrated)
      const ingest = await ingestDumps(config, url, pool, scan.dumps, { ...options, unreadable: unreadableProblems(scan) })
      return { scan, generate, migrate: migrated, ingest, ok: ingest.ok && generate.refused.length === 0 }
    })
  })
}
