/**
 * How a delimited data file is laid out (docs/dump-layout.md, "Data files"). Built-in
 * formats live here; the config may override or extend them.
 */
export interface DataFormat {
  /** Field separator; any non-empty string, multi-character allowed. */
  readonly delimiter: string
  /**
   * A bcp format file's terminator per field (docs/dump-layout.md, Form E), for fields
   * 1…n−1 (the last field ends at `rowTerminator`); absent: every field ends
   * at `delimiter`. Only for formats without quote or escape.
   */
  readonly fieldTerminators?: readonly string[]
  /**
   * 0-based positions of fields the data file holds but no column takes (a
   * bcp format file's server column order 0): read, then dropped.
   */
  readonly skipFields?: readonly number[]
  /** Record separator; any non-empty string. `csv` also accepts `\r\n` when this is `\n`. */
  readonly rowTerminator: string
  /** Encapsulation character; absent means fields are never quoted. A quote inside a quoted field is doubled. */
  readonly quote?: string
  /** Escape character (MySQL style: `\t \n \r \\ \0 \N \b \Z` and escape + any other character keeps it). */
  readonly escape?: string
  /**
   * Whose escapes follow `escape`: MySQL's LOAD DATA set (absent), or
   * PostgreSQL's COPY text set (`copy`: `\b \f \n \r \t \v`, octal `\NNN`,
   * hex `\xHH`), which only the built-in `pg-copy` format sets.
   */
  readonly escapeSet?: 'copy'
  /** The unquoted field text that means NULL (`\N`, `` (empty), `NULL`). */
  readonly nullPattern: string
  /** The field text that means the empty string, when it differs from an empty field (bcp writes a lone NUL). */
  readonly emptyString?: string
  /** `utf8`, `utf16le`, `windows-1252`, or another label Node's TextDecoder knows. */
  readonly encoding: string
  /** The first row names the columns; fields are matched to columns by name. */
  readonly header: boolean
}

export type BuiltinFormatName = 'mysql-tab' | 'mssql-bcp' | 'csv' | 'pg-copy' | 'sqlite-csv'

export const BUILTIN_FORMATS: Readonly<Record<BuiltinFormatName, DataFormat>> = Object.freeze({
  'mysql-tab': { delimiter: '\t', rowTerminator: '\n', escape: '\\', nullPattern: '\\N', encoding: 'utf8', header: false },
  'mssql-bcp': { delimiter: '\t', rowTerminator: '\r\n', nullPattern: '', emptyString: '\0', encoding: 'utf8', header: false },
  csv: { delimiter: ',', rowTerminator: '\n', quote: '"', nullPattern: '', encoding: 'utf8', header: false },
  'pg-copy': { delimiter: '\t', rowTerminator: '\n', escape: '\\', escapeSet: 'copy', nullPattern: '\\N', encoding: 'utf8', header: false },
  // The sqlite3 shell's `.headers on` + `.mode csv`: CRLF rows (read as csv reads LF or CRLF), NULL an empty field, '' written as "".
  'sqlite-csv': { delimiter: ',', rowTerminator: '\n', quote: '"', nullPattern: '', encoding: 'utf8', header: true },
})

/** The format writes rows PostgreSQL's COPY text reads the same way: `mysql-tab` and `pg-copy` (`\N`, backslash escapes, TAB, LF). */
export function isCopyText(format: DataFormat): boolean {
  const copyText = BUILTIN_FORMATS['mysql-tab']
  return format.delimiter === copyText.delimiter && format.rowTerminator === copyText.rowTerminator && format.escape === copyText.escape &&
    format.nullPattern === copyText.nullPattern && format.quote === undefined && format.emptyString === undefined
}

/** The format escapes as MySQL's LOAD DATA does, where binary columns are the raw bytes (not `pg-copy`, whose escapes are PostgreSQL's). */
export function hasMysqlEscapes(format: DataFormat): boolean {
  return format.escape !== undefined && format.escapeSet !== 'copy'
}

/**
 * The format is RFC 4180 csv as `CsvRows` rewrites it: `"` quotes (doubled
 * inside), no escape, NULL an unquoted empty field, LF or CRLF rows, and a
 * one-byte ASCII delimiter other than the quote, CR and LF.
 */
export function isPlainCsv(format: DataFormat): boolean {
  const d = format.delimiter
  return format.quote === '"' && format.escape === undefined && format.nullPattern === '' && format.emptyString === undefined &&
    format.rowTerminator === '\n' && d.length === 1 && d < '\x80' && !'"\r\n'.includes(d)
}

/**
 * The format neither quotes nor escapes (bcp -c, pipe-delimited legacy
 * exports): fields are read column by column, and `BcpRows` rewrites each
 * row as COPY text. Per-field terminators and skipped fields are left to
 * the checks: BcpRows knows one delimiter and keeps every field.
 */
export function isPlainDelimited(format: DataFormat): boolean {
  return format.quote === undefined && format.escape === undefined && format.fieldTerminators === undefined && format.skipFields === undefined
}
