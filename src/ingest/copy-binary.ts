import type { PgType } from '../schema/model'
import type { CopyBuffer } from './copy-buffer'
import { putBoolean, putFloat8, putInteger, putNumeric, putText, type FieldScan } from './binary-values'
import { putDate, putTimestamp } from './binary-date-time'

const TAB = 0x09
const LF = 0x0a
const BACKSLASH = 0x5c
const UPPER_N = 0x4e

/** Column kinds, by the type's name: each has its own writer in `binary-values.ts` or `binary-date-time.ts`. */
const KIND: Readonly<Record<string, number>> = {
  text: 0, varchar: 0, char: 0,
  smallint: 1, integer: 2, bigint: 3,
  numeric: 4, 'double precision': 5, boolean: 6, date: 7, timestamp: 8, timestamptz: 9,
}

/**
 * Most bytes a field of each kind writes beyond its text's own length: the
 * 4-byte length, then for a fixed-size value its size; a numeric's 8-byte
 * header and digit groups take at most 4 bytes more than its digits.
 */
const FIELD_ROOM = [4, 6, 8, 12, 16, 12, 5, 8, 12, 12]

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
  private readonly kinds: Uint8Array
  /** Most bytes a row writes beyond its text's length: its 2-byte field count and each field's room. */
  private readonly rowRoom: number
  private readonly scan: FieldScan = { at: 0 }
  private started = false

  /** `types`: the COPY columns in order, `_dump_id` (integer) last. */
  constructor(types: readonly PgType[]) {
    this.kinds = Uint8Array.from(types, (t) => KIND[t.name])
    this.rowRoom = this.kinds.reduce((n, k) => n + FIELD_ROOM[k], 2)
  }

  /** Whether every column has a binary writer. */
  static supports(types: readonly PgType[]): boolean {
    return types.every((t) => Object.hasOwn(KIND, t.name))
  }

  /** Appends src's rows (complete COPY text rows) as binary tuples to out; false when a value cannot be encoded for sure. */
  push(src: Buffer, out: CopyBuffer): boolean {
    if (!this.started) {
      out.raw(HEADER)
      this.started = true
    }
    const n = src.length
    const kinds = this.kinds
    const columns = kinds.length
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
          o = putValue(kinds[f], src, scan, n, dst, o)
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
    if (!this.started) out.raw(HEADER)
    this.started = true
    out.raw(TRAILER)
  }
}

function putValue(kind: number, src: Buffer, scan: FieldScan, n: number, dst: Buffer, o: number): number {
  switch (kind) {
    case 0: return putText(src, scan, n, dst, o)
    case 1: return putInteger(src, scan, dst, o, 2)
    case 2: return putInteger(src, scan, dst, o, 4)
    case 3: return putInteger(src, scan, dst, o, 8)
    case 4: return putNumeric(src, scan, dst, o)
    case 5: return putFloat8(src, scan, dst, o)
    case 6: return putBoolean(src, scan, dst, o)
    case 7: return putDate(src, scan, dst, o)
    case 8: return putTimestamp(src, scan, dst, o, false)
    default: return putTimestamp(src, scan, dst, o, true)
  }
}
