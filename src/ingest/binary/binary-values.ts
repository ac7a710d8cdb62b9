/**
 * COPY BINARY values from the text forms PostgreSQL's input functions read
 * without doubt. Each writer reads a field of COPY text from src[at] up to
 * the TAB or LF that ends it, writes the value's binary form, after its
 * 4-byte length, at dst[o], and returns where the output goes on — with the
 * field's end left in `scan.at` — or -1 for a form it does not take:
 * whitespace, a backslash, `infinity`, an exponent in a numeric (dates and
 * timestamps: `binary-date-time.ts`). Such a value is not wrong, only left
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
export const D0 = 0x30
export const MINUS = 0x2d
export const PLUS = 0x2b
export const DOT = 0x2e
const BACKSLASH = 0x5c

const TWO_32 = 4294967296

/** The byte ends a field. Past the end of src, `undefined` does not. */
export function endsField(c: number): boolean {
  return c === TAB || c === LF
}

/** The value of an ASCII digit, or NaN-safe -1 for anything else (also past the end of src). */
export function digit(c: number): number {
  const d = c - D0
  return d >= 0 && d <= 9 ? d : -1
}

/** A 4-byte big-endian integer (a length, or the bits of one) at dst[o]. */
export function put32(dst: Buffer, o: number, v: number): void {
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
export function putInt64(dst: Buffer, o: number, v: number): number {
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
