import type { Config, LiveSource } from '../config/config'
import type { ScannedDump } from '../dump/scan-dump'
import { isHeirloomError, messageOf, type ErrorCode } from '../errors'
import { liveDump } from './live-dump'
import { connectSource, liveDumpLabel } from './mysql-connection'
import { snapshotFacts, sourceTables, startSnapshot } from './read-source-schema'

export type SourceScan =
  | { readonly status: 'scanned'; readonly dump: ScannedDump }
  | { readonly status: 'failed'; readonly file: string; readonly code: ErrorCode; readonly message: string; readonly hint: string | undefined }

/**
 * Each source as the dump a pull would load now (for `scan` and `generate
 * [--check]`): connects, reads the tables' columns, and the export time and
 * version inside a snapshot; no row. A source that cannot be read is a
 * failure naming it.
 */
export async function scanSources(config: Config): Promise<SourceScan[]> {
  return Promise.all(config.sources.map((s) => scanSource(config, s)))
}

async function scanSource(config: Config, source: LiveSource): Promise<SourceScan> {
  try {
    const connection = await connectSource(source)
    try {
      const db = connection.promise()
      const tables = await sourceTables(db, source)
      await startSnapshot(db, source)
      return { status: 'scanned', dump: liveDump(config, source, tables, await snapshotFacts(db, source)) }
    } finally {
      connection.destroy()
    }
  } catch (e) {
    if (isHeirloomError(e)) return { status: 'failed', file: liveDumpLabel(source), code: e.code, message: e.message, hint: e.hint }
    return { status: 'failed', file: liveDumpLabel(source), code: 'SOURCE_FAILED', message: `${liveDumpLabel(source)}: ${messageOf(e)}`, hint: undefined }
  }
}
