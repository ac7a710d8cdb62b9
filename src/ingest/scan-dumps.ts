import type { Piscina } from 'piscina'
import type { Config } from '../config/config'
import { findDumps } from '../dump/find-dumps'
import type { ScannedDump } from '../dump/scan-dump'
import type { ScanResult } from './worker'

export interface ScanReport {
  readonly dumps: readonly ScannedDump[]
  /** Dumps that could not be read at all (not a ZIP, no version, …). */
  readonly failed: readonly (ScanResult & { status: 'failed' })[]
}

/** Scans every dump of `dumps.path` in the worker pool, one task per dump. */
export async function scanDumps(config: Config, pool: Piscina): Promise<ScanReport> {
  const files = findDumps(config.dumps.path, config.file)
  const results = await Promise.all(files.map((file) => pool.run({ file, config }, { name: 'scan' }) as Promise<ScanResult>))
  return {
    dumps: results.flatMap((r) => (r.status === 'scanned' ? [r.dump] : [])),
    failed: results.flatMap((r) => (r.status === 'failed' ? [r] : [])),
  }
}
