import { HeirloomError } from '../errors'
import type { Dialect } from '../schema/model'
import type { DataFormat } from '../schema/data-format'
import type { UserDialects } from '../schema/dialects'

export type IdentifierPolicy = 'lower' | 'snake' | 'preserve'
export type IngestMode = 'replace' | 'append'

/** A format reference as written in the config: a format name or an inline format. */
export type FormatRef = string | Partial<DataFormat>

export interface DumpDefaults {
  readonly application?: string
  readonly version?: string
  readonly region?: string
  readonly exportedAt?: string
  readonly dialect: Dialect
  readonly format: string
  /** Time zone of MySQL TIMESTAMP text; UTC when absent. */
  readonly timezone?: string
}

/** The parsed, validated and frozen configuration (docs/configuration.md). Paths are absolute. */
export interface Config {
  /** The config file it came from, or undefined when none was found (defaults only). */
  readonly file: string | undefined
  /** The folder relative paths were resolved against (the config file's folder, or the working directory). */
  readonly root: string
  /**
   * `url`: a PostgreSQL URL pg can read (a libpq key=value string already
   * converted), or undefined for the embedded server. It may hold a password:
   * show it only through `redactConnectionString`.
   */
  readonly database: { readonly url: string | undefined }
  readonly dumps: {
    readonly path: string
    readonly pattern: RegExp | undefined
    /** Set: the one schema-file extension; undefined: the defaults (`.json` and `.sql`, see `memberExts`). */
    readonly schemaExt: string | undefined
    /** Set: the one data-file extension; undefined: `.dat`, and `.txt` too for MySQL dumps (see `memberExts`). */
    readonly dataExt: string | undefined
    /** Largest inflated size a data member may declare or reach (ZIP-bomb guard). */
    readonly maxMemberBytes: number
    readonly defaults: DumpDefaults
    readonly tableFormats: Readonly<Record<string, FormatRef>>
    /** How encrypted dumps are opened; secrets already read from their files. Never print it. */
    readonly decrypt: DecryptSecrets
  }
  /** Live MySQL/MariaDB databases `heirloom pull` snapshots (`sources`). */
  readonly sources: readonly LiveSource[]
  /** Every known format by name: the built-ins, overridden and extended by the config. */
  readonly formats: Readonly<Record<string, DataFormat>>
  /** The dialects the config adds (`dialects`: name → type map file), read and checked, `extends` applied. */
  readonly dialects: UserDialects
  readonly types: {
    readonly strict: boolean
    readonly overrides: Readonly<Partial<Record<Dialect, Readonly<Record<string, string>>>>>
    /** `Table.Column` → PostgreSQL type text. */
    readonly columns: Readonly<Record<string, string>>
  }
  readonly target: {
    readonly schema: string
    readonly identifiers: IdentifierPolicy
    readonly child: string
    /** Source table → (old column name → new column name). */
    readonly renames: Readonly<Record<string, Readonly<Record<string, string>>>>
  }
  readonly migrations: { readonly directory: string }
  readonly watch: WatchSettings
  readonly ingest: {
    readonly workers: number
    readonly mode: IngestMode
    readonly maxRejects: number
    /** Longest record (row) the reader buffers: a longer one is a reject, read past without being held whole. */
    readonly maxRecordBytes: number
    /** A member inflating to at least `minBytes` is loaded through `streams` COPY connections at once (0 or 1 stream: never). */
    readonly parallelCopy: ParallelCopy
  }
}

/**
 * The secrets that open OpenPGP-encrypted dumps: a passphrase (`gpg
 * --symmetric`), a private key (`gpg --encrypt -r`, armoured or binary) and
 * the passphrase that unlocks it. Held in memory only: never logged, never in
 * a result, never in the bookkeeping.
 */
export interface DecryptSecrets {
  readonly passphrase?: string
  /** The private key file's path (absolute), read when a dump needs it. */
  readonly privateKeyFile?: string
  readonly privateKeyPassphrase?: string
}

/** `heirloom watch`: when a dump that arrived is complete, and how the folder is watched. */
export interface WatchSettings {
  /** A file's size and modification time must stay unchanged this long before it is taken. */
  readonly stabilityMs: number
  /** Poll the folder instead of relying on file-system events (network shares: NFS, SMB). */
  readonly usePolling: boolean
  readonly pollIntervalMs: number
}

export const DEFAULT_WATCH: WatchSettings = { stabilityMs: 5000, usePolling: false, pollIntervalMs: 2000 }

export const DEFAULT_DUMPS_PATH = './dumps'
export const DEFAULT_MIGRATIONS_DIRECTORY = './migrations'
export const DEFAULT_CHILD_PATTERN = '{table}_v{version}'
export const DEFAULT_MAX_REJECTS = 1000
/** 256 MiB: room for any real row, and the most memory one record may take while it is read. */
export const DEFAULT_MAX_RECORD_BYTES = 256 * 1024 ** 2

/** `ingest.parallelCopy`: how many COPY connections one large member is fed to, and from what inflated size. */
export interface ParallelCopy {
  readonly streams: number
  readonly minBytes: number
}

/** Below this a member loads on one stream: the extra connections and transactions cost more than they save. */
export const DEFAULT_PARALLEL_COPY_MIN_BYTES = 256 * 1024 ** 2
/** 64 GiB: far above any real member, far below what a ZIP bomb claims. */
export const DEFAULT_MAX_MEMBER_BYTES = 64 * 1024 ** 3

/** Resolves a per-table format reference against the known formats. */
export function resolveFormatRef(ref: FormatRef, formats: Readonly<Record<string, DataFormat>>, base: DataFormat): DataFormat {
  if (typeof ref === 'string') {
    const format = formats[ref]
    if (format === undefined) throw new HeirloomError('CONFIG_INVALID', `unknown format "${ref}"`, `use one of: ${Object.keys(formats).join(', ')}`)
    return format
  }
  return { ...base, ...ref }
}

/**
 * A live MySQL/MariaDB database that `heirloom pull` reads as one dump. `url`
 * may hold a password: show it only through `redactMysqlUrl`.
 */
export interface LiveSource {
  readonly name: string
  readonly url: string
  readonly database: string
  /** Globs of table names (case-insensitive); empty: every base table. */
  readonly tables: readonly string[]
  readonly application: string | undefined
  /** Either the version, or the query that reads it from the source. */
  readonly version: string | undefined
  readonly versionQuery: string | undefined
  readonly region: string | undefined
}
