/**
 * COPY BINARY values from PostgreSQL text input. Half of a text COPY's
 * server time is type input (numeric and timestamp parsing, see
 * PERF-NOTES); in binary the server only copies, and the worker, which
 * checks every field anyway, does the parsing. Each encoder reads the text
 * a field goes to COPY as — the file's bytes when they pass the row
 * encoder's check, else the converter's output — and writes the value's
 * length word and binary form. A table gets COPY BINARY only when every
 * column's type has an encoder here; the others keep COPY text.
 *
 * The encoders take exactly the forms the checks and converters let
 * through, and leave rounding to the type's modifier (numeric(p,s),
 * timestamp(p)) and padding (char(n)) to PostgreSQL's receive functions,
 * which apply them as its text input does.
 */
import type { PgType } from '../schema/model'
import type { CopyBuffer } from './copy-buffer'

/** Writes buf[a, b), a value's text input, as a length-prefixed binary field; false when the text is not a form it reads. */
export type BinaryEncoder = (buf: Buffer, a: number, b: number, out: CopyBuffer) => boolean

/** `PGCOPY\n\377\r\n\0`, flags 0, no header extension. */
export const BINARY_SIGNATURE = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)])
/** The field count -1 ends the data. */
export const BINARY_TRAILER = Buffer.from([0xff, 0xff])

export function binaryEncoderFor(type: PgType): BinaryEncoder | undefined {
  switch (type.name) {
    case 'smallint': return (buf, a, b, out) => writeInteger(buf, a, b, out, 2)
    case 'integer': return (buf, a, b, out) => writeInteger(buf, a, b, out, 4)
    case 'bigint': return (buf, a, b, out) => writeInteger(buf, a, b, out, 8)
    case 'numeric': return writeNumeric
    case 'double precision': return writeDouble
    case 'boolean': return writeBoolean
    case 'date': return writeDate
    case 'timestamp': return (buf, a, b, out) => writeTimestamp(buf, a, b, out, false)
    case 'timestamptz': return (buf, a, b, out) => writeTimestamp(buf, a, b, out, true)
    case 'text':
    case 'varchar':
    case 'char': return writeText
    case 'bytea': return writeBytea
    case 'uuid': return writeUuid
    // real: decimal → double → float could round twice where PostgreSQL's strtof rounds once.
    default: return undefined
  }
}

const D0 = 0x30
const D9 = 0x39
const PLUS = 0x2b
const MINUS = 0x2d
const TWO_32 = 4294967296

function isDigit(c: number): boolean {
  return c >= D0 && c <= D9
}

/** `[+-]digits`, already range-checked. Up to 15 digits a Number holds exactly; beyond, bigint goes through BigInt. */
function writeInteger(buf: Buffer, a: number, b: number, out: CopyBuffer, size: 2 | 4 | 8): boolean {
  const negative = buf[a] === MINUS
  let i = negative || buf[a] === PLUS ? a + 1 : a
  if (i === b) return false
  while (i < b - 1 && buf[i] === D0) i++
  if (b - i > 15) {
    if (size !== 8) return false
    for (let k = i; k < b; k++) if (!isDigit(buf[k])) return false
    out.int32(8)
    out.bigInt64(BigInt(buf.toString('latin1', a, b)))
    return true
  }
  let v = 0
  for (; i < b; i++) {
    const c = buf[i]
    if (!isDigit(c)) return false
    v = v * 10 + c - D0
  }
  if (negative) v = -v
  out.int32(size)
  if (size === 2) out.int16(v)
  else if (size === 4) out.int32(v)
  else writeInt64(v, out)
  return true
}

/** A safe integer as two 32-bit words. */
function writeInt64(v: number, out: CopyBuffer): void {
  const hi = Math.floor(v / TWO_32)
  out.int64(hi, v - hi * TWO_32)
}

const NUMERIC_POS = 0x0000
const NUMERIC_NEG = 0x4000
/** Digits of the value being written, then its base-10000 groups: scratch reused by every call (writing is synchronous). */
let numericDigits = new Uint8Array(64)
let numericGroups = new Uint16Array(16)

/**
 * `[+-](digits[.digits]|.digits)[e[+-]digits]` as numeric's binary form: base-10000 digit groups aligned
 * on the decimal point, weight of the first group, sign, and display scale (fraction digits less the exponent,
 * as numeric_in counts it); numeric_recv then rounds to the column's scale and checks its precision.
 */
function writeNumeric(buf: Buffer, a: number, b: number, out: CopyBuffer): boolean {
  const negative = buf[a] === MINUS
  let i = negative || buf[a] === PLUS ? a + 1 : a
  if (numericDigits.length < b - a) numericDigits = new Uint8Array(2 * (b - a))
  let count = 0
  /** Digits before the decimal point, counted from the first significant digit (negative for 0.00x). */
  let point = 0
  let seenPoint = false
  let fraction = 0
  let any = false
  for (; i < b; i++) {
    const c = buf[i]
    if (isDigit(c)) {
      any = true
      if (seenPoint) fraction++
      // Leading zeros carry no value: before the point they are dropped, after it they move the point.
      if (count > 0 || c !== D0) numericDigits[count++] = c - D0
      else if (seenPoint) point--
    } else if (c === 0x2e && !seenPoint) {
      seenPoint = true
      point += count
    } else {
      break
    }
  }
  if (!any) return false
  if (!seenPoint) point = count
  let exponent = 0
  if (i < b) {
    if ((buf[i] | 0x20) !== 0x65) return false
    i++
    const expNegative = buf[i] === MINUS
    if (expNegative || buf[i] === PLUS) i++
    if (i === b) return false
    for (; i < b; i++) {
      if (!isDigit(buf[i])) return false
      exponent = exponent * 10 + buf[i] - D0
      if (exponent > 100_000) return false
    }
    if (expNegative) exponent = -exponent
  }
  const dscale = Math.max(0, fraction - exponent)
  while (count > 0 && numericDigits[count - 1] === 0) count--
  if (count === 0) {
    out.int32(8)
    out.int16(0)
    out.int16(0)
    out.int16(NUMERIC_POS)
    out.int16(dscale)
    return true
  }
  // Digits before the point; pad in front so that groups of four end on it.
  const before = point + exponent
  const pad = (((4 - (before % 4)) % 4) + 4) % 4
  const ngroups = Math.ceil((pad + count) / 4)
  if (numericGroups.length < ngroups) numericGroups = new Uint16Array(2 * ngroups)
  for (let g = 0; g < ngroups; g++) {
    let v = 0
    for (let k = g * 4 - pad; k < g * 4 - pad + 4; k++) v = v * 10 + (k >= 0 && k < count ? numericDigits[k] : 0)
    numericGroups[g] = v
  }
  out.int32(8 + 2 * ngroups)
  out.int16(ngroups)
  out.int16((pad + before) / 4 - 1)
  out.int16(negative ? NUMERIC_NEG : NUMERIC_POS)
  out.int16(dscale)
  for (let g = 0; g < ngroups; g++) out.int16(numericGroups[g])
  return true
}

const SPECIAL_DOUBLES: ReadonlyMap<string, number> = new Map([
  ['inf', Infinity], ['+inf', Infinity], ['-inf', -Infinity],
  ['infinity', Infinity], ['+infinity', Infinity], ['-infinity', -Infinity],
  ['nan', NaN], ['+nan', NaN], ['-nan', NaN],
])

/** A decimal literal (range-checked) or inf/infinity/nan: Number() rounds correctly, as strtod does. */
function writeDouble(buf: Buffer, a: number, b: number, out: CopyBuffer): boolean {
  const text = buf.toString('latin1', a, b)
  let v = Number(text)
  if (Number.isNaN(v)) {
    const special = SPECIAL_DOUBLES.get(text.toLowerCase())
    if (special === undefined) return false
    v = special
  }
  out.int32(8)
  out.float64(v)
  return true
}

/** `0`/`1` (checked bytes) or `t`/`f` (converted). */
function writeBoolean(buf: Buffer, a: number, b: number, out: CopyBuffer): boolean {
  if (b - a !== 1) return false
  const c = buf[a]
  const v = c === D0 || c === 0x66 ? 0 : c === D0 + 1 || c === 0x74 ? 1 : -1
  if (v < 0) return false
  out.int32(1)
  out.byte(v)
  return true
}

function writeText(buf: Buffer, a: number, b: number, out: CopyBuffer): boolean {
  out.int32(b - a)
  out.rawRange(buf, a, b)
  return true
}

/** `\x` and hex digits, as the bytea converter writes them. */
function writeBytea(buf: Buffer, a: number, b: number, out: CopyBuffer): boolean {
  if (b - a < 2 || buf[a] !== 0x5c || buf[a + 1] !== 0x78 || (b - a) % 2 !== 0) return false
  out.int32((b - a - 2) / 2)
  for (let i = a + 2; i < b; i += 2) {
    const hi = hexValue(buf[i])
    const lo = hexValue(buf[i + 1])
    if (hi < 0 || lo < 0) return false
    out.byte(hi * 16 + lo)
  }
  return true
}

function hexValue(c: number): number {
  if (isDigit(c)) return c - D0
  const lower = c | 0x20
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1
}

/** 32 hex digits, with or without hyphens and braces, as uuid_in takes them. */
function writeUuid(buf: Buffer, a: number, b: number, out: CopyBuffer): boolean {
  out.int32(16)
  let digits = 0
  let high = -1
  for (let i = a; i < b; i++) {
    const c = buf[i]
    if (c === MINUS || c === 0x7b || c === 0x7d) continue
    const v = hexValue(c)
    if (v < 0 || digits === 32) return false
    if (high < 0) {
      high = v
    } else {
      out.byte(high * 16 + v)
      high = -1
    }
    digits++
  }
  return digits === 32
}

/** Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** PostgreSQL counts dates and timestamps from 2000-01-01. */
const POSTGRES_EPOCH_DAYS = daysFromCivil(2000, 1, 1)

/** Reads n digits at i; negative when one is not a digit. */
function digits(buf: Buffer, i: number, n: number): number {
  let v = 0
  for (let k = i; k < i + n; k++) {
    const c = buf[k]
    if (!isDigit(c)) return -1_000_000_000
    v = v * 10 + c - D0
  }
  return v
}

/** `YYYY-MM-DD` (a valid day: checked or converted) to days since 2000-01-01. */
function dayNumber(buf: Buffer, a: number): number {
  const year = digits(buf, a, 4)
  const month = digits(buf, a + 5, 2)
  const day = digits(buf, a + 8, 2)
  if (year < 1 || month < 1 || day < 1 || buf[a + 4] !== MINUS || buf[a + 7] !== MINUS) return NaN
  return daysFromCivil(year, month, day) - POSTGRES_EPOCH_DAYS
}

function writeDate(buf: Buffer, a: number, b: number, out: CopyBuffer): boolean {
  const days = b - a === 10 ? dayNumber(buf, a) : NaN
  if (Number.isNaN(days)) return false
  out.int32(4)
  out.int32(days)
  return true
}

const MICROS_PER_DAY_HI = 20
/** 86 400 000 000 µs a day = 20 · 2^32 + this. */
const MICROS_PER_DAY_LO = 86_400_000_000 - MICROS_PER_DAY_HI * TWO_32

/**
 * `YYYY-MM-DD( |T)H[H[H]]:MM[:SS][.f{1,6}][ ][Z|±HH[[:]MM[:SS]]]` (checked bytes or the converter's output) to
 * microseconds since 2000-01-01 00:00. A timestamp ignores an offset, as timestamp_in does; a timestamptz
 * subtracts it, and without one the value is UTC (the load's session zone). The product of days and
 * microseconds a day passes 2^53, so it is built in two 32-bit words.
 */
function writeTimestamp(buf: Buffer, a: number, b: number, out: CopyBuffer, withZone: boolean): boolean {
  if (b - a < 15) return false
  const days = dayNumber(buf, a)
  if (Number.isNaN(days) || (buf[a + 10] !== 0x20 && buf[a + 10] !== 0x54)) return false
  let i = a + 11
  let hour = 0
  const hourStart = i
  while (i < b && isDigit(buf[i]) && i - hourStart < 3) hour = hour * 10 + buf[i++] - D0
  if (i === hourStart || buf[i] !== 0x3a) return false
  const minute = digits(buf, i + 1, 2)
  i += 3
  let second = 0
  if (buf[i] === 0x3a && i < b) {
    second = digits(buf, i + 1, 2)
    i += 3
  }
  if (minute < 0 || second < 0 || i > b) return false
  let micro = 0
  if (i < b && buf[i] === 0x2e) {
    const start = ++i
    while (i < b && isDigit(buf[i])) micro = micro * 10 + buf[i++] - D0
    if (i === start || i - start > 6) return false
    for (let k = i - start; k < 6; k++) micro *= 10
  }
  let offsetSeconds = 0
  if (i < b && buf[i] === 0x20) i++
  if (i < b) {
    const sign = buf[i]
    if (sign === 0x5a || sign === 0x7a) {
      if (i + 1 !== b) return false
    } else {
      if ((sign !== PLUS && sign !== MINUS) || b - i < 3) return false
      const hours = digits(buf, i + 1, 2)
      let minutes = 0
      let seconds = 0
      let j = i + 3
      if (j < b) {
        if (buf[j] === 0x3a) j++
        minutes = digits(buf, j, 2)
        j += 2
        // Local mean time offsets of old dates carry seconds (+00:09:21).
        if (j < b) {
          if (buf[j] !== 0x3a) return false
          seconds = digits(buf, j + 1, 2)
          j += 3
        }
      }
      if (hours < 0 || minutes < 0 || seconds < 0 || j !== b) return false
      offsetSeconds = (sign === MINUS ? -1 : 1) * (hours * 3600 + minutes * 60 + seconds)
    }
  }
  if (!withZone) offsetSeconds = 0
  const timeOfDay = ((hour * 60 + minute) * 60 + second - offsetSeconds) * 1_000_000 + micro
  // days · µs/day + timeOfDay = hi · 2^32 + lo, every partial product below 2^53.
  const low = days * MICROS_PER_DAY_LO + timeOfDay
  const carry = Math.floor(low / TWO_32)
  out.int32(8)
  out.int64(days * MICROS_PER_DAY_HI + carry, low - carry * TWO_32)
  return true
}
