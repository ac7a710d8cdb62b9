import { COPY_ESCAPE, putEscaped, putNull, type CopyBuffer } from '../copy/copy-buffer'
import { OpenRowCutter } from './as-is-rows'
import { matchesAt, type FormatBytes } from '../read/format-bytes'

const NUL = 0x00
const TAB = 0x09

/**
 * Rewrites a UTF-8 member of a format without quotes or escapes (bcp
 * character mode, pipe-delimited legacy exports) as COPY text, read as
 * heirloom's reader reads it: column by column, the first n−1 fields ending
 * at the delimiter (a row terminator inside them is data), the last at the
 * row terminator. Each delimiter becomes TAB, a field that is the NULL
 * pattern `\N`, the empty-string marker nothing, and backslash, TAB, LF and
 * CR inside values their COPY escapes; `_dump_id` ends each row. Values are
 * neither decoded nor checked: PostgreSQL's input functions check them.
 * Refused, so the checks read the member and keep the bad rows: a NUL inside
 * a value, a delimiter in the last field (a field too many), a member that
 * ends before its last row has all its fields, a row longer than
 * `maxRecordBytes`, and a row still open after 1 MiB.
 */
export class BcpRows extends OpenRowCutter {
  /**
   * `columns`: fields per row; `format`: the format's UTF-8 bytes; `suffix`:
   * what ends every row, `\t<_dump_id>\n`; `maxRecordBytes`: a longer row
   * is refused (none when absent).
   */
  constructor(private readonly columns: number, private readonly format: FormatBytes, private readonly suffix: Buffer, maxRecordBytes = Infinity) {
    super(maxRecordBytes)
    this.classes = byteClasses([format.delimiter[0], format.terminator[0], NUL])
  }

  private readonly classes: Uint8Array

  protected cut(buf: Buffer, out: CopyBuffer, final: boolean): number {
    const { delimiter, terminator, nullPattern, emptyString } = this.format
    const suffix = this.suffix
    const n = buf.length
    const d0 = delimiter[0]
    const t0 = terminator[0]
    const last = this.columns - 1
    const classes = this.classes
    // Each input byte becomes at most 2 (an escape), plus `\N` for a NULL field and the suffix for a terminator.
    const dst = out.room(3 * n + suffix.length * (Math.floor(n / terminator.length) + 1) + 2)
    let o = out.length
    let i = this.rows === 0 ? bomEnd(buf, this.format.bom) : 0
    // Until a first row is complete, the open row keeps its BOM: it is skipped again when the row is cut.
    let rowStart = 0
    for (;;) {
      if (i === n) break
      const rowOut = o
      let field = 0
      let fieldStart = i
      let fieldOut = o
      let nul = false
      let rowEnd = -1
      while (i < n) {
        const c = buf[i]
        const k = classes[c]
        if (k === PLAIN) {
          dst[o++] = c
          i++
          continue
        }
        if (k === ESCAPED) {
          o = putEscaped(dst, o, c)
          i++
          continue
        }
        // The first byte of a delimiter or terminator, or a NUL.
        if (field < last) {
          if (c === d0 && matchesAt(buf, delimiter, i, n)) {
            o = endField(buf, fieldStart, i, nul, nullPattern, emptyString, dst, fieldOut, o)
            if (o < 0) return -1
            dst[o++] = TAB
            i += delimiter.length
            field++
            fieldStart = i
            fieldOut = o
            nul = false
            continue
          }
        } else if (c === t0 && matchesAt(buf, terminator, i, n)) {
          rowEnd = i
          break
        } else if (c === d0 && matchesAt(buf, delimiter, i, n)) {
          return -1
        }
        if (c === NUL) nul = true
        o = putEscaped(dst, o, c)
        i++
      }
      if (rowEnd < 0) {
        if (!final) {
          o = rowOut
          break
        }
        // The member ends inside this row: it is complete only when its last field has begun.
        if (field < last) return -1
        rowEnd = n
      }
      if (rowEnd - rowStart > this.maxRecordBytes) return -1
      o = endField(buf, fieldStart, rowEnd, nul, nullPattern, emptyString, dst, fieldOut, o)
      if (o < 0) return -1
      for (let k = 0; k < suffix.length; k++) dst[o++] = suffix[k]
      this.rows++
      i = rowStart = Math.min(rowEnd + terminator.length, n)
    }
    out.moveTo(o)
    return rowStart
  }
}

/**
 * Ends the field buf[a, b), already written escaped to dst from `from` to
 * `to`: the NULL pattern becomes `\N`, the empty-string marker nothing.
 * Returns where the output goes on, or -1 for a NUL in any other value.
 */
function endField(buf: Buffer, a: number, b: number, nul: boolean, nullPattern: Buffer, emptyString: Buffer | undefined, dst: Buffer, from: number, to: number): number {
  if (b - a === nullPattern.length && matchesAt(buf, nullPattern, a, b)) return putNull(dst, from)
  if (emptyString !== undefined && b - a === emptyString.length && matchesAt(buf, emptyString, a, b)) return from
  return nul ? -1 : to
}

/** Where the first row starts: after the encoding's BOM, which the reader skips too. */
function bomEnd(buf: Buffer, bom: Buffer | undefined): number {
  return bom !== undefined && matchesAt(buf, bom, 0, buf.length) ? bom.length : 0
}

/** What the cutter does with a byte: copy it, write its COPY escape, or look closer (a byte of the format's syntax). */
const PLAIN = 0
const ESCAPED = 1
const SYNTAX = 2

/**
 * Each byte's class for the inner loop — one table look-up per byte instead
 * of a comparison per kind (copying runs of plain bytes at once measured
 * slower: fields are short): `syntax` bytes (the first byte of the delimiter
 * and of the terminator, NUL) are SYNTAX, even when COPY would escape them
 * too; the other bytes COPY text escapes (backslash, TAB, LF, CR) ESCAPED.
 */
function byteClasses(syntax: readonly number[]): Uint8Array {
  const classes = new Uint8Array(256)
  for (let c = 0; c < 256; c++) if (COPY_ESCAPE[c] !== 0) classes[c] = ESCAPED
  for (const c of syntax) classes[c] = SYNTAX
  return classes
}
