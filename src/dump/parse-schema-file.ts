/**
 * A dump's schema file → TableSchema. Accepts the forms of docs/dump-layout.md:
 * A (native `{table, columns, primaryKey}`), B (INFORMATION_SCHEMA.COLUMNS
 * rows from SQL Server, MySQL or PostgreSQL), C (ezETL `column_name`/`column_type`)
 * and D (the exporter's DDL: mysqldump's, pg_dump's; SQL Server's is read by scan).
 * Schema files come from other people's tooling, so everything is treated
 * as untrusted: every problem becomes SCHEMA_INVALID naming dump and member.
 */
import { HeirloomError } from '../errors'
import type { Dialect, SourceColumn, TableSchema } from '../schema/model'
import { parseColumnType, withoutUndefined, type ColumnTypeDetails } from './parse-column-type'
import type { PgParse } from './load-pg-parser'
import { parseMysqlDdl, type DdlResult } from './parse-mysql-ddl'
import { parsePgDumpDdl } from './parse-pg-dump-ddl'
import { parseSqliteDdl } from './parse-sqlite-ddl'

export interface SchemaFileRef {
  /** The dump's file name, for messages. */
  readonly dump: string
  /** The member's path inside the ZIP; its base name is the table name when the file names none. */
  readonly member: string
  /** The built-in the dump's dialect is or extends: it says which SQL a `.sql` member (Form D) is written in (SQLite's `.schema` for sqlite, MySQL when not given). */
  readonly dialect?: Dialect
  /** PostgreSQL's parser, loaded by the caller when a `postgresql` dump's `.sql` member is read (load-pg-parser.ts). */
  readonly pgParse?: PgParse
}

type Json = Record<string, unknown>
type Fail = (problem: string, fix: string) => HeirloomError

/** Parses one schema file's text; throws SCHEMA_INVALID naming the dump, the member and the problem. */
export function parseSchemaFile(text: string, where: SchemaFileRef): TableSchema {
  const fail: Fail = (problem, fix) => new HeirloomError('SCHEMA_INVALID', `${where.dump}: ${where.member}: ${problem}`, fix)
  if (where.member.toLowerCase().endsWith('.sql')) return parseDdl(text, where, fail)
  const raw = parseLenientJson(text, fail)
  const top = isRecord(raw) ? lowerKeys(raw) : undefined
  const entries = Array.isArray(raw) ? raw : top?.['columns']
  if (!Array.isArray(entries)) {
    throw fail('is neither an array of columns nor an object with a "columns" array',
      'write {"table": …, "columns": [{"name": …, "type": …}]} or export INFORMATION_SCHEMA.COLUMNS rows')
  }
  if (entries.length === 0) throw fail('lists no columns', 'export the table\'s columns into its schema file')
  const rows = entries.map((e, i) => {
    if (!isRecord(e)) throw fail(`column ${i + 1} is not an object`, 'write each column as a JSON object')
    return lowerKeys(e)
  })
  const fallbackName = stringOf(top?.['table']) ?? stringOf(top?.['table_name']) ?? memberBaseName(where.member)
  const form = formOf(rows)
  const schema = form === 'B' ? parseFormB(where.dialect === 'postgresql' ? rows.filter((r) => !isPgGenerated(r)) : rows, fallbackName, fail)
    : form === 'C' ? parseFormC(rows, fallbackName, fail)
    : parseFormA(rows, top, fallbackName, fail)
  checkDuplicates(schema.columns, fail)
  return schema
}

/** Form D: the exporter's CREATE TABLE statement, in the dump's dialect. */
function parseDdl(text: string, where: SchemaFileRef, fail: Fail): TableSchema {
  // SQL Server scripts are read by scan with every alias type the dump declares (mssql-schema-files.ts), never one file alone.
  if (where.dialect === 'mssql') throw fail('is SQL Server DDL, read only as part of its dump (its alias types may live in another .sql member)', 'scan the dump with `heirloom scan`')
  const result: DdlResult = where.dialect === 'sqlite' ? parseSqliteDdl(text)
    : where.dialect !== 'postgresql' ? parseMysqlDdl(text)
    : where.pgParse !== undefined ? parsePgDumpDdl(text, memberBaseName(where.member), where.pgParse)
    : { ok: false, problem: 'is PostgreSQL DDL, read only as part of its dump (PostgreSQL\'s parser is loaded for it)', fix: 'scan the dump with `heirloom scan`' }
  if (!result.ok) throw fail(result.problem, result.fix)
  checkDuplicates(result.schema.columns, fail)
  return result.schema
}

/**
 * A PostgreSQL generated column (information_schema.columns is_generated
 * `ALWAYS`): COPY … TO leaves it out of the data file, so it is no field.
 */
function isPgGenerated(row: Json): boolean {
  return stringOf(row['is_generated'])?.toUpperCase() === 'ALWAYS'
}

/** Keys only INFORMATION_SCHEMA.COLUMNS rows have: a MySQL export may carry COLUMN_TYPE without DATA_TYPE and is still Form B. */
const FORM_B_KEYS: readonly string[] = ['data_type', 'ordinal_position', 'is_nullable', 'table_name', 'column_key']

function formOf(rows: readonly Json[]): 'A' | 'B' | 'C' {
  if (rows.some((r) => FORM_B_KEYS.some((k) => k in r))) return 'B'
  if (rows.some((r) => 'column_type' in r)) return 'C'
  if (rows.some((r) => 'column_name' in r)) return 'B'
  return 'A'
}

function parseFormA(rows: readonly Json[], top: Json | undefined, table: string, fail: Fail): TableSchema {
  const columns = rows.map((row, i) => {
    const name = requireName(row['name'], i, '"name"', fail)
    const details = typeDetails(row['type'], name, i, '"type"', fail)
    return buildColumn(name, details, {
      length: lengthOf(row['length'], name, 'length', fail),
      precision: integerOf(row['precision'], name, 'precision', fail),
      scale: integerOf(row['scale'], name, 'scale', fail),
      datetimePrecision: integerOf(row['datetimeprecision'], name, 'datetimePrecision', fail),
      unsigned: typeof row['unsigned'] === 'boolean' ? row['unsigned'] : undefined,
      values: stringsOf(row['values']),
    }, nullableOf(row['nullable'], name, fail), 'explicit')
  })
  return { name: table, columns, primaryKey: primaryKeyOf(top?.['primarykey'], columns, fail), fieldOrderFromHeader: false }
}

function parseFormB(rows: readonly Json[], fallbackName: string, fail: Fail): TableSchema {
  const numbered = rows.map((row, i) => ({ row, position: integerOf(row['ordinal_position'], `row ${i + 1}`, 'ORDINAL_POSITION', fail) ?? i + 1 }))
  numbered.sort((a, b) => a.position - b.position)
  const tables = new Set(rows.map((r) => stringOf(r['table_name'])).filter((t): t is string => t !== undefined))
  if (tables.size > 1) {
    throw fail(`holds columns of several tables (${[...tables].join(', ')})`, 'export one table per schema file')
  }
  const columns: SourceColumn[] = []
  const primaryKey: string[] = []
  numbered.forEach(({ row }, i) => {
    const name = requireName(row['column_name'], i, 'COLUMN_NAME', fail)
    const dataType = typeDetails(pgUdtType(row) ?? row['data_type'] ?? row['column_type'], name, i, 'DATA_TYPE', fail)
    const columnType = row['column_type'] === undefined || row['column_type'] === null ? undefined : typeDetails(row['column_type'], name, i, 'COLUMN_TYPE', fail)
    // COLUMN_TYPE is MySQL's full declaration (`tinyint(1) unsigned`): its details beat the generic columns.
    const details: ColumnTypeDetails = columnType === undefined ? dataType : { ...dataType, ...withoutUndefined(columnType), base: dataType.base }
    columns.push(buildColumn(name, details, {
      length: lengthOf(row['character_maximum_length'], name, 'CHARACTER_MAXIMUM_LENGTH', fail),
      precision: integerOf(row['numeric_precision'], name, 'NUMERIC_PRECISION', fail),
      scale: integerOf(row['numeric_scale'], name, 'NUMERIC_SCALE', fail),
      datetimePrecision: integerOf(row['datetime_precision'], name, 'DATETIME_PRECISION', fail),
      charset: stringOf(row['character_set_name']),
    }, nullableOf(row['is_nullable'], name, fail), 'parsed'))
    if (typeof row['column_key'] === 'string' && row['column_key'].toUpperCase() === 'PRI') primaryKey.push(name)
  })
  const [table] = tables
  return { name: table ?? fallbackName, columns, primaryKey, fieldOrderFromHeader: false }
}

/**
 * PostgreSQL's information_schema names no type in DATA_TYPE for arrays
 * (`ARRAY`) and enums, composites and extension types (`USER-DEFINED`):
 * its UDT_NAME does (`_int4`, `mood`, `citext`).
 */
function pgUdtType(row: Json): string | undefined {
  const dataType = stringOf(row['data_type'])?.toUpperCase()
  return dataType === 'ARRAY' || dataType === 'USER-DEFINED' ? stringOf(row['udt_name']) : undefined
}

function parseFormC(rows: readonly Json[], table: string, fail: Fail): TableSchema {
  const columns = rows.map((row, i) => {
    const name = requireName(row['column_name'], i, 'column_name', fail)
    return buildColumn(name, typeDetails(row['column_type'], name, i, 'column_type', fail), {}, true, 'parsed')
  })
  return { name: table, columns, primaryKey: [], fieldOrderFromHeader: true }
}

type Explicit = Partial<Pick<SourceColumn, 'length' | 'precision' | 'scale' | 'datetimePrecision' | 'unsigned' | 'values' | 'charset'>>

/** Merges what the type text said with the schema file's separate fields; `winner` says which side wins a conflict. */
function buildColumn(name: string, parsed: ColumnTypeDetails, explicit: Explicit, nullable: boolean, winner: 'explicit' | 'parsed'): SourceColumn {
  const { base, ...fromText } = parsed
  const merged = winner === 'explicit'
    ? { ...withoutUndefined(fromText), ...withoutUndefined(explicit) }
    : { ...withoutUndefined(explicit), ...withoutUndefined(fromText) }
  return { name, type: base, ...merged, nullable }
}

function typeDetails(value: unknown, column: string, index: number, key: string, fail: Fail): ColumnTypeDetails {
  const text = stringOf(value)
  if (text === undefined) throw fail(`column ${index + 1} ("${column}") has no ${key}`, `give every column its type in ${key}`)
  const details = parseColumnType(text)
  if (details === undefined) throw fail(`column "${column}" has an unreadable type "${text}"`, 'write a type such as int, varchar(50), decimal(10,2) or enum(\'a\',\'b\')')
  return details
}

function requireName(value: unknown, index: number, key: string, fail: Fail): string {
  const name = stringOf(value)
  if (name === undefined) throw fail(`column ${index + 1} has no ${key}`, `give every column a non-empty ${key}`)
  return name
}

export function checkDuplicates(columns: readonly SourceColumn[], fail: (problem: string, fix: string) => HeirloomError): void {
  const seen = new Map<string, string>()
  for (const c of columns) {
    const other = seen.get(c.name.toLowerCase())
    if (other !== undefined) throw fail(`lists column "${c.name}" twice${other === c.name ? '' : ` (as "${other}" and "${c.name}")`}`, 'remove the duplicate column; names are compared case-insensitively')
    seen.set(c.name.toLowerCase(), c.name)
  }
}

function primaryKeyOf(value: unknown, columns: readonly SourceColumn[], fail: Fail): string[] {
  if (value === undefined || value === null) return []
  const names = typeof value === 'string' ? [value] : value
  if (!Array.isArray(names) || !names.every((n): n is string => typeof n === 'string')) {
    throw fail('has a primaryKey that is not a list of column names', 'write "primaryKey": ["Id"]')
  }
  return names.map((n) => {
    const column = columns.find((c) => c.name.toLowerCase() === n.toLowerCase())
    if (column === undefined) throw fail(`has primary-key column "${n}", which is not among its columns`, 'name only listed columns in primaryKey')
    return column.name
  })
}

function nullableOf(value: unknown, column: string, fail: Fail): boolean {
  if (value === undefined || value === null) return true
  if (typeof value === 'boolean') return value
  if (typeof value === 'string' && /^(yes|no|true|false)$/i.test(value.trim())) return /^(yes|true)$/i.test(value.trim())
  throw fail(`column "${column}" has nullability ${JSON.stringify(value)}`, 'write true/false or "YES"/"NO"')
}

/** Lengths: an integer, or -1 / "max" for unbounded. */
function lengthOf(value: unknown, column: string, key: string, fail: Fail): number | undefined {
  if (typeof value === 'string' && value.trim().toLowerCase() === 'max') return -1
  return integerOf(value, column, key, fail)
}

function integerOf(value: unknown, column: string, key: string, fail: Fail): number | undefined {
  if (value === undefined || value === null) return undefined
  const n = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value
  if (typeof n === 'number' && Number.isSafeInteger(n) && n >= -1) return n
  throw fail(`column "${column}" has ${key} ${JSON.stringify(value)}, not a whole number`, `write ${key} as an integer (-1 for max)`)
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

function stringsOf(value: unknown): readonly string[] | undefined {
  return Array.isArray(value) && value.every((v): v is string => typeof v === 'string') ? value : undefined
}

function lowerKeys(o: Json): Json {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]))
}

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** `exports/Customers.json` → `Customers`. */
export function memberBaseName(member: string): string {
  const file = member.slice(member.lastIndexOf('/') + 1)
  const dot = file.lastIndexOf('.')
  return dot > 0 ? file.slice(0, dot) : file
}

/** JSON, plus what hand-written ezETL files contain: a BOM and trailing commas before `]` or `}`. */
function parseLenientJson(text: string, fail: Fail): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  try {
    return JSON.parse(body)
  } catch (first) {
    try {
      return JSON.parse(withoutTrailingCommas(body))
    } catch {
      throw fail(`is not valid JSON (${first instanceof Error ? first.message : String(first)})`, 'fix the JSON syntax of the schema file')
    }
  }
}

/** Drops commas that only whitespace separates from a closing bracket, leaving string contents alone. */
function withoutTrailingCommas(text: string): string {
  let out = ''
  let from = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
    } else if (c === '"') {
      inString = true
    } else if (c === ',') {
      let j = i + 1
      while (j < text.length && /\s/.test(text[j] as string)) j++
      if (text[j] === ']' || text[j] === '}') {
        out += text.slice(from, i)
        from = i + 1
      }
    }
  }
  return out + text.slice(from)
}
