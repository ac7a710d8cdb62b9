/**
 * bcp format files (docs/dump-layout.md, Form E). The XML form (`bcp … format nul -c -x
 * -f T.xml`) names the columns, their SQL types and a terminator per field,
 * so it is the schema and the format at once. The non-XML form (`-f T.fmt`)
 * gives terminators, the host encoding and the server column of each field;
 * its types come from the Generate-Scripts DDL beside it. XML is read by
 * fast-xml-parser (well kept, no native code).
 */
import type { XMLParser } from 'fast-xml-parser'
import { HeirloomError } from '../errors'
import type { DataFormat } from '../schema/data-format'
import type { SourceColumn, TableSchema } from '../schema/model'
import { checkDuplicates, memberBaseName, type SchemaFileRef } from './parse-schema-file'

/** How a format file lays out the data file: the terminator after each field (the last one ends the row) and its encoding. */
export interface BcpLayout {
  readonly terminators: readonly string[]
  /** `utf16le` when the fields are wide (`NCharTerm`, `SQLNCHAR`); else the dump's format decides. */
  readonly encoding: string | undefined
  /** 0-based fields no column takes (XML: a FIELD no COLUMN names as SOURCE; non-XML: server column order 0). */
  readonly skipped: readonly number[]
}

type Fail = (problem: string, fix: string) => HeirloomError

/** bcp's `xsi:type` of a ROW column → SQL Server type name, and which attributes carry its details. */
const SQL_TYPES: Readonly<Record<string, { type: string; details?: 'length' | 'numeric' | 'time' }>> = {
  SQLBIT: { type: 'bit' }, SQLTINYINT: { type: 'tinyint' }, SQLSMALLINT: { type: 'smallint' }, SQLINT: { type: 'int' }, SQLBIGINT: { type: 'bigint' },
  SQLDECIMAL: { type: 'decimal', details: 'numeric' }, SQLNUMERIC: { type: 'numeric', details: 'numeric' },
  SQLMONEY: { type: 'money' }, SQLMONEY4: { type: 'smallmoney' }, SQLFLT8: { type: 'float' }, SQLFLT4: { type: 'real' },
  SQLCHAR: { type: 'char', details: 'length' }, SQLVARYCHAR: { type: 'varchar', details: 'length' },
  SQLNCHAR: { type: 'nchar', details: 'length' }, SQLNVARCHAR: { type: 'nvarchar', details: 'length' },
  SQLTEXT: { type: 'text' }, SQLNTEXT: { type: 'ntext' }, SQLXML: { type: 'xml' },
  SQLBINARY: { type: 'binary', details: 'length' }, SQLVARYBIN: { type: 'varbinary', details: 'length' }, SQLIMAGE: { type: 'image' },
  SQLDATETIME: { type: 'datetime' }, SQLDATETIM4: { type: 'smalldatetime' }, SQLDATE: { type: 'date' },
  SQLTIME: { type: 'time', details: 'time' }, SQLDATETIME2: { type: 'datetime2', details: 'time' }, SQLDATETIMEOFFSET: { type: 'datetimeoffset', details: 'time' },
  SQLUNIQUEID: { type: 'uniqueidentifier' }, SQLVARIANT: { type: 'sql_variant' },
}

let parser: XMLParser | undefined

/**
 * fast-xml-parser, loaded at the first XML format file: loaded with the scan
 * in a worker thread, it made that thread's later COPY of a 1M-row bcp member
 * cost 0.3–0.4 s more CPU (measured A/B), though no dump without a format
 * file ever calls it.
 */
function xmlParser(): XMLParser {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { XMLParser: Parser } = require('fast-xml-parser') as typeof import('fast-xml-parser')
  parser ??= new Parser({ ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true, isArray: (name) => name === 'FIELD' || name === 'COLUMN', parseAttributeValue: false, trimValues: false })
  return parser
}

/** Reads an XML format file: the table (named after the member) and its layout. Throws SCHEMA_INVALID naming dump and member. */
export function parseBcpXmlFormat(text: string, where: SchemaFileRef): { schema: TableSchema; layout: BcpLayout } {
  const fail: Fail = (problem, fix) => new HeirloomError('SCHEMA_INVALID', `${where.dump}: ${where.member}: ${problem}`, fix)
  let doc: unknown
  try {
    doc = xmlParser().parse(text, true)
  } catch (e) {
    throw fail(`is not well-formed XML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`, 'write the format file again with `bcp … format nul -c -x -f T.xml`')
  }
  const root = record(record(doc)?.['BCPFORMAT'])
  const fields = arrayOf(record(root?.['RECORD'])?.['FIELD'])
  const rowColumns = arrayOf(record(root?.['ROW'])?.['COLUMN'])
  if (root === undefined || fields.length === 0 || rowColumns.length === 0) {
    throw fail('is no bcp XML format file (<BCPFORMAT> with <RECORD><FIELD …/> and <ROW><COLUMN …/>)', 'write it with `bcp … format nul -c -x -f T.xml`')
  }
  const ids = fields.map((f, i) => attribute(f, 'ID') ?? String(i + 1))
  const terminators = fields.map((f, i) => {
    const t = attribute(f, 'TERMINATOR')
    if (t === undefined || t === '') throw fail(`field ${ids[i]} has no TERMINATOR (a fixed-length or native field)`, 'export the data in character mode (`bcp … -c` or `-w`), where every field has a terminator')
    return unescapeTerminator(t)
  })
  const bySource = new Map(rowColumns.map((c) => [attribute(c, 'SOURCE') ?? '', c]))
  for (const c of rowColumns) {
    if (!ids.includes(attribute(c, 'SOURCE') ?? '')) throw fail(`column "${attribute(c, 'NAME') ?? '?'}" has SOURCE ${attribute(c, 'SOURCE') ?? '(none)'}, which is no FIELD ID`, 'give every <COLUMN> the ID of its <FIELD> as SOURCE')
  }
  const columns = ids.flatMap((id) => {
    const column = bySource.get(id)
    return column === undefined ? [] : [columnOf(column, fail)]
  })
  checkDuplicates(columns, fail)
  const wide = fields.some((f) => attribute(f, 'type') === 'NCharTerm')
  const skipped = ids.flatMap((id, i) => (bySource.has(id) ? [] : [i]))
  return { schema: { name: memberBaseName(where.member), columns, primaryKey: [], fieldOrderFromHeader: false }, layout: { terminators, encoding: wide ? 'utf16le' : undefined, skipped } }
}

function columnOf(column: Record<string, unknown>, fail: Fail): SourceColumn {
  const name = attribute(column, 'NAME')
  if (name === undefined || name === '') throw fail(`column of field ${attribute(column, 'SOURCE') ?? '?'} has no NAME`, 'give every <COLUMN> its NAME')
  const xsiType = attribute(column, 'type') ?? ''
  const sql = SQL_TYPES[xsiType.toUpperCase()]
  if (sql === undefined) throw fail(`column "${name}" has the unknown xsi:type "${xsiType}"`, 'use the SQL types bcp writes (SQLINT, SQLNVARCHAR, SQLDECIMAL, …)')
  const number = (key: string): number | undefined => {
    const v = attribute(column, key)
    return v === undefined || !/^\d+$/.test(v) ? undefined : Number(v)
  }
  const nullable = (attribute(column, 'NULLABLE') ?? 'YES').toUpperCase() !== 'NO'
  switch (sql.details) {
    case 'length': return withDefined({ name, type: sql.type, length: number('LENGTH'), nullable })
    case 'numeric': return withDefined({ name, type: sql.type, precision: number('PRECISION'), scale: number('SCALE'), nullable })
    case 'time': return withDefined({ name, type: sql.type, datetimePrecision: number('SCALE'), nullable })
    default: return { name, type: sql.type, nullable }
  }
}

/** Terminators as bcp writes them: `\t`, `\n`, `\r`, `\0`, `\\`; other characters stand for themselves. */
export function unescapeTerminator(text: string): string {
  const map: Readonly<Record<string, string>> = { t: '\t', n: '\n', r: '\r', '0': '\0', '\\': '\\', '"': '"' }
  return text.replace(/\\(.)/gs, (all, c: string) => map[c] ?? all)
}

function attribute(node: Record<string, unknown>, key: string): string | undefined {
  const v = node[key]
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined
}

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
}

function arrayOf(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.map(record).filter((r): r is Record<string, unknown> => r !== undefined) : []
}

function withDefined(c: SourceColumn): SourceColumn {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as unknown as SourceColumn
}

/**
 * The dump's format for the table, with the format file's terminators: one
 * delimiter when fields 1…n−1 share it (the as-is path keeps working), else
 * one per field; the last is the row terminator.
 */
export function formatWithLayout(base: DataFormat, layout: BcpLayout): DataFormat {
  const fieldEnds = layout.terminators.slice(0, -1)
  const rowTerminator = layout.terminators[layout.terminators.length - 1] ?? base.rowTerminator
  const delimiter = fieldEnds[0] ?? base.delimiter
  const shared = fieldEnds.every((t) => t === delimiter)
  return {
    ...base, delimiter, rowTerminator, encoding: layout.encoding ?? base.encoding,
    ...(shared ? {} : { fieldTerminators: fieldEnds }),
    ...(layout.skipped.length === 0 ? {} : { skipFields: layout.skipped }),
  }
}

/** One field line of a non-XML format file: host order, host type, prefix, length, "terminator", server order, name, collation. */
const FMT_FIELD = /^\s*(\d+)\s+(\w+)\s+(\d+)\s+(\d+)\s+"((?:[^"\\]|\\.)*)"\s+(\d+)\s+(\S+)(?:\s+\S+)?\s*$/

/**
 * Reads a non-XML format file (`14.0` header, field count, one line per
 * field) and orders the DDL's columns as the data file's fields hold them:
 * field i loads server column `order` (1-based) of `table`.
 */
export function parseBcpNonXmlFormat(text: string, where: SchemaFileRef, table: TableSchema): { schema: TableSchema; layout: BcpLayout } {
  const fail: Fail = (problem, fix) => new HeirloomError('SCHEMA_INVALID', `${where.dump}: ${where.member}: ${problem}`, fix)
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  const count = Number(lines[1]?.trim())
  if (!/^\d+(\.\d+)?$/.test(lines[0]?.trim() ?? '') || !Number.isSafeInteger(count) || lines.length - 2 !== count) {
    throw fail(`is no bcp format file (a version line, the field count, then ${Number.isSafeInteger(count) ? count : 'one'} line(s) per field)`, 'write it with `bcp … format nul -c -f T.fmt`')
  }
  const fields = lines.slice(2).map((line, i) => {
    const m = FMT_FIELD.exec(line)
    if (m === null) throw fail(`line ${i + 3} is not a field line (host order, type, prefix, length, "terminator", server order, name, collation)`, 'write it with `bcp … format nul -c -f T.fmt`')
    return { type: (m[2] as string).toUpperCase(), terminator: unescapeTerminator(m[5] as string), order: Number(m[6]), name: m[7] as string }
  })
  // Server column order 0: the field is in the file but loads into no column.
  const columns = fields.flatMap((f, i) => {
    if (f.order === 0) return []
    const column = table.columns[f.order - 1]
    if (column === undefined) throw fail(`field ${i + 1} (${f.name}) loads server column ${f.order}, but ${table.name} has ${table.columns.length} columns`, 'use the format file written for this table')
    return [column]
  })
  if (columns.length === 0) throw fail('loads no column: every field has server column order 0', 'use the format file written for this table')
  checkDuplicates(columns, fail)
  const wide = fields.some((f) => f.type === 'SQLNCHAR')
  const skipped = fields.flatMap((f, i) => (f.order === 0 ? [i] : []))
  return { schema: { ...table, columns }, layout: { terminators: fields.map((f) => f.terminator), encoding: wide ? 'utf16le' : undefined, skipped } }
}

/**
 * An XML format file beside the table's DDL: the DDL gives the types (alias
 * types, keys), the XML the field order (by column NAME) and the layout.
 */
export function layoutOverDdl(xml: { schema: TableSchema; layout: BcpLayout }, ddl: TableSchema, where: SchemaFileRef): { schema: TableSchema; layout: BcpLayout } {
  const columns = xml.schema.columns.map((c) => {
    const column = ddl.columns.find((d) => d.name.toLowerCase() === c.name.toLowerCase())
    if (column === undefined) {
      throw new HeirloomError('SCHEMA_INVALID', `${where.dump}: ${where.member}: column "${c.name}" is not in the CREATE TABLE of ${ddl.name}`, 'use the format file written for this table')
    }
    return column
  })
  return { schema: { ...ddl, columns }, layout: xml.layout }
}
