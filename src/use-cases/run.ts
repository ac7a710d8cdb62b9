import { withDatabase } from '../db/database'
import { migrate as applyMigrations, type MigrateReport } from '../db/migrate'
import { generateMigrations, type GenerateReport } from '../migrations/generate'
import { ingestDumps, type IngestOptions as LoadOptions, type IngestReport } from '../ingest/ingest'
import { withPool, type WorkerPools } from '../ingest/pool'
import { scanDumps, scanErrors, unreadableProblems, type ScanReport } from '../ingest/scan-dumps'
import type { Config } from '../config/config'
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
    if (options.dryRun === true) {
      const generated = generateMigrations(config, scanned.dumps, { dryRun: true })
      options.onGenerated?.(generated)
      return { scan: scanned, generate: generated, migrate: undefined, ingest: undefined, ok: scanErrors(scanned).length === 0 && generated.refused.length === 0 }
    }
    return withDatabase(config, (url) => loadScanned(config, url, pools, scanned, { ...options, unreadable: unreadableProblems(scanned) }))
  })
}

/**
 * generate → migrate → ingest of dumps already scanned (files, or a live
 * source's snapshot: `pull`). `beforeIngest` runs once the bookkeeping
 * exists, before the first load.
 */
export async function loadScanned(config: Config, url: string, pools: WorkerPools, scanned: ScanReport, options: RunOptions & Pick<LoadOptions, 'unreadable'>, beforeIngest?: () => Promise<void>): Promise<RunReport> {
  const generated = generateMigrations(config, scanned.dumps)
  options.onGenerated?.(generated)
  const migrated = await applyMigrations(config, url)
  options.onMigrated?.(migrated)
  await beforeIngest?.()
  const names = tableNamesFor(config, scanned.dumps)
  const loaded = await ingestDumps(config, url, pools, scanned.dumps, names, options)
  return { scan: scanned, generate: generated, migrate: migrated, ingest: loaded, ok: loaded.ok && generated.refused.length === 0 }
}
