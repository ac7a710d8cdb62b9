/**
 * Splits MySQL/MariaDB SQL text (as `mysqldump` writes it) into tokens,
 * enough to read a `CREATE TABLE` statement: backquoted names with their
 * doubled backquotes undone, strings with their escapes undone, words,
 * numbers and punctuation. Comments are skipped; the body of a version
 * comment (`/*!40101 … *\/`, MariaDB's `/*M!100100 … *\/`) is code, as the
 * server reads it.
 */

/** One token: `text` is a name's or string's value (quotes and escapes undone); `at`/`end` its place in the source. */
export interface MysqlToken {
  readonly kind: 'name' | 'string' | 'word' | 'punct'
  readonly text: string
  readonly at: number
  readonly end: number
}

export type TokenResult = { readonly ok: true; readonly tokens: readonly MysqlToken[] } | { readonly ok: false; readonly problem: string }

/** MySQL string escapes (`\n`, `\'`, …); a backslash before any other character keeps that character. */
const STRING_ESCAPES: Readonly<Record<string, string>> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' }
const WORD_CHAR = /[\p{L}\p{N}_$@]/u
const VERSION_COMMENT = /^\/\*M?!\d*/

/** Tokenizes `sql`; a string, name or comment left open is a problem, said with its line. */
export function tokenizeMysql(sql: string): TokenResult {
  const tokens: MysqlToken[] = []
  let inVersionComment = false
  let i = 0
  const n = sql.length
  while (i < n) {
    const c = sql[i] as string
    if (/\s/.test(c)) {
      i++
    } else if (inVersionComment && sql.startsWith('*/', i)) {
      inVersionComment = false
      i += 2
    } else if (c === '/' && sql[i + 1] === '*') {
      const version = VERSION_COMMENT.exec(sql.slice(i, i + 12))
      if (version !== null) {
        inVersionComment = true
        i += version[0].length
        continue
      }
      const close = sql.indexOf('*/', i + 2)
      if (close < 0) return unclosed('comment', sql, i)
      i = close + 2
    } else if (c === '#' || (c === '-' && sql[i + 1] === '-' && (i + 2 >= n || /\s/.test(sql[i + 2] as string)))) {
      const eol = sql.indexOf('\n', i)
      i = eol < 0 ? n : eol + 1
    } else if (c === '`' || c === "'" || c === '"') {
      const quoted = readQuoted(sql, i, c)
      if (quoted === undefined) return unclosed(c === '`' ? 'name' : 'string', sql, i)
      tokens.push({ kind: c === '`' ? 'name' : 'string', text: quoted.text, at: i, end: quoted.end })
      i = quoted.end
    } else if (WORD_CHAR.test(c)) {
      let j = i + 1
      while (j < n && WORD_CHAR.test(sql[j] as string)) j++
      tokens.push({ kind: 'word', text: sql.slice(i, j), at: i, end: j })
      i = j
    } else {
      tokens.push({ kind: 'punct', text: c, at: i, end: i + 1 })
      i++
    }
  }
  return { ok: true, tokens }
}

/**
 * The quoted token opening at `start`: a doubled quote stands for one; in
 * strings (not in backquoted names) a backslash escapes the next character.
 */
function readQuoted(sql: string, start: number, quote: string): { text: string; end: number } | undefined {
  let text = ''
  for (let i = start + 1; i < sql.length; i++) {
    const c = sql[i] as string
    if (c === '\\' && quote !== '`' && i + 1 < sql.length) {
      const next = sql[++i] as string
      text += STRING_ESCAPES[next] ?? next
    } else if (c === quote && sql[i + 1] === quote) {
      text += quote
      i++
    } else if (c === quote) {
      return { text, end: i + 1 }
    } else {
      text += c
    }
  }
  return undefined
}

function unclosed(what: string, sql: string, at: number): TokenResult {
  const line = sql.slice(0, at).split('\n').length
  return { ok: false, problem: `has a ${what} opened on line ${line} that is never closed` }
}
