/**
 * COPY BINARY values from the text forms PostgreSQL's input functions read
 * without doubt. Each writer reads a field of COPY text from src[at] up to
 * the TAB or LF that ends it, writes the value's binary form, after its
 * 4-byte length, at dst[o], and returns where the output goes on — with the
 * field's end left in `scan.at` — or -1 for a form it does not take:
 * whitespace, a backslash, `infinity`, a `T` in a timestamp, a time zone
 * name, more than 6 fractional digits. Such a value is not wrong, only left
 * to PostgreSQL's text input. Range and typmod (integer overflow,
 * numeric(p,s) rounding and precision, timestamp(p), varchar(n)) are
 * PostgreSQL's receive functions' job, as they are its input functions' in
 * text: each applies the same rule.
 */

/** Where the field being written starts; the writer leaves where it ends (its TAB or LF). */
export interface FieldScan {
  at: number
}

const TAB = 0x09
const LF = 0x0a
const D0 = 0x30
const MINUS = 0x2d
const PLUS = 0x2b
const DOT = 0x2e
const COLON = 0x3a
const SPACE = 0x20
const BACKSLASH = 0x5c

const TWO_32 = 4294967296
const US_PER_DAY = 86_400_000_000
/** Days from 1970-01-01 to PostgreSQL's epoch, 2000-01-01. */
const PG_EPOCH_DAYS = 10_957
/** Beyond this many days from 2000-01-01 (years ~1727–2273), microseconds no longer fit a double exactly. */
const EXACT_DAYS = 100_000

/** The byte ends a field. Past the end of src, `undefined` does not. */
function endsField(c: number): boolean {
  return c === TAB || c === LF
}

/** The value of an ASCII digit, or NaN-safe -1 for anything else (also past the end of src). */
function digit(c: number): number {
  const d = c - D0
  return d >= 0 && d <= 9 ? d : -1
}

/** A 4-byte big-endian integer (a length, or the bits of one) at dst[o]. */
function put32(dst: Buffer, o: number, v: number): void {
  dst[o] = v >>> 24
  dst[o + 1] = v >>> 16
  dst[o + 2] = v >>> 8
  dst[o + 3] = v
}

/** A text value's bytes with the escapes the as-is cutters write resolved; PostgreSQL's receive function checks UTF-8, NUL and length as its text input does. */
export function putText(src: Buffer, scan: FieldScan, n: number, dst: Buffer, o: number): number {
  let i = scan.at
  const start = o + 4
  let d = start
  while (i < n) {
    let c = src[i]
    if (c === TAB || c === LF) break
    if (c === BACKSLASH) {
      c = i + 1 < n ? UNESCAPE[src[++i]] : -1
      if (c < 0) return -1
    }
    dst[d++] = c
    i++
  }
  if (i === n) return -1
  put32(dst, o, d - start)
  scan.at = i
  return d
}

/**
 * COPY text's escapes as the cutters write them: `\b \n \r \t`, and any
 * other character standing for itself but for digits (octal), x (hex), f, v
 * and `.` (which PostgreSQL reads as the end of the data), which they never pass.
 */
const UNESCAPE = new Int16Array(256)
for (let c = 0; c < 256; c++) UNESCAPE[c] = c
UNESCAPE[0x62] = 0x08
UNESCAPE[0x6e] = 0x0a
UNESCAPE[0x72] = 0x0d
UNESCAPE[0x74] = 0x09
for (const c of '01234567xfv.') UNESCAPE[c.charCodeAt(0)] = -1

/** A 2-, 4- or 8-byte integer from `[+-]?digits`; PostgreSQL refuses one out of range, as its text input does. */
export function putInteger(src: Buffer, scan: FieldScan, dst: Buffer, o: number, size: 2 | 4 | 8): number {
  let i = scan.at
  const negative = src[i] === MINUS
  if (negative || src[i] === PLUS) i++
  const start = i
  let v = 0
  for (let d = digit(src[i]); d >= 0; d = digit(src[++i])) v = v * 10 + d
  const digits = i - start
  if (digits === 0 || digits > 19 || !endsField(src[i])) return -1
  scan.at = i
  if (negative) v = -v
  put32(dst, o, size)
  if (size === 2) {
    if (v < -32768 || v > 32767) return -1
    dst[o + 4] = v >> 8
    dst[o + 5] = v
    return o + 6
  }
  if (size === 4) {
    if (v < -2147483648 || v > 2147483647) return -1
    put32(dst, o + 4, v)
    return o + 8
  }
  if (digits <= 15) return putInt64(dst, o + 4, v)
  const big = BigInt(src.toString('latin1', start, i))
  const value = negative ? -big : big
  if (value < -(2n ** 63n) || value >= 2n ** 63n) return -1
  dst.writeBigInt64BE(value, o + 4)
  return o + 12
}

/** An integer that a double holds exactly (|v| < 2^53) as int64. */
function putInt64(dst: Buffer, o: number, v: number): number {
  const hi = Math.floor(v / TWO_32)
  put32(dst, o, hi)
  put32(dst, o + 4, v - hi * TWO_32)
  return o + 8
}

const NUMERIC_NEG = 0x4000
const MAX_NUMERIC_DIGITS = 1000

/**
 * numeric from `[+-]?digits(.digits)?`, exactly as written (the display
 * scale is the number of fractional digits written, as numeric_in keeps
 * it): base-10000 digit groups aligned on the decimal point, leading and
 * trailing zero groups stripped. numeric(p,s) rounds and checks it on receipt.
 */
export function putNumeric(src: Buffer, scan: FieldScan, dst: Buffer, o: number): number {
  let i = scan.at
  let negative = src[i] === MINUS
  if (negative || src[i] === PLUS) i++
  const intStart = i
  while (digit(src[i]) >= 0) i++
  const intEnd = i
  if (intEnd === intStart) return -1
  let fracStart = i
  if (src[i] === DOT) {
    fracStart = ++i
    while (digit(src[i]) >= 0) i++
    if (i === fracStart) return -1
  }
  if (!endsField(src[i])) return -1
  scan.at = i
  const fracDigits = i - fracStart
  let s = intStart
  while (s < intEnd && src[s] === D0) s++
  const intDigits = intEnd - s
  if (intDigits > MAX_NUMERIC_DIGITS || fracDigits > MAX_NUMERIC_DIGITS) return -1
  const pad = (4 - (intDigits % 4)) % 4
  const groups = Math.ceil((pad + intDigits + fracDigits) / 4)
  let weight = (pad + intDigits) / 4 - 1
  const head = o + 4
  let d = head + 8
  let ndigits = 0
  let written = 0
  for (let g = 0; g < groups; g++) {
    let value = 0
    for (let k = g * 4 - pad, end = k + 4; k < end; k++) {
      // k: digit index from the first significant integer digit on; past the integer part, the fraction.
      const x = k < 0 ? 0 : k < intDigits ? src[s + k] - D0 : k - intDigits < fracDigits ? src[fracStart + k - intDigits] - D0 : 0
      value = value * 10 + x
    }
    if (written === 0 && value === 0) {
      weight--
      continue
    }
    dst[d++] = value >> 8
    dst[d++] = value & 0xff
    written++
    if (value !== 0) ndigits = written
  }
  if (ndigits === 0) {
    weight = 0
    negative = false
  }
  put32(dst, o, 8 + 2 * ndigits)
  dst[head] = ndigits >> 8
  dst[head + 1] = ndigits
  dst[head + 2] = weight >> 8
  dst[head + 3] = weight
  dst[head + 4] = negative ? NUMERIC_NEG >> 8 : 0
  dst[head + 5] = 0
  dst[head + 6] = fracDigits >> 8
  dst[head + 7] = fracDigits
  return head + 8 + 2 * ndigits
}

/** 10^k as doubles, exact up to 10^22. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k)
/** JavaScript rounds a decimal correctly up to 20 significant digits (ECMA-262), as strtod always does. */
const MAX_FLOAT_DIGITS = 20
const SMALLEST_NORMAL = 2.2250738585072014e-308

/**
 * double precision from `[+-]?digits(.digits)?([eE][+-]?digits)?`, rounded
 * as strtod rounds: up to 15 digits without exponent as one exact division
 * (digits / 10^k, both exact doubles, so the quotient is correctly rounded),
 * else by Number(). Neither overflow, underflow nor subnormal.
 */
export function putFloat8(src: Buffer, scan: FieldScan, dst: Buffer, o: number): number {
  const a = scan.at
  let i = a
  const negative = src[i] === MINUS
  if (negative || src[i] === PLUS) i++
  const start = i
  let m = 0
  // Digits from the first that is not 0 on (m is exact up to 15 of them), and the significant ones: up to the last that is not 0.
  let digits = 0
  let significant = 0
  for (let d = digit(src[i]); d >= 0; d = digit(src[++i])) {
    if (m > 0 || d > 0) digits++
    if (d > 0) significant = digits
    m = m * 10 + d
  }
  if (i === start) return -1
  let scale = 0
  if (src[i] === DOT) {
    const frac = ++i
    for (let d = digit(src[i]); d >= 0; d = digit(src[++i])) {
      if (m > 0 || d > 0) digits++
      if (d > 0) significant = digits
      m = m * 10 + d
    }
    scale = i - frac
    if (scale === 0) return -1
  }
  let exponent = false
  if ((src[i] | 0x20) === 0x65) {
    exponent = true
    i++
    if (src[i] === MINUS || src[i] === PLUS) i++
    const e = i
    while (digit(src[i]) >= 0) i++
    if (i === e || i - e > 4) return -1
  }
  if (significant > MAX_FLOAT_DIGITS || !endsField(src[i])) return -1
  scan.at = i
  let v: number
  if (!exponent && digits <= 15 && scale < POW10.length) {
    v = m / POW10[scale]
    if (negative) v = -v
  } else {
    v = Number(src.toString('latin1', a, i))
    if (!Number.isFinite(v) || (v !== 0 && Math.abs(v) < SMALLEST_NORMAL) || (v === 0 && m !== 0)) return -1
  }
  put32(dst, o, 8)
  dst.writeDoubleBE(v, o + 4)
  return o + 12
}

const TRUE = Buffer.from('true')
const FALSE = Buffer.from('false')

/** `t`, `f`, `true`, `false`, `1`, `0`: what boolin reads as true or false. */
export function putBoolean(src: Buffer, scan: FieldScan, dst: Buffer, o: number): number {
  const a = scan.at
  const c = src[a]
  let end = a + 1
  let value = c === 0x74 || c === 0x31 ? 1 : c === 0x66 || c === D0 ? 0 : -1
  if (!endsField(src[end])) {
    const word = c === 0x74 ? TRUE : c === 0x66 ? FALSE : undefined
    end = a + (word?.length ?? 0)
    if (word === undefined || !endsField(src[end]) || src.compare(word, 0, word.length, a, end) !== 0) value = -1
  }
  if (value < 0) return -1
  scan.at = end
  put32(dst, o, 1)
  dst[o + 4] = value
  return o + 5
}

/** date from `YYYY-MM-DD` of a day that exists, years 1–9999: days from 2000-01-01. */
export function putDate(src: Buffer, scan: FieldScan, dst: Buffer, o: number): number {
  const a = scan.at
  const days = daysAt(src, a)
  if (days === undefined || !endsField(src[a + 10])) return -1
  scan.at = a + 10
  put32(dst, o, 4)
  put32(dst, o + 4, days)
  return o + 8
}

/**
 * timestamp from `YYYY-MM-DD HH:MM:SS[.f{1,6}]`: microseconds from
 * 2000-01-01. timestamptz also takes a `±HH[:MM]` offset, after a space or
 * not; without one it is
 * UTC, the load's session time zone (`loadTable`).
 */
export function putTimestamp(src: Buffer, scan: FieldScan, dst: Buffer, o: number, zoned: boolean): number {
  const a = scan.at
  if (src[a + 10] !== SPACE || src[a + 13] !== COLON || src[a + 16] !== COLON) return -1
  const days = daysAt(src, a)
  const h = twoDigits(src, a + 11)
  const m = twoDigits(src, a + 14)
  const sec = twoDigits(src, a + 17)
  if (days === undefined || h > 23 || m > 59 || sec > 59) return -1
  let i = a + 19
  let micros = 0
  if (src[i] === DOT) {
    const frac = ++i
    for (let d = digit(src[i]); d >= 0 && i - frac < 6; d = digit(src[++i])) micros = micros * 10 + d
    if (i === frac || digit(src[i]) >= 0) return -1
    for (let k = i - frac; k < 6; k++) micros *= 10
  }
  let offsetMinutes = 0
  // SQL Server writes datetimeoffset with a space before the offset.
  if (zoned && src[i] === SPACE && (src[i + 1] === PLUS || src[i + 1] === MINUS)) i++
  if (zoned && (src[i] === PLUS || src[i] === MINUS)) {
    const sign = src[i] === MINUS ? -1 : 1
    const oh = twoDigits(src, i + 1)
    let om = 0
    i += 3
    if (src[i] === COLON) {
      om = twoDigits(src, i + 1)
      i += 3
    }
    if (oh > 14 || om > 59) return -1
    offsetMinutes = sign * (oh * 60 + om)
  }
  if (!endsField(src[i])) return -1
  scan.at = i
  put32(dst, o, 8)
  const timeOfDay = ((h * 60 + m - offsetMinutes) * 60 + sec) * 1_000_000 + micros
  if (Math.abs(days) <= EXACT_DAYS) return putInt64(dst, o + 4, days * US_PER_DAY + timeOfDay)
  dst.writeBigInt64BE(BigInt(days) * BigInt(US_PER_DAY) + BigInt(timeOfDay), o + 4)
  return o + 12
}

/** Two ASCII digits at src[i] as a number, or 100 (beyond any field) when they are not digits. */
function twoDigits(src: Buffer, i: number): number {
  const x = src[i] - D0
  const y = src[i + 1] - D0
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : 100
}

/** `YYYY-MM-DD` at src[a] of a day that exists, years 1–9999, as days from 2000-01-01. */
function daysAt(src: Buffer, a: number): number | undefined {
  if (src[a + 4] !== MINUS || src[a + 7] !== MINUS) return undefined
  const hi = twoDigits(src, a)
  const lo = twoDigits(src, a + 2)
  const month = twoDigits(src, a + 5)
  const day = twoDigits(src, a + 8)
  if (hi > 99 || lo > 99 || month < 1 || month > 12 || day < 1) return undefined
  const m = (hi * 100 + lo) * 12 + month - 1
  if (day > MONTH_DAYS[m]) return undefined
  return MONTH_START[m] + day - 1
}

/** Per month of years 0–9999 (index year × 12 + month − 1): its length (0 for year 0, which does not exist), and its first day from 2000-01-01. */
const MONTH_DAYS = new Uint8Array(10_000 * 12)
const MONTH_START = new Int32Array(10_000 * 12)
for (let year = 1; year < 10_000; year++) {
  for (let month = 1; month <= 12; month++) {
    MONTH_DAYS[year * 12 + month - 1] = daysInMonth(year, month)
    MONTH_START[year * 12 + month - 1] = daysFromCivil(year, month, 1) - PG_EPOCH_DAYS
  }
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/** Days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm), as PostgreSQL counts them. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}
