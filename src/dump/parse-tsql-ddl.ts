/**
 * SQL Server DDL as Management Studio's "Generate Scripts" writes it (Form D
 * of docs/dump-layout.md) → TableSchema. Reads `CREATE TABLE` and `CREATE TYPE … FROM`
 * only; every other statement (`SET ANSI_NULLS ON`, `GO`, `ALTER TABLE`,
 * `CREATE INDEX`, …) is skipped. Within a table only what the table model
 * holds is read: names, types, NULL/NOT NULL, the primary key; the rest of a
 * column's clauses (IDENTITY, NOT FOR REPLICATION, ROWGUIDCOL, COLLATE,
 * DEFAULT, CHECK, storage options) is stepped over by parenthesis depth.
 *
 * Hand-written: node-sql-parser 5.4 (transactsql) fails on `NOT FOR
 * REPLICATION`, `ROWGUIDCOL`, computed columns, `]]` inside brackets and
 * alias types such as `[sysname]` (2 of the 31 tables of Microsoft's
 * AdventureWorksDW install script), and no other npm parser reads T-SQL DDL.
 */
import { HeirloomError } from '../errors'
import type { SourceColumn, TableSchema } from '../schema/model'
import { parseColumnType, type ColumnTypeDetails } from './parse-column-type'
import { checkDuplicates, memberBaseName, type SchemaFileRef } from './parse-schema-file'
import { isKeyword, tokenizeTsql, type TsqlToken } from './tsql-tokens'

/** A user-defined alias type (`CREATE TYPE [dbo].[Name] FROM [nvarchar](50) NULL`). */
export interface AliasType {
  readonly details: ColumnTypeDetails
  readonly nullable: boolean
}

/** Alias types by lower-case name (without schema: SQL Server resolves them in one namespace per database for our purposes). */
export type AliasTypes = ReadonlyMap<string, AliasType>

export interface TsqlTable {
  readonly schema: TableSchema
  /** Computed columns (`AS (…)`): no declared type, so read as `text` unless the config names one. */
  readonly computed: readonly string[]
}

/** Keywords that open a table-level constraint or index instead of a column. */
const TABLE_ITEM_WORDS: ReadonlySet<string> = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK', 'INDEX', 'PERIOD'])

/** The alias types a script declares; a script that does not tokenize declares none (it is named when read as a table). */
export function parseTsqlAliasTypes(text: string): Map<string, AliasType> {
  const aliases = new Map<string, AliasType>()
  const result = tokenizeTsql(text)
  if (!result.ok) return aliases
  const t = result.tokens
  for (let i = 0; i < t.length; i++) {
    if (!isKeyword(t[i], 'CREATE') || !isKeyword(t[i + 1], 'TYPE')) continue
    const name = readName(t, i + 2)
    if (name === undefined || !isKeyword(t[name.next], 'FROM')) continue
    const type = readType(t, name.next + 1)
    const details = type === undefined ? undefined : parseColumnType(type.text)
    if (type === undefined || details === undefined) continue
    aliases.set(name.last.toLowerCase(), { details, nullable: !(isKeyword(t[type.next], 'NOT') && isKeyword(t[type.next + 1], 'NULL')) })
  }
  return aliases
}

/** Reads the member's table: the `CREATE TABLE` named like the member, or the script's only one. Throws SCHEMA_INVALID naming dump, member and line. */
export function parseTsqlDdl(text: string, where: SchemaFileRef, aliases: AliasTypes): TsqlTable {
  const fail = (problem: string, fix: string): HeirloomError => new HeirloomError('SCHEMA_INVALID', `${where.dump}: ${where.member}: ${problem}`, fix)
  const result = tokenizeTsql(text)
  if (!result.ok) throw fail(`line ${result.line}: ${result.problem}`, 'script the table again from SQL Server')
  const t = result.tokens
  const starts: { name: string; at: number }[] = []
  for (let i = 0; i < t.length; i++) {
    if (!isKeyword(t[i], 'CREATE') || !isKeyword(t[i + 1], 'TABLE')) continue
    const name = readName(t, i + 2)
    if (name !== undefined) starts.push({ name: name.last, at: name.next })
  }
  const base = memberBaseName(where.member).toLowerCase()
  const chosen = starts.length === 1 ? starts[0] : starts.find((s) => s.name.toLowerCase() === base)
  if (chosen === undefined) {
    throw fail(starts.length === 0 ? 'holds no CREATE TABLE statement' : `holds ${starts.length} CREATE TABLE statements and none for table ${memberBaseName(where.member)}`,
      'script each table into its own .sql file named after the table (Generate Scripts: "One script file per object")')
  }
  if (t[chosen.at]?.text !== '(') throw fail(`line ${t[chosen.at]?.line ?? '?'}: CREATE TABLE ${chosen.name} has no column list`, 'script the table again from SQL Server')
  const items = splitItems(t, chosen.at)
  if (items === undefined) throw fail(`CREATE TABLE ${chosen.name}: its column list is never closed`, 'script the table again from SQL Server')
  return tableOf(chosen.name, items, aliases, fail)
}

type Fail = (problem: string, fix: string) => HeirloomError

function tableOf(name: string, items: readonly (readonly TsqlToken[])[], aliases: AliasTypes, fail: Fail): TsqlTable {
  const columns: SourceColumn[] = []
  const computed: string[] = []
  const primaryKey: string[] = []
  for (const item of items) {
    const first = item[0]
    if (first === undefined) throw fail(`CREATE TABLE ${name}: an empty item in the column list`, 'remove the stray comma')
    if (first.kind === 'word' && TABLE_ITEM_WORDS.has(first.text.toUpperCase())) {
      primaryKey.push(...tablePrimaryKey(item))
      continue
    }
    const column = columnOf(item, aliases, fail)
    if (column.computed) computed.push(column.column.name)
    if (column.primaryKey) primaryKey.push(column.column.name)
    columns.push(column.column)
  }
  if (columns.length === 0) throw fail(`CREATE TABLE ${name} declares no column`, 'script the table again from SQL Server')
  checkDuplicates(columns, fail)
  const keyed = columns.map((c) => (primaryKey.some((k) => k.toLowerCase() === c.name.toLowerCase()) ? { ...c, nullable: false } : c))
  return { schema: { name, columns: keyed, primaryKey, fieldOrderFromHeader: false }, computed }
}

function columnOf(item: readonly TsqlToken[], aliases: AliasTypes, fail: Fail): { column: SourceColumn; computed: boolean; primaryKey: boolean } {
  const nameToken = item[0] as TsqlToken
  if (nameToken.kind !== 'ident' && nameToken.kind !== 'word') throw fail(`line ${nameToken.line}: "${nameToken.text}" is not a column name`, 'script the table again from SQL Server')
  const name = nameToken.text
  const clauses = readClauses(item)
  if (isKeyword(item[1], 'AS')) {
    return { column: { name, type: 'text', nullable: clauses.nullable ?? true }, computed: true, primaryKey: clauses.primaryKey }
  }
  const type = readType(item, 1)
  if (type === undefined) throw fail(`line ${nameToken.line}: column "${name}" has no type`, 'give every column a type')
  const alias = aliases.get(type.name.toLowerCase())
  const details = alias?.details ?? parseColumnType(type.text)
  if (details === undefined) throw fail(`line ${nameToken.line}: column "${name}" has an unreadable type "${type.text}"`, 'write a type such as [int], [nvarchar](50) or [decimal](10, 2)')
  const { base, ...rest } = details
  const nullable = clauses.nullable ?? (clauses.identity ? false : alias?.nullable ?? true)
  const column: SourceColumn = { name, type: base, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)), nullable }
  return { column, computed: false, primaryKey: clauses.primaryKey }
}

/** What a column's clauses after its type say about nullability, identity and the key; everything else is stepped over. */
function readClauses(item: readonly TsqlToken[]): { nullable: boolean | undefined; identity: boolean; primaryKey: boolean } {
  let nullable: boolean | undefined
  let identity = false
  let primaryKey = false
  let depth = 0
  for (let i = 1; i < item.length; i++) {
    const tok = item[i]
    if (tok?.text === '(' && tok.kind === 'punct') depth++
    else if (tok?.text === ')' && tok.kind === 'punct') depth--
    if (depth !== 0 || tok?.kind !== 'word') continue
    const word = tok.text.toUpperCase()
    if (word === 'DEFAULT' && item[i + 1]?.kind !== 'punct') i++ // `DEFAULT NULL`: a value, not the column's nullability
    else if (word === 'NOT' && isKeyword(item[i + 1], 'NULL')) nullable = false
    else if (word === 'NULL' && !isKeyword(item[i - 1], 'NOT')) nullable = true
    else if (word === 'IDENTITY') identity = true
    else if (word === 'PRIMARY' && isKeyword(item[i + 1], 'KEY')) primaryKey = true
  }
  return { nullable, identity, primaryKey }
}

/** `CONSTRAINT [PK_T] PRIMARY KEY CLUSTERED ([a] ASC, [b] DESC) WITH (…) ON [PRIMARY]` → [a, b]; other table items → []. */
function tablePrimaryKey(item: readonly TsqlToken[]): string[] {
  const at = item.findIndex((tok, i) => isKeyword(tok, 'PRIMARY') && isKeyword(item[i + 1], 'KEY'))
  if (at < 0) return []
  const open = item.findIndex((tok, i) => i > at && tok.kind === 'punct' && tok.text === '(')
  const names: string[] = []
  for (let i = open + 1; open >= 0 && i < item.length && item[i]?.text !== ')'; i++) {
    const tok = item[i] as TsqlToken
    if (tok.kind === 'ident' || (tok.kind === 'word' && !isKeyword(tok, 'ASC') && !isKeyword(tok, 'DESC'))) names.push(tok.text)
  }
  return names
}

/** A possibly multi-part name (`[db].[dbo].[T]`, `dbo.T`) starting at `i`: its last part (the object's own name) and the index after it. */
function readName(t: readonly TsqlToken[], i: number): { last: string; next: number } | undefined {
  let last: string | undefined
  for (;;) {
    const tok = t[i]
    if (tok === undefined || (tok.kind !== 'ident' && tok.kind !== 'word')) return last === undefined ? undefined : { last, next: i }
    last = tok.text
    if (t[i + 1]?.text !== '.' || t[i + 1]?.kind !== 'punct') return { last, next: i + 1 }
    i += 2
  }
}

/** A type at `i`: `[nvarchar](max)`, `[dbo].[Flag]`, `decimal(10, 2)`, `[float]` → its last name part and the text parseColumnType reads. */
function readType(t: readonly TsqlToken[], i: number): { name: string; text: string; next: number } | undefined {
  const name = readName(t, i)
  if (name === undefined) return undefined
  const { last } = name
  if (t[name.next]?.text !== '(' || t[name.next]?.kind !== 'punct') return { name: last, text: last, next: name.next }
  const args: string[] = []
  let j = name.next + 1
  for (; j < t.length && t[j]?.text !== ')'; j++) args.push((t[j] as TsqlToken).text)
  return { name: last, text: `${last}(${args.join('')})`, next: j + 1 }
}

/** The comma-separated items of the parenthesised list opening at `open`, split at depth 0; undefined when it never closes. */
function splitItems(t: readonly TsqlToken[], open: number): TsqlToken[][] | undefined {
  let item: TsqlToken[] = []
  const items = [item]
  let depth = 0
  for (let i = open + 1; i < t.length; i++) {
    const tok = t[i] as TsqlToken
    const punct = tok.kind === 'punct'
    if (punct && tok.text === ')' && depth === 0) return items
    if (punct && tok.text === '(') depth++
    if (punct && tok.text === ')') depth--
    if (punct && tok.text === ',' && depth === 0) items.push((item = []))
    else item.push(tok)
  }
  return undefined
}
