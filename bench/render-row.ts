/**
 * One generated row in each file form the bench writes: PostgreSQL COPY
 * text (the baselines' input), `mysqldump --tab`, SQL Server bcp with a
 * `|~|` delimiter and CRLF, and RFC 4180 csv. The values are the same; only
 * each format's NULL, boolean, escaping and time-zone spelling differ.
 */
import type { BenchRow } from './dataset'

export type DumpFormat = 'mysql-tab' | 'mssql-bcp' | 'csv'
export const DUMP_FORMATS: readonly DumpFormat[] = ['mysql-tab', 'mssql-bcp', 'csv']

/** The bcp file's layout (also written into the dump's manifest as its table format). */
export const BCP_FORMAT = { delimiter: '|~|', rowTerminator: '\r\n', encoding: 'utf16le' } as const

type Field = string | null

function fieldsOf(row: BenchRow, active: (b: boolean) => string, updated: (s: string) => string): Field[] {
  return [
    String(row.id), row.big, row.amount, row.name, row.notes, row.createdAt, row.birthDate,
    row.active === null ? null : active(row.active), row.qty, row.score, row.code,
    row.updatedAt === null ? null : updated(row.updatedAt),
  ]
}

const BACKSLASH = /\\/g

/** COPY text: `\N` for NULL, backslash escaped (the generator writes no TAB, LF or CR). */
export function copyTextLine(row: BenchRow): string {
  return tabLine(fieldsOf(row, (b) => (b ? 't' : 'f'), (s) => `${s}+00`))
}

/** mysqldump --tab: like COPY text, with 0/1 booleans and TIMESTAMP in UTC without an offset. */
export function mysqlTabLine(row: BenchRow): string {
  return tabLine(fieldsOf(row, (b) => (b ? '1' : '0'), (s) => s))
}

/** TAB-separated, `\N` for NULL, backslashes doubled, LF-terminated: what COPY text and mysqldump --tab share. */
function tabLine(fields: readonly (string | null)[]): string {
  let line = ''
  for (let i = 0; i < fields.length; i++) {
    const v = fields[i]
    line += `${i === 0 ? '' : '\t'}${v === null ? '\\N' : v.replace(BACKSLASH, '\\\\')}`
  }
  return `${line}\n`
}

/** bcp -c with `-t "|~|" -r "\r\n"`: NULL is an empty field, no escaping; datetimeoffset as SQL Server writes it. */
export function bcpLine(row: BenchRow): string {
  const f = fieldsOf(row, (b) => (b ? '1' : '0'), (s) => `${s} +00:00`)
  return `${f.map((v) => v ?? '').join(BCP_FORMAT.delimiter)}${BCP_FORMAT.rowTerminator}`
}

const NEEDS_QUOTES = /[",\r\n]/
const QUOTE = /"/g

/** csv: NULL is an unquoted empty field; a value with a comma or quote is quoted, its quotes doubled. */
export function csvLine(row: BenchRow): string {
  const f = fieldsOf(row, (b) => (b ? '1' : '0'), (s) => `${s} +00:00`)
  let line = ''
  for (let i = 0; i < f.length; i++) {
    const v = f[i]
    const text = v === null ? '' : NEEDS_QUOTES.test(v) ? `"${v.replace(QUOTE, '""')}"` : v
    line += i === 0 ? text : `,${text}`
  }
  return `${line}\n`
}
