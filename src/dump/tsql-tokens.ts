/**
 * Splits T-SQL script text into the tokens the DDL reader needs: words,
 * delimited identifiers (`[a]]b]`, `"a""b"`), numbers, string literals
 * (`'it''s'`, `N'…'`) and single punctuation characters. Comments (`--`,
 * nestable `/* … *\/`) and whitespace are dropped. `GO` stays a word: the
 * reader only looks at `CREATE TABLE` / `CREATE TYPE` statements, so batch
 * separators and `SET …` lines need no meaning of their own.
 */

export interface TsqlToken {
  readonly kind: 'word' | 'ident' | 'number' | 'string' | 'punct'
  /** Words as written; identifiers with their delimiters removed and doubled closers undone. */
  readonly text: string
  /** 1-based line the token starts on, for messages. */
  readonly line: number
}

export type TokenizeResult =
  | { readonly ok: true; readonly tokens: readonly TsqlToken[] }
  | { readonly ok: false; readonly problem: string; readonly line: number }

const WORD_START = /[\p{L}_@#]/u
const WORD_PART = /[\p{L}\p{N}_@#$]/u

/** Tokenizes a whole script; an unclosed identifier, string or comment is a problem naming its line. */
export function tokenizeTsql(text: string): TokenizeResult {
  const tokens: TsqlToken[] = []
  let line = 1
  let i = 0
  const lineAt = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (text[k] === '\n') line++
  }
  while (i < text.length) {
    const c = text[i] as string
    const start = i
    if (/\s/u.test(c)) {
      i++
    } else if (c === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n') i++
    } else if (c === '/' && text[i + 1] === '*') {
      const end = blockCommentEnd(text, i)
      if (end < 0) return { ok: false, problem: 'a /* comment is never closed', line }
      i = end
    } else if (c === '[' || c === '"' || c === "'" || ((c === 'N' || c === 'n') && text[i + 1] === "'")) {
      const quoted = readDelimited(text, c === '[' || c === '"' ? i : i + (c === "'" ? 0 : 1))
      if (quoted === undefined) return { ok: false, problem: `a ${c === '[' ? '[' : c === '"' ? '"' : "'"} is never closed`, line }
      tokens.push({ kind: c === '[' || c === '"' ? 'ident' : 'string', text: quoted.text, line })
      i = quoted.end
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      while (i < text.length && /[0-9.eE]/.test(text[i] as string)) i++
      tokens.push({ kind: 'number', text: text.slice(start, i), line })
    } else if (WORD_START.test(c)) {
      while (i < text.length && WORD_PART.test(text[i] as string)) i++
      tokens.push({ kind: 'word', text: text.slice(start, i), line })
    } else {
      tokens.push({ kind: 'punct', text: c, line })
      i++
    }
    lineAt(start, i)
  }
  return { ok: true, tokens }
}

/** The closing character of each opening delimiter; the closer doubled inside stands for itself. */
const CLOSER: Readonly<Record<string, string>> = { '[': ']', '"': '"', "'": "'" }

function readDelimited(text: string, open: number): { text: string; end: number } | undefined {
  const closer = CLOSER[text[open] as string] as string
  let out = ''
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i] as string
    if (c !== closer) {
      out += c
    } else if (text[i + 1] === closer) {
      out += closer
      i++
    } else {
      return { text: out, end: i + 1 }
    }
  }
  return undefined
}

/** T-SQL block comments nest. Returns the index past the matching `*\/`, or -1. */
function blockCommentEnd(text: string, open: number): number {
  let depth = 0
  for (let i = open; i < text.length - 1; i++) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++
      i++
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--
      i++
      if (depth === 0) return i + 1
    }
  }
  return -1
}

/** Whether the token is the unquoted keyword `word` (case-insensitive); a bracketed `[Primary]` is a name, never a keyword. */
export function isKeyword(token: TsqlToken | undefined, word: string): boolean {
  return token !== undefined && token.kind === 'word' && token.text.toUpperCase() === word
}
