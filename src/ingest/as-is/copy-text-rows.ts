import type { CopyBuffer } from '../copy/copy-buffer'
import { indexOrEnd, OpenRowCutter, startsWithBom } from './as-is-rows'

const LF = 0x0a
const CR = 0x0d
const BACKSLASH = 0x5c

/**
 * Bytes after a backslash that MySQL's LOAD DATA rules (heirloom's reader)
 * and PostgreSQL's COPY text read alike: `\\`, `\b`, `\n`, `\r`, `\t`, a
 * backslash before a TAB or LF (MySQL's escape of its own delimiters), and
 * any other character standing for itself. Not alike: `\0` (MySQL's NUL;
 * PostgreSQL's octal, `\01` is byte 1), other digits, `\x` (hex), `\f`,
 * `\v`, `\Z` (MySQL's ^Z), `\.` (PostgreSQL's end of data) and CR.
 */
const SAME_ESCAPE = new Uint8Array(256).fill(1)
for (const c of '0123456789xfvZ.\r') SAME_ESCAPE[c.charCodeAt(0)] = 0

/**
 * The same for `pg-copy`, whose escapes heirloom's reader reads as COPY
 * does: all but `\.` (COPY's end of data, never in COPY TO's output) and CR.
 */
const SAME_COPY_ESCAPE = new Uint8Array(256).fill(1)
for (const c of '.\r') SAME_COPY_ESCAPE[c.charCodeAt(0)] = 0

/**
 * Cuts a `mysql-tab` or `pg-copy` member into rows and hands them to COPY text as they
 * are, with only `\t<_dump_id>` added to each. It refuses bytes
 * PostgreSQL and the checks would read differently: a raw CR, a BOM, an
 * escape from the list above, a row over `maxRecordBytes`, a row still open
 * after 1 MiB.
 */
export class CopyTextRows extends OpenRowCutter {
  /** `suffix`: what ends every row, `\t<_dump_id>\n`; `maxRecordBytes`: a longer row is refused (none when absent). */
  private readonly same: Uint8Array

  /** `copyEscapes`: the member is `pg-copy`, escaped as COPY reads it. */
  constructor(private readonly suffix: Buffer, maxRecordBytes = Infinity, copyEscapes = false) {
    super(maxRecordBytes)
    this.same = copyEscapes ? SAME_COPY_ESCAPE : SAME_ESCAPE
  }

  protected cut(buf: Buffer, out: CopyBuffer, final: boolean): number {
    if (buf.indexOf(CR) !== -1 || (this.rows === 0 && startsWithBom(buf))) return -1
    const n = buf.length
    let rowStart = 0
    let backslash = indexOrEnd(buf, BACKSLASH, 0)
    while (rowStart < n) {
      // The member's last row may end without LF.
      let lf = final ? indexOrEnd(buf, LF, rowStart) : buf.indexOf(LF, rowStart)
      if (lf === -1) break
      while (backslash < lf) {
        if (backslash + 1 === n || this.same[buf[backslash + 1]] === 0) return -1
        const after = backslash + 2
        backslash = indexOrEnd(buf, BACKSLASH, after)
        // The LF was escaped: data, not the row's end.
        if (after > lf) lf = final ? indexOrEnd(buf, LF, after) : buf.indexOf(LF, after)
        if (lf === -1) return rowStart
      }
      if (lf - rowStart > this.maxRecordBytes) return -1
      out.rawRange(buf, rowStart, lf)
      out.raw(this.suffix)
      this.rows++
      rowStart = Math.min(lf + 1, n)
    }
    return rowStart
  }
}
