/**
 * Writers of data files as the real exporters write them, for fixtures and
 * property tests. Each follows its tool's documented rules and nothing
 * heirloom-specific, so a test compares heirloom with the tool, not with
 * itself.
 */

/** A field as an exporter sees it: NULL, text, or the bytes of a binary column. */
export type FieldValue = string | Buffer | null
export type Row = readonly FieldValue[]

const BACKSLASH = 0x5c

/**
 * `SELECT … INTO OUTFILE` with its defaults, which `mysqldump --tab` uses:
 * fields terminated by TAB, lines by LF, escaped by `\`, not enclosed. NULL is
 * `\N`; the escape character, NUL (as `\0`) and the first character of the
 * field and line terminators (a real TAB or LF after `\`) are escaped;
 * every other byte, CR included, is written as it is. Text is UTF-8.
 */
export function encodeMysqlTab(rows: readonly Row[]): Buffer {
  const out: number[] = []
  for (const row of rows) {
    row.forEach((value, i) => {
      if (i > 0) out.push(0x09)
      if (value === null) {
        out.push(BACKSLASH, 0x4e)
        return
      }
      for (const byte of typeof value === 'string' ? Buffer.from(value, 'utf8') : value) {
        if (byte === 0) out.push(BACKSLASH, 0x30)
        else if (byte === BACKSLASH || byte === 0x09 || byte === 0x0a) out.push(BACKSLASH, byte)
        else out.push(byte)
      }
    })
    out.push(0x0a)
  }
  return Buffer.from(out)
}

export interface BcpOptions {
  /** `-t`; bcp's default is TAB. */
  readonly delimiter?: string
  /** `-r`; bcp writes its default `\n` as CRLF. */
  readonly rowTerminator?: string
  /** `-c` (code page, UTF-8 with `-C 65001`) or `-w` (UTF-16LE). */
  readonly encoding?: 'utf8' | 'utf16le'
  /** Start the file with a byte order mark. */
  readonly bom?: boolean
}

/**
 * `bcp … out -c` (or `-w`): character mode, no quoting and no escapes. NULL
 * is an empty field, an empty value a lone NUL character; binary columns
 * are hex digits without `0x`. bcp has no way to write a value holding the
 * field terminator (or, in the last column, the row terminator): such a
 * value is refused here, since bcp would write a file nobody can read back.
 */
export function encodeBcp(rows: readonly Row[], options: BcpOptions = {}): Buffer {
  const delimiter = options.delimiter ?? '\t'
  const terminator = options.rowTerminator ?? '\r\n'
  let text = ''
  for (const row of rows) {
    row.forEach((value, i) => {
      const last = i === row.length - 1
      const written = value === null ? '' : typeof value === 'string' ? value : value.toString('hex').toUpperCase()
      const field = value !== null && written === '' ? '\0' : written
      if (!bcpCanWrite(field, delimiter, terminator, last)) {
        throw new Error(`bcp cannot write ${JSON.stringify(field)} in ${last ? 'the last' : 'a'} column with delimiter ${JSON.stringify(delimiter)} and row terminator ${JSON.stringify(terminator)}`)
      }
      text += field + (last ? terminator : delimiter)
    })
  }
  const body = Buffer.from(text, options.encoding === 'utf16le' ? 'utf16le' : 'utf8')
  if (options.bom !== true) return body
  return Buffer.concat([Buffer.from(options.encoding === 'utf16le' ? [0xff, 0xfe] : [0xef, 0xbb, 0xbf]), body])
}

/**
 * Whether a reader taking fields column by column finds this field's end
 * where it really is: the field's first separator must be the one written
 * after it, and the last field may hold no field separator at all.
 */
export function bcpCanWrite(field: string, delimiter: string, terminator: string, last: boolean): boolean {
  if (field.includes(delimiter)) return false
  const separator = last ? terminator : delimiter
  return (field + separator).indexOf(separator) === field.length
}

export interface CsvOptions {
  readonly delimiter?: string
  readonly rowTerminator?: string
}

/**
 * RFC 4180: a field holding the delimiter, a quote, CR or LF is quoted, a
 * quote inside doubled. NULL is an unquoted empty field and the empty string
 * `""`. Binary values are written as hex (as SQL Server tools export them).
 */
export function encodeCsv(rows: readonly Row[], options: CsvOptions = {}): Buffer {
  const delimiter = options.delimiter ?? ','
  const terminator = options.rowTerminator ?? '\r\n'
  let text = ''
  for (const row of rows) {
    text += row.map((value) => {
      if (value === null) return ''
      const s = typeof value === 'string' ? value : value.toString('hex').toUpperCase()
      return s === '' || s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
    }).join(delimiter) + terminator
  }
  return Buffer.from(text, 'utf8')
}
