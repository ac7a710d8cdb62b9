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
  /** A dump holds no table: an empty ZIP, or no schema file in it. */
  | 'DUMP_EMPTY'
  /** A table's schema file has no data file beside it: the table is not loaded. */
  | 'DATA_MISSING'
  /** Two members of a dump claim one name or one table (same name twice, the same table at two depths): that table is not loaded. */
  | 'MEMBER_AMBIGUOUS'
  /** A member's name holds `..`, an absolute path or a drive letter: that member is refused. */
  | 'MEMBER_NAME_UNSAFE'
  /** A member is encrypted with a ZIP password, which heirloom does not read. */
  | 'MEMBER_ENCRYPTED'
  /** An OpenPGP-encrypted dump could not be decrypted: no or a wrong passphrase or key, or the file was altered or cut short (its integrity check failed). Nothing of it is loaded. */
  | 'DECRYPTION_FAILED'
  /** A value was loaded changed, as documented (a MySQL zero date as NULL): a warning, kept with the dump. */
  | 'VALUE_CHANGED'
  /** A schema file inside a dump is malformed. */
  | 'SCHEMA_INVALID'
  /** A source column type is unknown: an error under `types.strict`, else a warning (loaded as text). */
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
  /** The connection to PostgreSQL broke mid-work (server restart, terminated session): what was in progress was rolled back. */
  | 'CONNECTION_LOST'
  /** Another heirloom process did the same work at the same moment. */
  | 'CONCURRENT_RUN'
  /** The embedded PostgreSQL server could not be started or stopped. */
  | 'EMBEDDED_SERVER'
  /** A switch to a new snapshot (or a forget) gave up waiting for readers' locks on the tables: nothing changed, the next run tries again. */
  | 'LOCKS_BUSY'
  /** The command was stopped by Ctrl-C (SIGINT) or SIGTERM; its unfinished transactions were rolled back. */
  | 'INTERRUPTED'
  /** A live source (`sources`) could not be read whole: unreachable, a refused login or grant, a table dropped or the connection lost mid-pull. Nothing of that pull is loaded. */
  | 'SOURCE_FAILED'

export class HeirloomError extends Error {
  override readonly name = 'HeirloomError'
  /** The fields of the PostgreSQL error this one wraps (found along the `cause` chain), if any. */
  readonly postgres: PostgresErrorFields | undefined
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.postgres = postgresFieldsOf(options?.cause)
  }
}

/**
 * What PostgreSQL said about an error beyond its message, as node-postgres
 * hands it over: kept whole in results, bookkeeping and output, since its
 * hint is often the way out ("You might need to increase max_locks_per_transaction.").
 */
export interface PostgresErrorFields {
  /** SQLSTATE, e.g. `57P01` (terminated by an administrator), `53200` (out of shared memory). */
  readonly sqlstate: string
  readonly severity: string
  readonly message: string
  readonly detail?: string
  readonly hint?: string
  readonly schema?: string
  readonly table?: string
  readonly column?: string
  readonly dataType?: string
  readonly constraint?: string
  /** The context: the PL/pgSQL function, the COPY line. */
  readonly where?: string
}

const OPTIONAL_FIELDS = ['detail', 'hint', 'schema', 'table', 'column', 'dataType', 'constraint', 'where'] as const

/** The PostgreSQL fields of an error, or of the first error along its `cause` chain that has them. */
export function postgresFieldsOf(e: unknown): PostgresErrorFields | undefined {
  for (let at = e, depth = 0; at instanceof Error && depth < 8; at = at.cause, depth++) {
    if (at instanceof HeirloomError) return at.postgres
    const fields = at as Error & Record<string, unknown>
    // A server error has a five-character SQLSTATE and a severity; a socket error's code (ECONNRESET) has no severity.
    if (typeof fields.code !== 'string' || !/^[0-9A-Z]{5}$/.test(fields.code) || typeof fields.severity !== 'string') continue
    const optional: Record<string, string> = {}
    for (const key of OPTIONAL_FIELDS) if (typeof fields[key] === 'string' && fields[key] !== '') optional[key] = fields[key]
    return { sqlstate: fields.code, severity: fields.severity, message: at.message, ...optional }
  }
  return undefined
}

export function isHeirloomError(e: unknown): e is HeirloomError {
  return e instanceof HeirloomError
}

/**
 * A failure as a result carries it, for the run to go on with the rest: the
 * fact and the place, the way out, PostgreSQL's own fields, and whether the
 * bookkeeping could record it.
 */
export interface Failure {
  readonly code: ErrorCode
  readonly message: string
  readonly hint: string | undefined
  /** What PostgreSQL said, when the database refused something. */
  readonly postgres?: PostgresErrorFields
  /** Why the failure could not be written to heirloom's bookkeeping; absent when it was. */
  readonly unrecorded?: string
}

/** The message of any thrown value, for places that must turn it into text. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
