import type { PgType } from '../../schema/model'
import type { CopyBuffer } from '../copy/copy-buffer'
import { putBoolean, putFloat8, putInteger, putNumeric, putText, type FieldScan } from './binary-values'
import { putDate, putTimestamp } from './binary-date-time'

const TAB = 0x09
const LF = 0x0a
const BACKSLASH = 0x5c
const UPPER_N = 0x4e

const TEXT = 0
const INT2 = 1
const INT4 = 2
const INT8 = 3
const NUMERIC = 4
const FLOAT8 = 5
const BOOLEAN = 6
const DATE = 7
const TIMESTAMP = 8
const TIMESTAMPTZ = 9

/**
 * Per type name, its writer's kind (`putValue`) and the most bytes a field
 * of it writes beyond its text's own length: the 4-byte length, then for a
 * fixed-size value its size; a numeric's 8-byte header and digit groups
 * take at most 4 bytes more than its digits.
 */
const KINDS: Readonly<Record<string, { readonly kind: number; readonly room: number }>> = {
  text: { kind: TEXT, room: 4 }, varchar: { kind: TEXT, room: 4 }, char: { kind: TEXT, room: 4 },
  smallint: { kind: INT2, room: 6 }, integer: { kind: INT4, room: 8 }, bigint: { kind: INT8, room: 12 },
  numeric: { kind: NUMERIC, room: 16 }, 'double precision': { kind: FLOAT8, room: 12 }, boolean: { kind: BOOLEAN, room: 5 },
  date: { kind: DATE, room: 8 }, timestamp: { kind: TIMESTAMP, room: 12 }, timestamptz: { kind: TIMESTAMPTZ, room: 12 },
}

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
    this.kinds = Uint8Array.from(types, (t) => KINDS[t.name].kind)
    this.rowRoom = types.reduce((n, t) => n + KINDS[t.name].room, 2)
  }

  /** Whether every column has a binary writer. */
  static supports(types: readonly PgType[]): boolean {
    return types.every((t) => Object.hasOwn(KINDS, t.name))
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
    case TEXT: return putText(src, scan, n, dst, o)
    case INT2: return putInteger(src, scan, dst, o, 2)
    case INT4: return putInteger(src, scan, dst, o, 4)
    case INT8: return putInteger(src, scan, dst, o, 8)
    case NUMERIC: return putNumeric(src, scan, dst, o)
    case FLOAT8: return putFloat8(src, scan, dst, o)
    case BOOLEAN: return putBoolean(src, scan, dst, o)
    case DATE: return putDate(src, scan, dst, o)
    case TIMESTAMP: return putTimestamp(src, scan, dst, o, false)
    default: return putTimestamp(src, scan, dst, o, true)
  }
}
