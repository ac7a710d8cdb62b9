import type { Config } from '../config/config'
import { withPool, type WorkerPools } from '../ingest/pool'
import { scanDumps, type ScanReport } from '../ingest/scan-dumps'
import { scanSources } from '../source/scan-sources'
import { configFrom, type ConfigSource } from './config-source'

export type { ScanReport }

/**
 * Lists the dumps of `dumps.path` and the configured live sources:
 * identity, tables, members and every problem found (central directories,
 * schema files, a source's INFORMATION_SCHEMA and version; no data is read,
 * no PostgreSQL database is touched).
 */
export async function scan(source?: ConfigSource): Promise<ScanReport> {
  const config = configFrom(source)
  return withPool(config.ingest.workers, (pools) => scanDumpsAndSources(config, pools))
}

/** The dumps folder's scan and the sources' (`scanSources`); an empty dumps folder is no error when sources are configured. */
export async function scanDumpsAndSources(config: Config, pools: WorkerPools): Promise<ScanReport> {
  const [files, sources] = await Promise.all([scanDumps(config, pools), scanSources(config)])
  const noDumps = (f: ScanReport['failed'][number]): boolean => config.sources.length > 0 && f.code === 'CONFIG_INVALID' && f.file === config.dumps.path && files.dumps.length === 0
  return {
    dumps: [...files.dumps, ...sources.flatMap((s) => (s.status === 'scanned' ? [s.dump] : []))],
    failed: [...files.failed.filter((f) => !noDumps(f)), ...sources.flatMap((s) => (s.status === 'failed' ? [s] : []))],
  }
}
