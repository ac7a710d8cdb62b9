/**
 * Splits SQLite SQL text (as the sqlite3 shell's `.schema` writes it) into
 * tokens, enough to read a `CREATE TABLE` statement. SQLite quotes names
 * three ways, `"name"`, `[name]` and `` `name` `` (a doubled `"` or `` ` ``
 * stands for one; brackets have no escape), and strings with `'…'` (a
 * doubled `'` stands for one; a backslash is an ordinary character).
 * Comments (`--` to the line's end, `/* … *\/`) are skipped.
 */

/** One token: `text` is a name's or string's value (quotes undone); `at` its place in the source. */
export interface SqliteToken {
  readonly kind: 'name' | 'string' | 'word' | 'punct'
  readonly text: string
  readonly at: number
}

export type SqliteTokens = { readonly ok: true; readonly tokens: readonly SqliteToken[] } | { readonly ok: false; readonly problem: string }

const CLOSING: Readonly<Record<string, string>> = { '"': '"', '`': '`', '[': ']', "'": "'" }
const WORD_CHAR = /[\p{L}\p{N}_$]/u

/** Tokenizes `sql`; a name, string or comment left open is a problem, said with its line. */
export function tokenizeSqlite(sql: string): SqliteTokens {
  const tokens: SqliteToken[] = []
  let i = 0
  while (i < sql.length) {
    const c = sql[i] as string
    if (/\s/.test(c)) {
      i++
    } else if (c === '-' && sql[i + 1] === '-') {
      const eol = sql.indexOf('\n', i)
      i = eol < 0 ? sql.length : eol + 1
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2)
      // SQLite ends an unclosed block comment at the end of the input.
      i = close < 0 ? sql.length : close + 2
    } else if (Object.hasOwn(CLOSING, c)) {
      const quoted = readQuoted(sql, i, CLOSING[c] as string)
      if (quoted === undefined) {
        return { ok: false, problem: `has a ${c === "'" ? 'string' : 'name'} opened on line ${sql.slice(0, i).split('\n').length} that is never closed` }
      }
      tokens.push({ kind: c === "'" ? 'string' : 'name', text: quoted.text, at: i })
      i = quoted.end
    } else if (WORD_CHAR.test(c)) {
      let j = i + 1
      while (j < sql.length && WORD_CHAR.test(sql[j] as string)) j++
      tokens.push({ kind: 'word', text: sql.slice(i, j), at: i })
      i = j
    } else {
      tokens.push({ kind: 'punct', text: c, at: i })
      i++
    }
  }
  return { ok: true, tokens }
}

/** The quoted token opening at `start`: up to the closing character; a doubled closing quote (not `]`) stands for one. */
function readQuoted(sql: string, start: number, close: string): { text: string; end: number } | undefined {
  let text = ''
  for (let i = start + 1; i < sql.length; i++) {
    const c = sql[i] as string
    if (c !== close) {
      text += c
    } else if (close !== ']' && sql[i + 1] === close) {
      text += close
      i++
    } else {
      return { text, end: i + 1 }
    }
  }
  return undefined
}
