/**
 * libpq's `key=value` connection strings (`host=db port=5432 password='a b'`),
 * read as libpq reads them: `=` with optional spaces around it, a value in
 * single quotes when it is empty or holds spaces, `\` escaping the next
 * character. pg only reads URLs, so the result is the equivalent URL: the
 * database as its path, every other setting as a query parameter under the
 * same name, which is where pg-connection-string looks for them.
 */

/** libpq's keywords; like libpq, any other is refused (a misspelt `password` would otherwise be shown). */
const KEYWORDS: ReadonlySet<string> = new Set([
  'host', 'hostaddr', 'port', 'dbname', 'user', 'password', 'passfile', 'channel_binding', 'connect_timeout',
  'client_encoding', 'options', 'application_name', 'fallback_application_name', 'keepalives', 'keepalives_idle',
  'keepalives_interval', 'keepalives_count', 'tcp_user_timeout', 'replication', 'gssencmode', 'sslmode',
  'sslnegotiation', 'sslcompression', 'sslcert', 'sslkey', 'sslpassword', 'sslcertmode', 'sslrootcert', 'sslcrl',
  'sslcrldir', 'sslsni', 'requirepeer', 'ssl_min_protocol_version', 'ssl_max_protocol_version', 'krbsrvname',
  'gsslib', 'gssdelegation', 'service', 'target_session_attrs', 'load_balance_hosts', 'require_auth',
])

/** One setting: keyword, `=`, then a quoted value or an unquoted one (which may not start with a quote). */
const SETTING = /\s*([^\s=]+)\s*=\s*(?:'((?:[^'\\]|\\[\s\S])*)'|((?!')(?:[^\s\\]|\\[\s\S])*))(?=\s|$)/y

export type KeywordValueResult =
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'invalid'; readonly reason: string }

/** The URL for a libpq `key=value` string, or why it is not one (never quoting a value). */
export function keywordValueToUrl(text: string): KeywordValueResult {
  const query = new URLSearchParams()
  let database = ''
  SETTING.lastIndex = 0
  for (let n = 1; SETTING.lastIndex < text.trimEnd().length; n++) {
    const m = SETTING.exec(text)
    if (m === null) {
      return { kind: 'invalid', reason: `is not a valid libpq key=value string: setting ${n} is not keyword=value (quote a value that is empty or holds spaces with ', escape ' and \\ inside with \\)` }
    }
    const [, keyword, quoted, bare] = m
    if (!KEYWORDS.has(keyword)) return { kind: 'invalid', reason: `has an unknown libpq keyword "${keyword}"` }
    const value = (quoted ?? bare).replace(/\\([\s\S])/g, '$1')
    if (keyword !== 'dbname') query.set(keyword, value)
    else if (/[?#]/.test(value)) return { kind: 'invalid', reason: 'has a dbname with ? or #, which pg cannot read from a URL' }
    else database = value
  }
  const search = query.toString()
  // pg decodes the path with decodeURI, the inverse of encodeURI (which leaves / as it is: pg keeps it too).
  return { kind: 'url', url: `postgres:///${encodeURI(database)}${search === '' ? '' : `?${search}`}` }
}
