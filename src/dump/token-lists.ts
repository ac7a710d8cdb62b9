/**
 * Walking a DDL statement's tokens, whatever SQL dialect's tokenizer made
 * them (mysql-tokens.ts, sqlite-tokens.ts): keywords, parentheses and the
 * commas that separate a column list's items.
 */

/** What these helpers need of a token: its kind and its text. */
export interface ListToken {
  readonly kind: string
  readonly text: string
}

/** The token is a bare word, one of `words` (upper case), case-insensitively. */
export function isWord(t: ListToken | undefined, ...words: readonly string[]): boolean {
  return t?.kind === 'word' && words.includes(t.text.toUpperCase())
}

export function isPunct(t: ListToken | undefined, text: string): boolean {
  return t?.kind === 'punct' && t.text === text
}

/** The index of the `)` closing the `(` at `open`, or -1. */
export function closingParen(s: readonly ListToken[], open: number): number {
  let depth = 0
  for (let i = open; i < s.length; i++) {
    if (isPunct(s[i], '(')) depth++
    else if (isPunct(s[i], ')') && --depth === 0) return i
  }
  return -1
}

/** Splits tokens at the commas outside parentheses. */
export function splitTopLevel<T extends ListToken>(s: readonly T[]): T[][] {
  const items: T[][] = [[]]
  let depth = 0
  for (const t of s) {
    if (isPunct(t, '(')) depth++
    if (isPunct(t, ')')) depth--
    if (depth === 0 && isPunct(t, ',')) items.push([])
    else items[items.length - 1]?.push(t)
  }
  return items
}

/** The tokens outside parentheses: attributes' own arguments (`CHECK (…)`, `AS (…)`, `DEFAULT f(3)`) are not attributes. */
export function topLevel<T extends ListToken>(s: readonly T[]): T[] {
  let depth = 0
  return s.filter((t) => {
    if (isPunct(t, '(')) depth++
    else if (isPunct(t, ')')) depth--
    else return depth === 0
    return false
  })
}
