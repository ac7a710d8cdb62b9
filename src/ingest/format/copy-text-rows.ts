import type { CopyBuffer } from '../copy-buffer'
import { indexOrEnd, MAX_OPEN_ROW, startsWithBom, type AsIsRows } from './as-is-rows'

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
 * Cuts a `mysql-tab` member into rows and hands them to COPY text as they
 * are, with only `\t<_dump_id>` added to each. `push` refuses bytes
 * PostgreSQL and the checks would read differently: a raw CR, a BOM, an
 * escape from the list above, a row over 1 MiB.
 */
export class CopyTextRows implements AsIsRows {
  rows = 0
  private pending: Buffer | undefined

  /** `suffix`: what ends every row, `\t<_dump_id>\n`. */
  constructor(private readonly suffix: Buffer) {}

  push(chunk: Buffer, out: CopyBuffer): boolean {
    if (chunk.indexOf(CR) !== -1) return false
    const buf = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk])
    const n = buf.length
    let rowStart = 0
    let backslash = indexOrEnd(buf, BACKSLASH, 0)
    rows: for (;;) {
      let lf = buf.indexOf(LF, rowStart)
      if (lf === -1) break
      while (backslash < lf) {
        if (SAME_ESCAPE[buf[backslash + 1]] === 0) return false
        const after = backslash + 2
        backslash = indexOrEnd(buf, BACKSLASH, after)
        if (after > lf) {
          // The LF was escaped: data, not the row's end.
          lf = buf.indexOf(LF, after)
          if (lf === -1) break rows
        }
      }
      if (this.rows === 0 && startsWithBom(buf)) return false
      out.rawRange(buf, rowStart, lf)
      out.raw(this.suffix)
      this.rows++
      rowStart = lf + 1
    }
    this.pending = rowStart === n ? undefined : buf.subarray(rowStart)
    return this.pending === undefined || this.pending.length <= MAX_OPEN_ROW
  }

  finish(out: CopyBuffer): boolean {
    const rest = this.pending
    if (rest === undefined) return true
    if (this.rows === 0 && startsWithBom(rest)) return false
    for (let b = rest.indexOf(BACKSLASH); b !== -1; b = rest.indexOf(BACKSLASH, b + 2)) {
      if (b + 1 === rest.length || SAME_ESCAPE[rest[b + 1]] === 0) return false
    }
    out.raw(rest)
    out.raw(this.suffix)
    this.rows++
    return true
  }
}
