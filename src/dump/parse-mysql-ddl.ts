/**
 * Form D of docs/dump-layout.md for MySQL/MariaDB: the `CREATE TABLE` statement that
 * `mysqldump --tab` / `mariadb-dump --tab` writes beside a table's data
 * file, read into the same table model as the JSON forms. Everything else
 * in the file (`SET` lines, `DROP TABLE`, comments) is ignored; of the
 * statement only what the model holds is read: column names in order,
 * their type text (handed to parseColumnType, as Form B's COLUMN_TYPE is),
 * NOT NULL, and the primary key. Indexes, foreign keys, defaults, comments,
 * generated-column expressions and table options are skipped: the dump's
 * data file carries every column's values, generated ones included.
 *
 * Hand-written rather than node-sql-parser: that package (5.4) rejects
 * statements mariadb-dump writes (`INVISIBLE` columns, `COMPRESSED`,
 * `/*!80003 SRID 4326 *\/`), failing the whole table, and keeps doubled
 * backquotes in names.
 */
import type { TableSchema } from '../schema/model'
import { parseColumnType, withoutUndefined } from './parse-column-type'
import { tokenizeMysql, type MysqlToken } from './mysql-tokens'
import { closingParen, isPunct, isWord, qualifiedName, readColumnList, topLevel, type ColumnRead } from './token-lists'

export type DdlResult = { readonly ok: true; readonly schema: TableSchema } | { readonly ok: false; readonly problem: string; readonly fix: string }

/** Words that start a table-level item of the column list rather than a column. */
const TABLE_ITEMS: ReadonlySet<string> = new Set(['PRIMARY', 'KEY', 'INDEX', 'UNIQUE', 'FULLTEXT', 'SPATIAL', 'CONSTRAINT', 'FOREIGN', 'CHECK', 'PERIOD'])
/** Words after which a column's type has ended. */
const ATTRIBUTES: ReadonlySet<string> = new Set([
  'NOT', 'NULL', 'DEFAULT', 'AUTO_INCREMENT', 'COMMENT', 'CHARACTER', 'CHARSET', 'COLLATE', 'GENERATED', 'AS', 'PRIMARY',
  'UNIQUE', 'KEY', 'INVISIBLE', 'VISIBLE', 'REFERENCES', 'CHECK', 'ON', 'COLUMN_FORMAT', 'STORAGE', 'COMPRESSED', 'SRID',
  'BINARY', 'ASCII', 'UNICODE', 'VIRTUAL', 'PERSISTENT', 'STORED', 'WITH', 'WITHOUT', 'ENGINE_ATTRIBUTE', 'SECONDARY_ENGINE_ATTRIBUTE',
])
const TYPE_MODIFIERS: ReadonlySet<string> = new Set(['UNSIGNED', 'SIGNED', 'ZEROFILL'])
/** Time types whose fractional digits default to 0 when not written (`datetime` = `datetime(0)`), as INFORMATION_SCHEMA says too. */
const TIME_TYPES: ReadonlySet<string> = new Set(['time', 'datetime', 'timestamp'])
/** Types whose values are text in a character set: the column's own, else the table's default. */
const TEXT_TYPES: ReadonlySet<string> = new Set(['char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext', 'enum', 'set', 'long', 'long varchar', 'character', 'character varying'])
const WRITE_CREATE = 'export the table again with mysqldump --tab / mariadb-dump --tab, which writes its CREATE TABLE statement into the .sql file'

/** Reads the one CREATE TABLE statement of a `.sql` member. */
export function parseMysqlDdl(sql: string): DdlResult {
  const tokenized = tokenizeMysql(sql)
  if (!tokenized.ok) return fail(tokenized.problem, 'fix the SQL file, or export the table again')
  const creates = statementsOf(tokenized.tokens).filter(isCreateTable)
  if (creates.length === 0) return fail('holds no CREATE TABLE statement', WRITE_CREATE)
  if (creates.length > 1) return fail(`holds ${creates.length} CREATE TABLE statements`, 'write one table\'s CREATE TABLE per .sql file (mysqldump --tab does)')
  return readCreateTable(creates[0] as readonly MysqlToken[])
}

/**
 * Whether the file holds a CREATE TABLE statement: mysqldump --tab writes a
 * view's definition into a `.sql` file too, with no data file beside it.
 * SQL that cannot be read counts as a table, so its problem is named.
 */
export function holdsCreateTable(sql: string): boolean {
  const tokenized = tokenizeMysql(sql)
  return !tokenized.ok || statementsOf(tokenized.tokens).some(isCreateTable)
}

function fail(problem: string, fix: string): DdlResult {
  return { ok: false, problem, fix }
}

/** A bare word or a `quoted` name. */
function isName(t: MysqlToken | undefined): t is MysqlToken {
  return t !== undefined && (t.kind === 'name' || t.kind === 'word')
}

function statementsOf(tokens: readonly MysqlToken[]): MysqlToken[][] {
  const statements: MysqlToken[][] = [[]]
  for (const t of tokens) {
    if (t.kind === 'punct' && t.text === ';') statements.push([])
    else statements[statements.length - 1]?.push(t)
  }
  return statements.filter((s) => s.length > 0)
}

/** CREATE [OR REPLACE] [TEMPORARY] TABLE … */
function isCreateTable(s: readonly MysqlToken[]): boolean {
  if (!isWord(s[0], 'CREATE')) return false
  let i = 1
  if (isWord(s[i], 'OR') && isWord(s[i + 1], 'REPLACE')) i += 2
  if (isWord(s[i], 'TEMPORARY')) i++
  return isWord(s[i], 'TABLE')
}

function readCreateTable(s: readonly MysqlToken[]): DdlResult {
  let i = s.findIndex((t) => isWord(t, 'TABLE')) + 1
  if (isWord(s[i], 'IF') && isWord(s[i + 1], 'NOT') && isWord(s[i + 2], 'EXISTS')) i += 3
  const name = qualifiedName(s, i, isName)
  if (name === undefined) return fail('has a CREATE TABLE statement without a table name', WRITE_CREATE)
  if (!isPunct(s[name.next], '(')) return fail(`has a CREATE TABLE ${name.text} without a column list (CREATE TABLE … LIKE / SELECT)`, WRITE_CREATE)
  const list = readColumnList(s, name.next, { tableItems: TABLE_ITEMS, isName, readColumn })
  if (!list.ok) return fail(`table ${name.text}: ${list.problem}`, 'fix the SQL file, or export the table again')
  const { columns, primaryKey, close } = list
  if (columns.length === 0) return fail(`has a CREATE TABLE ${name.text} with no columns`, WRITE_CREATE)
  const tableCharset = charsetOf(s.slice(close + 1))
  const withCharsets = columns.map((c) => (c.charset === undefined && tableCharset !== undefined && TEXT_TYPES.has(c.type) ? { ...c, charset: tableCharset } : c))
  return { ok: true, schema: { name: name.text, columns: withCharsets, primaryKey, fieldOrderFromHeader: false } }
}

/** `name type[(args)] [UNSIGNED] [ZEROFILL] attributes…` */
function readColumn(item: readonly MysqlToken[]): ColumnRead {
  const [nameToken] = item
  if (nameToken === undefined || (nameToken.kind !== 'name' && nameToken.kind !== 'word')) {
    return { ok: false, problem: `a column definition starts with ${JSON.stringify(nameToken?.text ?? '')}, not a column name` }
  }
  const name = nameToken.text
  let i = 1
  while (item[i]?.kind === 'word' && (i === 1 || !ATTRIBUTES.has((item[i] as MysqlToken).text.toUpperCase()))) i++
  if (i === 1) return { ok: false, problem: `column "${name}" has no type` }
  if (isPunct(item[i], '(')) {
    const close = closingParen(item, i)
    if (close < 0) return { ok: false, problem: `column "${name}" has a type whose arguments are never closed` }
    i = close + 1
  }
  while (isWord(item[i], ...TYPE_MODIFIERS)) i++
  const typeText = sourceOf(item, 1, i)
  const details = parseColumnType(typeText)
  if (details === undefined) return { ok: false, problem: `column "${name}" has an unreadable type "${typeText}"` }
  const rest = topLevel(item.slice(i))
  const notNull = rest.some((t, k) => isWord(t, 'NOT') && isWord(rest[k + 1], 'NULL'))
  const primary = rest.some((t, k) => isWord(t, 'PRIMARY') && isWord(rest[k + 1], 'KEY'))
  const { base, ...given } = details
  const typeDetails = TIME_TYPES.has(base) ? { datetimePrecision: 0, ...withoutUndefined(given) } : given
  const charset = TEXT_TYPES.has(base) ? charsetOf(rest) : undefined
  return { ok: true, column: { name, type: base, ...withoutUndefined({ ...typeDetails, charset }), nullable: !notNull && !primary }, primary }
}

/**
 * The character set that `CHARACTER SET x` / `CHARSET x` (`=` optional,
 * `DEFAULT` before it in table options) names, else the one a `COLLATE`
 * implies (`latin1_swedish_ci` → `latin1`), in tokens outside parentheses.
 */
function charsetOf(tokens: readonly MysqlToken[]): string | undefined {
  const top = topLevel(tokens)
  const valueAfter = (k: number): string | undefined => {
    const t = isPunct(top[k], '=') ? top[k + 1] : top[k]
    return t !== undefined && (t.kind === 'word' || t.kind === 'name' || t.kind === 'string') ? t.text.toLowerCase() : undefined
  }
  for (let k = 0; k < top.length; k++) {
    if (isWord(top[k], 'CHARACTER') && isWord(top[k + 1], 'SET')) return valueAfter(k + 2)
    if (isWord(top[k], 'CHARSET')) return valueAfter(k + 1)
  }
  const collate = top.findIndex((t) => isWord(t, 'COLLATE'))
  return collate < 0 ? undefined : valueAfter(collate + 1)?.split('_')[0]
}

/** The source text of tokens [from, to) as written, re-joined with single spaces where the source had any space. */
function sourceOf(item: readonly MysqlToken[], from: number, to: number): string {
  let text = ''
  for (let k = from; k < to; k++) {
    const t = item[k] as MysqlToken
    const prev = item[k - 1]
    if (k > from && prev !== undefined && prev.end < t.at) text += ' '
    text += t.kind === 'string' ? `'${t.text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'` : t.text
  }
  return text
}
