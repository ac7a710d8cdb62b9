/**
 * The one error class of heirloom. Every failure a user can act on carries a
 * code from this closed union, a message that states the fact and the place,
 * and a hint that names the way out. Only `cli/` renders errors.
 */
export type ErrorCode =
  /** A configuration key is unknown, has the wrong type, or a path in it does not exist. */
  | 'CONFIG_INVALID'
  /** The configuration file could not be read or parsed as YAML. */
  | 'CONFIG_UNREADABLE'
  /** A command-line flag or argument is wrong. */
  | 'USAGE'
  /** A dump file is not a readable ZIP, or one of its members is corrupt. */
  | 'DUMP_UNREADABLE'
  /** A dump's identity (application, version, …) cannot be determined. */
  | 'DUMP_IDENTITY'
  /** A schema file inside a dump is malformed. */
  | 'SCHEMA_INVALID'
  /** A source column type is unknown and `types.strict` is on. */
  | 'TYPE_UNKNOWN'
  /** A data file does not match its format (e.g. header names no column). */
  | 'DATA_INVALID'
  /** A member's child table does not exist: migrations are missing or not applied. */
  | 'CHILD_TABLE_MISSING'
  /** More rows were rejected than `ingest.maxRejects` allows. */
  | 'TOO_MANY_REJECTS'
  /** Migrations exist that the dumps need but were not generated or applied. */
  | 'MIGRATIONS_MISSING'
  /** A table has more columns than PostgreSQL allows in one table (1,600): no migration is written for it. */
  | 'TABLE_TOO_WIDE'
  /** The database refused a statement or the connection. */
  | 'DATABASE'
  /** Another heirloom process did the same work at the same moment. */
  | 'CONCURRENT_RUN'
  /** The embedded PostgreSQL server could not be started or stopped. */
  | 'EMBEDDED_SERVER'

export class HeirloomError extends Error {
  override readonly name = 'HeirloomError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

export function isHeirloomError(e: unknown): e is HeirloomError {
  return e instanceof HeirloomError
}

/** The message of any thrown value, for places that must turn it into text. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
