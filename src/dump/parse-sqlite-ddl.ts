/**
 * Form D of docs/dump-layout.md for SQLite: the `CREATE TABLE` statement the
 * sqlite3 shell's `.schema T` writes (with the table's indexes and triggers
 * after it, which are skipped), read into the table model. Of each column
 * only its name, its declared type text and NOT NULL are kept: in SQLite the
 * declared type is any run of words with optional `(n)` or `(n,m)`, or
 * nothing at all, and its *affinity* (the dialect map's `byContains` rules)
 * decides the PostgreSQL type, so the type is kept as written, lower case,
 * words joined by one space (`unsigned big int`, `varchar`, `` for none).
 * Names may be `"quoted"`, `[bracketed]` or `` `backticked` ``; table
 * options (`WITHOUT ROWID`, `STRICT`) change nothing heirloom reads.
 *
 * Hand-written rather than node-sql-parser (5.4, `sqlite` mode): it rejects
 * `[bracketed]` names, type names of any words (`UNSIGNED BIG INT`,
 * `FLOATING POINT`, `NATIVE CHARACTER(70)`) and `STRICT` tables, all of which
 * SQLite takes; sqlite-parser (1.0.1, 2017) predates STRICT tables.
 */
import type { DdlResult } from './parse-mysql-ddl'
import { tokenizeSqlite, type SqliteToken } from './sqlite-tokens'
import { closingParen, isPunct, isWord, qualifiedName, readColumnList, splitTopLevel, topLevel, type ColumnRead } from './token-lists'

/** Words that start a table constraint rather than a column. */
const TABLE_CONSTRAINTS: ReadonlySet<string> = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN'])
/** Words that start a column constraint: the declared type ends before them. */
const COLUMN_CONSTRAINTS: ReadonlySet<string> = new Set(['CONSTRAINT', 'PRIMARY', 'NOT', 'NULL', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS'])
const EXPORT_AGAIN = 'export the table again with the sqlite3 shell\'s `.schema T` (docs/dialects.md#sqlite)'

/** Reads the one CREATE TABLE statement of a `.sql` member. */
export function parseSqliteDdl(sql: string): DdlResult {
  const tokenized = tokenizeSqlite(sql)
  if (!tokenized.ok) return fail(tokenized.problem, 'fix the SQL file, or export the table again')
  const tokens = tokenized.tokens
  const starts = tokens.flatMap((_, i) => (createTableAt(tokens, i) === undefined ? [] : [i]))
  if (starts.length === 0) return fail('holds no CREATE TABLE statement', EXPORT_AGAIN)
  if (starts.length > 1) return fail(`holds ${starts.length} CREATE TABLE statements`, 'write one table\'s `.schema T` per .sql file')
  return readCreateTable(tokens, starts[0] as number)
}

function fail(problem: string, fix: string): DdlResult {
  return { ok: false, problem, fix }
}

/** `CREATE [TEMP|TEMPORARY] [VIRTUAL] TABLE` at index i: the index after TABLE and whether the table is virtual. */
function createTableAt(s: readonly SqliteToken[], i: number): { next: number; virtual: boolean } | undefined {
  if (!isWord(s[i], 'CREATE') || (i > 0 && !isPunct(s[i - 1], ';'))) return undefined
  let k = i + 1
  if (isWord(s[k], 'TEMP', 'TEMPORARY')) k++
  const virtual = isWord(s[k], 'VIRTUAL')
  if (virtual) k++
  return isWord(s[k], 'TABLE') ? { next: k + 1, virtual } : undefined
}

function readCreateTable(s: readonly SqliteToken[], start: number): DdlResult {
  const create = createTableAt(s, start) as { next: number; virtual: boolean }
  let i = create.next
  if (isWord(s[i], 'IF') && isWord(s[i + 1], 'NOT') && isWord(s[i + 2], 'EXISTS')) i += 3
  const name = qualifiedName(s, i, isName)
  if (name === undefined) return fail('has a CREATE TABLE statement without a table name', EXPORT_AGAIN)
  if (create.virtual) {
    return fail(`has CREATE VIRTUAL TABLE ${name.text}: a virtual table's columns are its module's (fts5, rtree…), not declared`,
      `export its rows from a plain table instead (CREATE TABLE copy AS SELECT * FROM ${name.text}), or leave it out of the dump`)
  }
  if (!isPunct(s[name.next], '(')) return fail(`has a CREATE TABLE ${name.text} without a column list`, EXPORT_AGAIN)
  const list = readColumnList(s, name.next, { tableItems: TABLE_CONSTRAINTS, isName, readColumn })
  if (!list.ok) return fail(`table ${name.text}: ${list.problem}`, 'fix the SQL file, or export the table again')
  const { columns, primaryKey } = list
  if (columns.length === 0) return fail(`has a CREATE TABLE ${name.text} with no columns`, EXPORT_AGAIN)
  return { ok: true, schema: { name: name.text, columns, primaryKey, fieldOrderFromHeader: false } }
}

/** A name as SQLite takes it: a word, a quoted name, or (legacy) a string. */
function isName(t: SqliteToken | undefined): t is SqliteToken {
  return t !== undefined && t.kind !== 'punct'
}

/** `name [type words [(n [, m])]] [constraints…]` */
function readColumn(item: readonly SqliteToken[]): ColumnRead {
  const [nameToken] = item
  if (!isName(nameToken)) return { ok: false, problem: `a column definition starts with ${JSON.stringify((nameToken as SqliteToken | undefined)?.text ?? '')}, not a column name` }
  const name = nameToken.text
  let i = 1
  const words: string[] = []
  while (isName(item[i]) && !(item[i]?.kind === 'word' && COLUMN_CONSTRAINTS.has((item[i] as SqliteToken).text.toUpperCase()))) words.push((item[i++] as SqliteToken).text)
  let args: number[] = []
  if (isPunct(item[i], '(')) {
    const close = closingParen(item, i)
    const parsed = close < 0 ? undefined : typeArguments(item.slice(i + 1, close))
    if (parsed === undefined || words.length === 0) return { ok: false, problem: `column "${name}" has an unreadable type "${[...words, ...item.slice(i, close + 1).map((t) => t.text)].join(' ')}"` }
    args = parsed
    i = close + 1
  }
  const rest = topLevel(item.slice(i))
  const notNull = rest.some((t, k) => isWord(t, 'NOT') && isWord(rest[k + 1], 'NULL'))
  const primary = rest.some((t, k) => isWord(t, 'PRIMARY') && isWord(rest[k + 1], 'KEY'))
  const [first, second] = args
  const sizes = args.length === 1 ? { length: first } : args.length === 2 ? { precision: first, scale: second } : {}
  const type = words.join(' ').toLowerCase().replace(/\s+/g, ' ')
  return { ok: true, column: { name, type, ...sizes, nullable: !notNull }, primary }
}

/** `(n)` / `(n, m)` of a declared type: signed numbers, which SQLite keeps but does not enforce; whole ones are kept. */
function typeArguments(inner: readonly SqliteToken[]): number[] | undefined {
  const parts = splitTopLevel(inner)
  if (parts.length > 2) return undefined
  const numbers: number[] = []
  for (const part of parts) {
    const text = part.map((t) => t.text).join('')
    if (!/^[+-]?\d+(\.\d*)?$/.test(text)) return undefined
    const n = Number(text)
    if (Number.isSafeInteger(n) && n >= 0) numbers.push(n)
  }
  return numbers.length === parts.length ? numbers : []
}
