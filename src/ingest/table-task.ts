import type { IngestMode, ParallelCopy } from '../config/config'
import type { Failure } from '../errors'
import type { Dialect, TargetColumn } from '../schema/model'
import type { DataFormat } from '../schema/data-format'
import type { LiveTable } from '../dump/scan-dump'

/**
 * Everything a worker needs to load one table of one dump — all its data
 * members (split parts) in one transaction: plain data, cloned into the
 * worker thread.
 */
export interface TableTask {
  readonly url: string
  readonly dumpFile: string
  /** The decrypted copy to read instead of `dumpFile` (encrypted dumps). */
  readonly readFrom?: string
  readonly dumpId: number
  readonly application: string
  readonly region: string
  /** Data members in part order. */
  readonly members: readonly string[]
  /** Mother table (for bookkeeping, locks and replacement). */
  readonly table: string
  readonly schema: string
  readonly child: string
  /** In the schema file's field order; types as the child table really has them. */
  readonly columns: readonly TargetColumn[]
  /** The data file's header row decides the field order (ezETL schema form). */
  readonly fieldOrderFromHeader: boolean
  readonly format: DataFormat
  readonly dialect: Dialect
  readonly timezone: string | undefined
  readonly mode: IngestMode
  readonly maxRejects: number
  readonly maxMemberBytes: number
  /** `ingest.maxRecordBytes`: a longer record is a reject, read past without being held whole. */
  readonly maxRecordBytes: number
  /** `ingest.parallelCopy`: absent, every member loads on one stream. */
  readonly parallelCopy?: ParallelCopy
  /** A live source's table (`heirloom pull`): its member is read from the snapshot session's connection (live/live-session.ts), not from a ZIP. */
  readonly live?: LiveTable
}

export type MemberResult =
  | { readonly status: 'loaded'; readonly member: string; readonly rows: number; readonly loaded: number; readonly rejected: number; readonly warnings: readonly string[]
    /** The member's inflated bytes, and the seconds its load took. */
    readonly bytes: number; readonly seconds: number }
  | { readonly status: 'skipped'; readonly member: string; readonly reason: string }
  | ({ readonly status: 'failed'; readonly member: string } & Failure)
