import type { Config } from '../config/config'
import type { DumpProblem } from '../dump/dump-problem'
import { plaintextFolder, removeLeftoverPlaintexts } from '../dump/decrypt-dump'
import { findDumps, noDumpsFound } from '../dump/find-dumps'
import type { ScannedDump } from '../dump/scan-dump'
import type { WorkerPools } from './pool'
import type { ScanResult } from './scan-worker'

export interface ScanReport {
  readonly dumps: readonly ScannedDump[]
  /** Dumps that could not be read at all (not a ZIP, empty, no version, …), or `dumps.path` when it holds no dump. */
  readonly failed: readonly (ScanResult & { status: 'failed' })[]
}

/** Scans every dump of `dumps.path` (or only `only` of them: `watch` leaves out the dumps still arriving) in the worker pool, one task per dump. */
export async function scanDumps(config: Config, pools: WorkerPools, only?: (file: string) => boolean): Promise<ScanReport> {
  removeLeftoverPlaintexts(plaintextFolder(config.root))
  const files = findDumps(config.dumps.path, config.file).filter((f) => only === undefined || only(f))
  if (files.length === 0) {
    const e = noDumpsFound(config.dumps.path, config.file)
    return { dumps: [], failed: [{ status: 'failed', file: config.dumps.path, code: e.code, message: e.message, hint: e.hint }] }
  }
  const results = await Promise.all(files.map((file) => pools.scan({ file, config })))
  // Decrypted copies live as long as the use case: its pools end with them.
  pools.removeAtEnd(results.flatMap((r) => (r.status === 'scanned' && r.dump.plaintext !== undefined ? [r.dump.plaintext] : [])))
  return {
    dumps: results.flatMap((r) => (r.status === 'scanned' ? [r.dump] : [])),
    failed: results.flatMap((r) => (r.status === 'failed' ? [r] : [])),
  }
}

/** The files a scan could not take as dumps, as problems of the file (no dump to hang them on). */
export function unreadableProblems(scan: ScanReport): DumpProblem[] {
  return scan.failed.map((f) => ({ file: f.file, member: undefined, severity: 'error', code: f.code, message: f.message, hint: f.hint }))
}

/** Every error the scan found: unreadable files and the problems of the dumps it read. */
export function scanErrors(scan: ScanReport): DumpProblem[] {
  return [...unreadableProblems(scan), ...scan.dumps.flatMap((d) => d.problems.filter((p) => p.severity === 'error'))]
}
