import type { WorkerPools } from '../../src/ingest/pool'
import type { Config } from '../../src/config/config'
import { migrate, type MigrateReport } from '../../src/db/migrate'
import { findDumps } from '../../src/dump/find-dumps'
import { scanDump, type ScannedDump } from '../../src/dump/scan-dump'
import { ingestDumps, type IngestReport } from '../../src/ingest/ingest'
import { generateMigrations, type GenerateReport } from '../../src/migrations/generate'
import { tableNamesFor } from '../../src/use-cases/tables'

/** Every dump of the config's folder, scanned in this process (no pool: a handful of small ZIPs). */
export async function scanAll(config: Config): Promise<ScannedDump[]> {
  return Promise.all(findDumps(config.dumps.path, config.file).map((f) => scanDump(f, config)))
}

/** One step of a drift series: generate for whatever dumps the folder now holds, then migrate. */
export async function generateAndMigrate(config: Config, url: string): Promise<{ generate: GenerateReport; migrate: MigrateReport; dumps: ScannedDump[] }> {
  const dumps = await scanAll(config)
  const generate = generateMigrations(config, dumps)
  return { generate, migrate: await migrate(config, url), dumps }
}

/** Loads what is not loaded yet; fails the test on anything but a clean load. */
export async function ingestAll(config: Config, url: string, pools: WorkerPools, dumps: readonly ScannedDump[]): Promise<IngestReport> {
  const report = await ingestDumps(config, url, pools, dumps, tableNamesFor(config, dumps))
  if (!report.ok) throw new Error(`ingest failed: ${JSON.stringify(report, null, 2)}`)
  return report
}
