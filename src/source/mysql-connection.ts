import mysql from 'mysql2'
import { redactConnectionString } from '../db/connection-string'
import { HeirloomError } from '../errors'
import type { LiveSource } from '../config/config'

/** How a source is named in messages: its name and its URL without the password. */
export function sourceLabel(source: LiveSource): string {
  return `source ${source.name} (${redactConnectionString(source.url)}, database ${source.database})`
}

/**
 * A pulled dump's `file` in the bookkeeping and in messages: the source's
 * name, host and database (no password, no `/`: messages name a dump by its
 * file's base name). `livePullPrefix` finds a source's earlier pulls by it.
 */
export function liveDumpLabel(source: LiveSource): string {
  const u = new URL(source.url)
  return `${livePullPrefix(source)}${u.host === '' ? 'localhost' : u.host}, database ${source.database})`
}

export function livePullPrefix(source: LiveSource): string {
  return `source ${source.name} (`
}

/**
 * One connection to the source, as mysql2 options from its URL: utf8mb4, the
 * session in UTC (as `mysqldump --tab` does: TIMESTAMP values are written in
 * UTC), and a write timeout that lets the reader pause the server.
 */
export async function connectSource(source: LiveSource): Promise<mysql.Connection> {
  const u = new URL(source.url)
  const connection = mysql.createConnection({
    host: u.hostname === '' ? 'localhost' : u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port === '' ? 3306 : Number(u.port),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: source.database,
    charset: 'utf8mb4_general_ci',
    connectTimeout: 10_000,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
  })
  // A fatal error (the connection lost) also fails the query in progress, which reports it with its table: never an unhandled 'error' event.
  connection.on('error', () => undefined)
  try {
    await connection.promise().connect()
    await connection.promise().query("SET SESSION time_zone = '+00:00', SESSION net_write_timeout = 3600")
    await connection.promise().query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ')
  } catch (e) {
    connection.destroy()
    throw sourceError(source, undefined, e)
  }
  return connection
}

interface MysqlErrorFields { readonly code?: string; readonly errno?: number; readonly sqlMessage?: string; readonly message?: string; readonly fatal?: boolean }

/**
 * A source failure as a HeirloomError: what happened, where (the table when
 * there is one), and what to do. Never quotes the URL's password (the server's
 * messages do not hold it: "using password: YES").
 */
export function sourceError(source: LiveSource, table: string | undefined, e: unknown): HeirloomError {
  const err = (typeof e === 'object' && e !== null ? e : {}) as MysqlErrorFields
  const where = `${sourceLabel(source)}${table === undefined ? '' : `, table ${table}`}`
  const said = err.sqlMessage ?? err.message ?? String(e)
  const rerun = `nothing of this pull was loaded: the region stays on its previous snapshot; run \`heirloom pull ${source.name}\` again`
  const make = (what: string, hint: string): HeirloomError => new HeirloomError('SOURCE_FAILED', `${where}: ${what}`, hint, { cause: e })
  // A query on a connection lost while idle is refused by mysql2 with a fatal error of no code ("Can't add new command when connection is in closed state").
  const code = err.code ?? (err.fatal === true ? 'PROTOCOL_CONNECTION_LOST' : undefined)
  switch (code) {
    case 'ECONNREFUSED': case 'ENOTFOUND': case 'EAI_AGAIN': case 'ETIMEDOUT': case 'EHOSTUNREACH':
      return make(`the server cannot be reached (${code})`, `check the host and port in sources.url and that the server runs; ${rerun}`)
    case 'ER_ACCESS_DENIED_ERROR': case 'ER_NOT_SUPPORTED_AUTH_MODE':
      return make(`the server refused the login: ${said}`, 'check the user and the password (give it as ${VAR} in sources.url, set in the environment)')
    case 'ER_DBACCESS_DENIED_ERROR': case 'ER_TABLEACCESS_DENIED_ERROR': case 'ER_COLUMNACCESS_DENIED_ERROR': case 'ER_SPECIFIC_ACCESS_DENIED_ERROR':
      return make(`the user lacks a grant: ${said}`, `GRANT SELECT ON ${source.database}.* to the user of sources.url; ${rerun}`)
    case 'ER_BAD_DB_ERROR':
      return make(`the database does not exist: ${said}`, 'check sources.database')
    case 'ER_NO_SUCH_TABLE': case 'ER_TABLE_DEF_CHANGED': case 'ER_BAD_FIELD_ERROR':
      return make(`the table was dropped or altered during the pull: ${said}`, rerun)
    case 'PROTOCOL_CONNECTION_LOST': case 'ECONNRESET': case 'EPIPE': case 'ER_SERVER_SHUTDOWN': case 'ER_CONNECTION_KILLED': case 'ER_QUERY_INTERRUPTED':
      return make(`the connection was lost (${code})`, rerun)
    default:
      return make(said, rerun)
  }
}
