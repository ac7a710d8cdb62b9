import type { PgType } from '../../schema/model'
import type { CopyBuffer } from '../copy/copy-buffer'
import type { FieldScan } from './binary-values'
import { columnKind, type BinaryWriter } from '../load-path/column-kinds'

const TAB = 0x09
const LF = 0x0a
const BACKSLASH = 0x5c
const UPPER_N = 0x4e

/** PGCOPY signature, flags and header extension length. */
const HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0])
const TRAILER = Buffer.from([0xff, 0xff])

/**
 * Turns COPY text rows, as the as-is cutters write them (`_dump_id` last),
 * into COPY BINARY. PostgreSQL then skips its text input functions — about
 * half of a text COPY's server time, numeric and timestamp parsing above
 * all — and the client, which runs beside the server on another core, does
 * the parsing. Only values whose text form is plain enough that the value
 * is certain are encoded (`binary-values.ts`); anything else — an exponent
 * in a numeric, a time zone name, an escape the cutters do not write —
 * makes `push` return false, and the member goes as COPY text after all.
 */
export class CopyBinaryRows {
  /** Each column's writer (the column kinds' `binary`). */
  private readonly writers: readonly BinaryWriter[]
  /** Most bytes a row writes beyond its text's length: its 2-byte field count and each field's room. */
  private readonly rowRoom: number
  private readonly scan: FieldScan = { at: 0 }
  private started = false

  /** `types`: the COPY columns in order, `_dump_id` (integer) last. */
  constructor(types: readonly PgType[]) {
    const forms = types.map((t) => {
      const form = columnKind(t).binary
      if (form === undefined) throw new Error(`no COPY BINARY writer for ${t.name}`)
      return form
    })
    this.writers = forms.map((f) => f.write)
    this.rowRoom = forms.reduce((n, f) => n + f.room, 2)
  }

  /** Whether every column has a binary writer. */
  static supports(types: readonly PgType[]): boolean {
    return types.every((t) => columnKind(t).binary !== undefined)
  }

  /** Appends the binary data's header; `push` does so itself when it has not been written. */
  start(out: CopyBuffer): void {
    if (!this.started) out.raw(HEADER)
    this.started = true
  }

  /** Appends src's rows (complete COPY text rows) as binary tuples to out; false when a value cannot be encoded for sure. */
  push(src: Buffer, out: CopyBuffer): boolean {
    this.start(out)
    const n = src.length
    const writers = this.writers
    const columns = writers.length
    const scan = this.scan
    let dst = out.room(0)
    let o = out.length
    let p = 0
    while (p < n) {
      // The rest of the text bounds this row's text: room for the row whatever its length.
      if (o + this.rowRoom + (n - p) > dst.length) {
        out.moveTo(o)
        dst = out.room(this.rowRoom + (n - p))
      }
      dst[o] = columns >> 8
      dst[o + 1] = columns & 0xff
      o += 2
      scan.at = p
      for (let f = 0; f < columns; f++) {
        const a = scan.at
        if (src[a] === BACKSLASH && src[a + 1] === UPPER_N && (src[a + 2] === TAB || src[a + 2] === LF)) {
          dst[o] = dst[o + 1] = dst[o + 2] = dst[o + 3] = 0xff
          o += 4
          scan.at = a + 2
        } else {
          o = writers[f](src, scan, n, dst, o)
          if (o < 0) return false
        }
        // Each field but the last ends at a TAB, the last at the row's LF.
        if ((src[scan.at] === LF) !== (f === columns - 1)) return false
        scan.at++
      }
      p = scan.at
    }
    out.moveTo(o)
    return true
  }

  /** Appends the end of the binary data (after the last push). */
  finish(out: CopyBuffer): void {
    this.start(out)
    out.raw(TRAILER)
  }
}
