import type { CopyBuffer } from '../copy-buffer'
import { indexOrEnd, OpenRowCutter, startsWithBom } from './as-is-rows'

const LF = 0x0a
const CR = 0x0d
const QUOTE = 0x22
const BACKSLASH = 0x5c
const DOT = 0x2e

/**
 * Cuts an RFC 4180 `csv` member into rows and hands them to COPY's csv
 * format as they are, each with only `,<_dump_id>` added and its CRLF made
 * LF: no field is decoded, and PostgreSQL's input functions check every
 * value. PostgreSQL and heirloom's reader agree on csv as long as every
 * quote opens a field or closes one (`a,"b ""c""",d`; both keep text after
 * a closing quote: `"ab"c` is `abc`); they part ways on a quote anywhere
 * else (`ab"c`, `"a" "b"`: PostgreSQL starts quoting there), on a BOM,
 * and on a row starting with `\.` (`\.` and CR is PostgreSQL's end of
 * data), so `push` refuses those, and a row still open after 1 MiB. A raw CR
 * outside quotes other than before the LF, a NUL, a wrong field count:
 * PostgreSQL refuses them itself, and the caller reloads the member
 * through the checks.
 */
export class CsvRows extends OpenRowCutter {
  /** `delimiter`: the one-byte field separator; `suffix`: what ends every row, `<delimiter><_dump_id>\n`. */
  constructor(private readonly delimiter: number, private readonly suffix: Buffer) {
    super()
  }

  protected cut(buf: Buffer, out: CopyBuffer, final: boolean): number {
    const n = buf.length
    const delimiter = this.delimiter
    let rowStart = 0
    let quote = indexOrEnd(buf, QUOTE, 0)
    for (;;) {
      let lf = indexOrEnd(buf, LF, rowStart)
      while (quote < lf) {
        if (quote !== rowStart && buf[quote - 1] !== delimiter) return -1
        const close = closingQuote(buf, quote + 1, final)
        if (close < 0) return close === INCOMPLETE ? rowStart : -1
        quote = indexOrEnd(buf, QUOTE, close + 1)
        // The LF was inside the quotes: data, not the row's end.
        if (close > lf) lf = indexOrEnd(buf, LF, close + 1)
      }
      if (lf === n && !final) return rowStart
      if (rowStart === n) return n
      if (this.rows === 0 && startsWithBom(buf)) return -1
      if (buf[rowStart] === BACKSLASH && buf[rowStart + 1] === DOT) return -1
      // The CR of a CRLF belongs to the row's end (as for the reader); a CR that ends the member is data.
      const end = lf < n && lf > rowStart && buf[lf - 1] === CR ? lf - 1 : lf
      out.rawRange(buf, rowStart, end)
      out.raw(this.suffix)
      this.rows++
      rowStart = Math.min(lf + 1, n)
      if (lf === n) return n
    }
  }
}

const INCOMPLETE = -1
const MALFORMED = -2

/**
 * The closing quote of a quoted field whose text starts at from (a doubled
 * quote is data), INCOMPLETE when the bytes so far cannot tell, MALFORMED
 * when the member ends inside the quotes.
 */
function closingQuote(buf: Buffer, from: number, final: boolean): number {
  for (let q = buf.indexOf(QUOTE, from); ; q = buf.indexOf(QUOTE, q + 2)) {
    if (q === -1) return final ? MALFORMED : INCOMPLETE
    if (q + 1 === buf.length) return final ? q : INCOMPLETE
    if (buf[q + 1] !== QUOTE) return q
  }
}
