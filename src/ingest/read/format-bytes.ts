/**
 * A DataFormat's strings encoded once into the data file's encoding, so the
 * record reader compares bytes and never decodes to find a field boundary.
 */
import { HeirloomError } from '../../errors'
import type { DataFormat } from '../../schema/data-format'
import { byteOrderMark, codeUnitSize, encodeText } from '../format/encoding'

export interface FormatBytes {
  readonly encoding: string
  /** Code unit size: UTF-16 patterns only match at even offsets. */
  readonly unit: 1 | 2
  readonly delimiter: Buffer
  /** The end of each field but the last, when the format gives one per field (else every field ends at `delimiter`). */
  readonly fieldTerminators?: readonly Buffer[]
  readonly terminator: Buffer
  readonly quote?: Buffer
  readonly escape?: Buffer
  readonly nullPattern: Buffer
  readonly emptyString?: Buffer
  /** Escape + `N`: LOAD DATA reads it as NULL even inside quotes (`"\N"`); set for formats with both a quote and an escape. */
  readonly quotedNull?: Buffer
  /** The LF code unit, counted for physical line numbers. */
  readonly lf: Buffer
  /** Set when a CR right before the LF terminator belongs to the terminator (csv's `\n` also accepting `\r\n`). */
  readonly cr?: Buffer
  readonly bom?: Buffer
  /** The longest pattern the scanner searches for: a partial one may hide in the last bytes of a chunk. */
  readonly longest: number
  /** Escaped code unit (see `unitKey`) → the bytes it stands for; units not listed stand for themselves. */
  readonly escapes: ReadonlyMap<number, Buffer>
  /** PostgreSQL's COPY text escapes (`pg-copy`): besides `escapes`, octal `\NNN` and hex `\xHH` stand for one byte each. */
  readonly byteEscapes: boolean
}

/** MySQL LOAD DATA escapes: `\0 \b \n \r \t \Z`. `\N` is NULL only as a whole field, which the reader checks before unescaping. */
const ESCAPES: readonly (readonly [string, string])[] = [
  ['0', '\0'], ['b', '\b'], ['n', '\n'], ['r', '\r'], ['t', '\t'], ['Z', '\x1a'],
]

/** PostgreSQL COPY text escapes of one letter (`escapeSet: copy`); digits and `x` are the byte escapes, read by unescapeBytes. */
const COPY_ESCAPES: readonly (readonly [string, string])[] = [
  ['b', '\b'], ['f', '\f'], ['n', '\n'], ['r', '\r'], ['t', '\t'], ['v', '\v'],
]

/** A code unit's value as a map key: the byte, or both bytes of a UTF-16 unit. */
export function unitKey(buf: Uint8Array, at: number, unit: 1 | 2): number {
  return unit === 1 ? (buf[at] ?? -1) : (buf[at] ?? 0) * 256 + (buf[at + 1] ?? 0)
}

/** Encodes `format` for a file in `format.encoding`; throws CONFIG_INVALID for empty separators or unencodable text. */
export function encodeFormat(format: DataFormat): FormatBytes {
  const enc = format.encoding
  const unit = codeUnitSize(enc)
  const encode = (what: string, text: string | undefined, required: boolean): Buffer | undefined => {
    if (text === undefined || (text === '' && !required)) return undefined
    const bytes = encodeText(text, enc)
    if (required && bytes.length === 0) {
      throw new HeirloomError('CONFIG_INVALID', `data format ${what} is empty`, `give the format a non-empty ${what}`)
    }
    return bytes
  }
  const delimiter = encode('delimiter', format.delimiter, true) ?? Buffer.alloc(0)
  const terminator = encode('rowTerminator', format.rowTerminator, true) ?? Buffer.alloc(0)
  const fieldTerminators = format.fieldTerminators?.map((t, i) => encode(`field ${i + 1} terminator`, t, true) ?? Buffer.alloc(0))
  const quote = encode('quote', format.quote, false)
  const escape = encode('escape', format.escape, false)
  const lf = encodeText('\n', enc)
  const escapes = new Map<number, Buffer>()
  if (escape !== undefined) {
    for (const [key, value] of format.escapeSet === 'copy' ? COPY_ESCAPES : ESCAPES) escapes.set(unitKey(encodeText(key, enc), 0, unit), encodeText(value, enc))
  }
  const emptyString = format.emptyString === undefined || format.emptyString === '' ? undefined : encodeText(format.emptyString, enc)
  return {
    encoding: enc,
    unit,
    delimiter,
    fieldTerminators,
    terminator,
    quote,
    escape,
    nullPattern: encodeText(format.nullPattern, enc),
    emptyString,
    quotedNull: quote !== undefined && escape !== undefined ? Buffer.concat([escape, encodeText('N', enc)]) : undefined,
    lf,
    cr: quote !== undefined && terminator.equals(lf) ? encodeText('\r', enc) : undefined,
    bom: byteOrderMark(enc),
    longest: Math.max(delimiter.length, terminator.length, quote?.length ?? 0, escape?.length ?? 0, ...(fieldTerminators ?? []).map((t) => t.length)),
    escapes,
    // Octal and hex escapes name bytes: only meaningful in an encoding of one-byte code units.
    byteEscapes: escape !== undefined && format.escapeSet === 'copy' && unit === 1,
  }
}

/** Whether `buf` holds `pattern` at `at`, within the first `limit` bytes (short patterns: a loop beats a native compare call). */
export function matchesAt(buf: Buffer, pattern: Buffer, at: number, limit: number): boolean {
  const n = pattern.length
  if (at < 0 || at + n > limit) return false
  for (let i = 0; i < n; i++) if (buf[at + i] !== pattern[i]) return false
  return true
}
