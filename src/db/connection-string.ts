import { parse } from 'pg-connection-string'
import { messageOf } from '../errors'
import { keywordValueToUrl } from './keyword-value-string'

/**
 * What a `database.url` turned out to be: a PostgreSQL URL that pg can use,
 * or why not. The reason never quotes the text: it may hold a password.
 */
export type ParsedConnectionString =
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'invalid'; readonly reason: string }

/** What a shown connection string has instead of its password. */
export const REDACTED = '***'

/** Query keys (libpq's names, as pg reads them) whose values are secrets. */
const SECRET_KEYS: readonly string[] = ['password', 'sslpassword']

const URL_SCHEME = /^postgres(ql)?:\/\//i
const KEYWORD_VALUE = /^[A-Za-z_]+\s*=/

/**
 * Parses a connection string: a `postgres://` URL, or a libpq `key=value`
 * string, which becomes the equivalent URL (pg reads only URLs). A URL is
 * accepted when both the WHATWG URL parser (which redaction uses) and
 * pg-connection-string (which pg uses) accept it, so what is shown and what
 * connects are the same structure.
 */
export function parseConnectionString(text: string): ParsedConnectionString {
  const trimmed = text.trim()
  if (KEYWORD_VALUE.test(trimmed)) {
    const converted = keywordValueToUrl(trimmed)
    return converted.kind === 'url' ? checkUrl(converted.url) : converted
  }
  if (!URL_SCHEME.test(trimmed)) return { kind: 'invalid', reason: 'is neither a postgres:// (postgresql://) URL nor a libpq key=value string' }
  return checkUrl(trimmed)
}

function checkUrl(url: string): ParsedConnectionString {
  try {
    new URL(url)
  } catch {
    return { kind: 'invalid', reason: 'is not a valid URL: name the host, and percent-encode @ : / ? # % in the user name and password (e.g. %40 for @)' }
  }
  try {
    parse(url)
  } catch (e) {
    // pg-connection-string removes the input from its URL errors; its other errors name a certificate file, not a secret.
    return { kind: 'invalid', reason: `cannot be used by pg: ${messageOf(e)}` }
  }
  return { kind: 'url', url }
}

/**
 * The connection URL as heirloom shows it: the password of the user info and
 * of `?password=` / `?sslpassword=` replaced by `***`, everything else as
 * given. Works on the structure, so no other text is touched.
 */
export function redactConnectionString(url: string): string {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return 'a connection string that is not a valid URL'
  }
  if (u.password !== '') u.password = REDACTED
  for (const key of SECRET_KEYS) if (u.searchParams.has(key)) u.searchParams.set(key, REDACTED)
  return u.toString()
}

/**
 * The connection URL without any password: what `psql` can be given (it
 * then asks for the password, or reads PGPASSWORD or ~/.pgpass).
 */
export function urlWithoutPassword(url: string): string {
  const u = new URL(url)
  u.password = ''
  for (const key of SECRET_KEYS) u.searchParams.delete(key)
  return u.toString()
}

/** Where a URL points, for a person: host, port and database, never the user's password. */
export function describeServer(url: string): string {
  try {
    const u = new URL(url)
    // A libpq key=value string becomes `postgres:///db?host=…&port=…`: its server is in the query.
    const host = u.hostname !== '' ? u.hostname : u.searchParams.get('host') ?? 'localhost'
    const port = u.port !== '' ? u.port : u.searchParams.get('port') ?? '5432'
    const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || (u.searchParams.get('dbname') ?? '')
    return `${host}:${port}/${database === '' ? '(default database)' : database}`
  } catch {
    return 'a connection string that is not a valid URL'
  }
}
