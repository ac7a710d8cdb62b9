/**
 * The ingest hot path: every field of every row the checks read passes
 * through one of the functions built here. Each column gets its converter
 * once, specialised to its PostgreSQL type (which factory: the column kinds'
 * table, `load-path/column-kinds.ts`); the converter checks what
 * PostgreSQL's input function would refuse, so a bad value becomes a reject
 * row and never fails the COPY, and rewrites only what PostgreSQL would read
 * differently from the source dialect (bit 0/1, hex binary, zero dates,
 * 7-digit fractions). Number and date/time checks live in their own modules.
 */
import type { ColumnConversions } from '../../../schema/dialects'
import type { Dialect } from '../../../schema/model'
import { Invalid, type Converted, type TextConverter } from './invalid'

export { Invalid, type Converted } from './invalid'

export interface ConvertOptions {
  /** The dump's dialect: a column without its own `conversions` takes this built-in dialect's. */
  readonly dialect: Dialect
  /** IANA name or ±hh:mm that timestamptz values without an offset (MySQL TIMESTAMP) are read in; default UTC. */
  readonly timezone?: string
  /** Called when a MySQL zero date became NULL, so the caller can count a warning per column. */
  readonly onZeroDate?: () => void
}

export type FieldConverter = (field: string | Buffer) => Converted

/** Shared with the row encoder's byte path, so both say the same. */
export const CONTAINS_NUL = new Invalid('contains a NUL character (U+0000), which PostgreSQL text cannot hold')
const NOT_UUID = new Invalid('not a uuid (expected e.g. 6F9619FF-8B86-D011-B42D-00C04FC964FF)')
const ODD_HEX = new Invalid('binary hex text has an odd number of digits')
const NOT_HEX = new Invalid('binary text is not hexadecimal')
const NOT_BITS = new Invalid('not a bit string (expected bytes or 0/1 digits)')
const JSONB_NUL = new Invalid('JSON contains \\u0000, which jsonb cannot hold')

const UUID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}|[0-9a-f]{32})$/i
/** uuid text PostgreSQL reads: hyphenated, braced or 32 bare hex digits. */
export function uuidConverter(s: string): Converted {
  return UUID.test(s) ? s : NOT_UUID
}

const BIT_DIGITS = /^[01]+$/
/** 1 for every char code that is a hex digit. */
const HEX_DIGIT = new Uint8Array(128).map((_, c) => (/[0-9a-fA-F]/.test(String.fromCharCode(c)) ? 1 : 0))
/** Each byte value as 8 bit digits, for MySQL bit columns (raw big-endian bytes in tab files). */
const BYTE_BITS: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(2).padStart(8, '0'))

export function fromText(convert: TextConverter): FieldConverter {
  return (field) => convert(typeof field === 'string' ? field : field.toString('utf8'))
}

export function withoutNul(s: string): Converted {
  return s.indexOf('\0') === -1 ? s : CONTAINS_NUL
}

/** char(n) / varchar(n): at most n characters (code points, as PostgreSQL counts them in UTF-8). */
export function makeLengthConverter(type: 'char' | 'varchar', n: number): TextConverter {
  return (s) => {
    if (s.indexOf('\0') !== -1) return CONTAINS_NUL
    // UTF-16 length bounds the code-point count from above, so most values need no counting.
    if (s.length <= n) return s
    let i = 0
    for (let count = 0; i < s.length && count < n; count++) i += isSurrogatePair(s, i) ? 2 : 1
    // PostgreSQL itself truncates excess characters that are all spaces (SQL Server pads char(n) with them).
    for (let j = i; j < s.length; j++) {
      if (s.charCodeAt(j) !== 32) return new Invalid(`${codePoints(s)} characters, but ${type}(${n}) holds ${n}`)
    }
    return s
  }
}

function isSurrogatePair(s: string, i: number): boolean {
  const c = s.charCodeAt(i)
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00
}

function codePoints(s: string): number {
  let count = 0
  for (let i = 0; i < s.length; i += isSurrogatePair(s, i) ? 2 : 1) count++
  return count
}

export function makeJsonConverter(binary: boolean): TextConverter {
  return (s) => {
    if (s.indexOf('\0') !== -1) return CONTAINS_NUL
    try {
      JSON.parse(s)
    } catch (e) {
      return new Invalid(`not valid JSON: ${e instanceof Error ? e.message : String(e)}`)
    }
    return binary && hasNulEscape(s) ? JSONB_NUL : s
  }
}

/** A `\u0000` escape that is not itself an escaped backslash followed by `u0000`. */
function hasNulEscape(s: string): boolean {
  for (let at = s.indexOf('\\u0000'); at !== -1; at = s.indexOf('\\u0000', at + 1)) {
    let backslashes = 1
    while (at - backslashes >= 0 && s.charCodeAt(at - backslashes) === 92) backslashes++
    if (backslashes % 2 === 1) return true
  }
  return false
}

/**
 * The `binary` conversion: `hex` (SQL Server character-mode files and PostgreSQL's bytea text: hex, `0x` or `\\x` optional) or `bytes`
 * (a string is taken as its UTF-8 bytes). A Buffer is a raw field of a MySQL-escaped file, read as `rawBinary` says
 * (`ColumnConversions.rawBinary`).
 */
export function makeByteaConverter({ binary, rawBinary }: Pick<ColumnConversions, 'binary' | 'rawBinary'>): FieldConverter {
  return (given) => {
    if ((typeof given === 'string' ? binary : rawBinary) === 'bytes') return `\\x${(typeof given === 'string' ? Buffer.from(given, 'utf8') : given).toString('hex')}`
    const field = typeof given === 'string' ? given : given.toString('latin1')
    // `0x` (SQL Server) or `\x` (PostgreSQL's bytea output) may lead the digits.
    const start = field.length >= 2 && (field.charCodeAt(0) === 48 || field.charCodeAt(0) === 92) && (field.charCodeAt(1) | 0x20) === 0x78 ? 2 : 0
    if ((field.length - start) % 2 !== 0) return ODD_HEX
    for (let i = start; i < field.length; i++) {
      const c = field.charCodeAt(i)
      if (c >= 128 || HEX_DIGIT[c] === 0) return NOT_HEX
    }
    return start === 0 ? `\\x${field}` : `\\x${field.slice(2)}`
  }
}

/**
 * bit(n) must get exactly n digits and varbit(n) at most n: bytes are spread into digits, big-endian;
 * shorter values are padded with leading zeros (their numeric value is kept), longer ones may drop only leading zeros.
 */
export function makeBitConverter(type: 'bit' | 'varbit', n: number | undefined): FieldConverter {
  const tooLong = new Invalid(`more significant bits than ${type}(${n}) holds`)
  return (field) => {
    let bits = ''
    if (typeof field === 'string') {
      // A varbit may be empty (PostgreSQL writes it as an empty field); a bit(n) has n digits.
      if (field === '' && type === 'varbit') return field
      if (!BIT_DIGITS.test(field)) return NOT_BITS
      bits = field
    } else {
      for (const byte of field) bits += BYTE_BITS[byte]
      if (bits === '') return NOT_BITS
    }
    if (n === undefined || bits.length === n) return bits
    if (bits.length < n) return type === 'bit' ? bits.padStart(n, '0') : bits
    const excess = bits.length - n
    for (let i = 0; i < excess; i++) if (bits.charCodeAt(i) !== 48) return tooLong
    return bits.slice(excess)
  }
}

/** A MySQL bit(1) overridden to boolean arrives as one raw byte. */
export function withBooleanBytes(convert: TextConverter): FieldConverter {
  return (field) => {
    if (typeof field === 'string') return convert(field)
    if (field.length === 1 && field[0] <= 1) return field[0] === 1 ? 't' : 'f'
    return convert(field.toString('utf8'))
  }
}
