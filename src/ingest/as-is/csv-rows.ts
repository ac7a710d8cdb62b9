import { putEscaped, putNull, type CopyBuffer } from '../copy/copy-buffer'
import { OpenRowCutter, startsWithBom } from './as-is-rows'

const TAB = 0x09
const LF = 0x0a
const CR = 0x0d
const QUOTE = 0x22

/**
 * Rewrites an RFC 4180 `csv` member as COPY text, read as heirloom's reader
 * reads it: a field that starts with a quote runs to the closing quote (a
 * doubled quote is one quote; delimiters, CR and LF inside are data) and
 * keeps what follows it up to the delimiter; a quote elsewhere is data; a
 * row ends at an LF outside quotes, a CR right before it belongs to the
 * row's end, one that ends the member is data. An unquoted empty field is
 * NULL (`\N`), a quoted one the empty string; delimiters become TABs and
 * backslash, TAB, LF and CR their COPY escapes; `_dump_id` ends each row.
 * PostgreSQL then parses COPY text, cheaper than its csv format, and its
 * input functions check the values. Refused, so the checks read the
 * member and keep the bad rows: a row with another number of fields, a
 * quoted field the member ends inside, a row longer than `maxRecordBytes`,
 * a row still open after 1 MiB.
 */
export class CsvRows extends OpenRowCutter {
  /**
   * `columns`: fields per row; `delimiter`: the one-byte field separator;
   * `suffix`: what ends every row, `\t<_dump_id>\n`; `maxRecordBytes`: a
   * longer row is refused (none when absent).
   */
  constructor(private readonly columns: number, private readonly delimiter: number, private readonly suffix: Buffer, maxRecordBytes = Infinity) {
    super(maxRecordBytes)
  }

  protected cut(buf: Buffer, out: CopyBuffer, final: boolean): number {
    const n = buf.length
    const { delimiter, suffix, columns } = this
    let o = out.length
    let i = this.rows === 0 && startsWithBom(buf) ? 3 : 0
    // Until a first row is complete, the open row keeps its BOM: it is skipped again when the row is cut.
    let rowStart = 0
    let rowOut = o
    rows: while (i < n) {
      // Each byte becomes at most two (an escape), each field at most `\N` and a TAB.
      out.moveTo(o)
      const dst = out.room(2 * (n - i) + 3 * columns + suffix.length)
      rowOut = o
      let field = 0
      for (;;) {
        const fieldOut = o
        let quoted = false
        if (i === n && !final) break rows
        if (buf[i] === QUOTE) {
          quoted = true
          for (i++; ; i++) {
            if (i === n) {
              if (final) return -1
              break rows
            }
            const c = buf[i]
            if (c === QUOTE) {
              if (i + 1 === n && !final) break rows
              if (buf[i + 1] !== QUOTE) break
              i++
            }
            o = putEscaped(dst, o, c)
          }
          i++
        }
        // Unquoted text, or what follows a closing quote, up to the delimiter or the row's end.
        const tail = i
        while (i < n) {
          const c = buf[i]
          if (c === delimiter || c === LF) break
          o = putEscaped(dst, o, c)
          i++
        }
        if (i === n && !final) break rows
        const endsRow = i === n || buf[i] === LF
        // The CR of a CRLF belongs to the row's end (as for the reader), not to the field.
        if (i < n && endsRow && i > tail && buf[i - 1] === CR) o -= 2
        if (!quoted && o === fieldOut) o = putNull(dst, o)
        if (!endsRow) {
          if (++field === columns) return -1
          dst[o++] = TAB
          i++
          continue
        }
        if (field !== columns - 1 || i - rowStart > this.maxRecordBytes) return -1
        for (let k = 0; k < suffix.length; k++) dst[o++] = suffix[k]
        this.rows++
        i = rowStart = Math.min(i + 1, n)
        continue rows
      }
    }
    // What the open row wrote before it turned out incomplete is taken back: it is cut again with the next chunk.
    out.moveTo(rowStart < n ? rowOut : o)
    return rowStart
  }
}
