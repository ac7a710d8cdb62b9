/**
 * Walking a DDL statement's tokens, whatever SQL dialect's tokenizer made
 * them (mysql-tokens.ts, sqlite-tokens.ts): keywords, parentheses and the
 * commas that separate a column list's items.
 */
import type { SourceColumn } from '../schema/model'

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

/** Which tokens a dialect takes as a name (bare words, quoted names; SQLite also strings). */
export type IsName<T extends ListToken> = (t: T | undefined) => t is T

/** `t`, `db.t`, `"main"."t"`: the table's own name (the last part) and the index after it. */
export function qualifiedName<T extends ListToken>(s: readonly T[], at: number, isName: IsName<T>): { text: string; next: number } | undefined {
  let i = at
  let text: string | undefined
  while (isName(s[i])) {
    text = (s[i] as T).text
    i++
    if (!isPunct(s[i], '.')) break
    i++
  }
  return text === undefined ? undefined : { text, next: i }
}

/** One column definition as a dialect reads it: the column and whether it declares itself the primary key, or the problem. */
export type ColumnRead = { readonly ok: true; readonly column: SourceColumn; readonly primary: boolean } | { readonly ok: false; readonly problem: string }

/** How a dialect tells its column list's items apart. */
export interface ColumnListRules<T extends ListToken> {
  /** Words (upper case) that begin a table item (a key, a constraint) rather than a column. */
  readonly tableItems: ReadonlySet<string>
  readonly isName: IsName<T>
  readonly readColumn: (item: readonly T[]) => ColumnRead
}

/**
 * The column list of a CREATE TABLE whose `(` is at `open`: its columns in
 * order and its primary key (declared on a column or as a table item), or
 * the problem. An empty list has no columns; an empty item (two commas) is a problem.
 */
export function readColumnList<T extends ListToken>(s: readonly T[], open: number, rules: ColumnListRules<T>): { readonly ok: true; readonly columns: SourceColumn[]; readonly primaryKey: string[]; readonly close: number } | { readonly ok: false; readonly problem: string } {
  const close = closingParen(s, open)
  if (close < 0) return { ok: false, problem: 'its column list is never closed' }
  const columns: SourceColumn[] = []
  const primaryKey: string[] = []
  const items = splitTopLevel(s.slice(open + 1, close))
  for (const item of items) {
    const first = item[0]
    if (first === undefined) {
      if (items.length === 1) break
      return { ok: false, problem: 'its column list has an empty item (two commas)' }
    }
    if (first.kind === 'word' && rules.tableItems.has(first.text.toUpperCase())) {
      primaryKey.push(...primaryKeyColumns(item, rules.isName))
      continue
    }
    const column = rules.readColumn(item)
    if (!column.ok) return column
    columns.push(column.column)
    if (column.primary) primaryKey.push(column.column.name)
  }
  return { ok: true, columns, primaryKey, close }
}

/** `[CONSTRAINT x] PRIMARY KEY [USING …] (a, b(10) COLLATE nocase DESC)`: the columns; other table items give none. */
function primaryKeyColumns<T extends ListToken>(item: readonly T[], isName: IsName<T>): string[] {
  const at = item.findIndex((t, i) => isWord(t, 'PRIMARY') && isWord(item[i + 1], 'KEY'))
  const open = at < 0 ? -1 : item.findIndex((t, i) => i > at && isPunct(t, '('))
  const close = open < 0 ? -1 : closingParen(item, open)
  if (close < 0) return []
  return splitTopLevel(item.slice(open + 1, close)).map((part) => part[0]).filter(isName).map((t) => t.text)
}
