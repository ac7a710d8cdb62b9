/**
 * Integer, numeric, floating-point and boolean fields. Each check mirrors
 * what PostgreSQL's input function would refuse (syntax, range, numeric
 * field overflow), so a bad value becomes a reject row instead of failing
 * the whole COPY. Checks walk char codes: no regex or allocation for the
 * common, valid value, which is passed through unchanged.
 */
import type { ValueConversions } from '../../../schema/dialects'
import { Invalid, type TextConverter } from './invalid'

const D0 = 48
const D9 = 57
const PLUS = 43
const MINUS = 45
const DOT = 46
const SPACE = 32

type IntegerType = 'smallint' | 'integer' | 'bigint'

/** Largest magnitudes, as digit strings so bigint needs no BigInt: [positive, negative]. */
const INTEGER_LIMITS: Readonly<Record<IntegerType, readonly [string, string]>> = {
  smallint: ['32767', '32768'],
  integer: ['2147483647', '2147483648'],
  bigint: ['9223372036854775807', '9223372036854775808'],
}

/** PostgreSQL's input functions skip surrounding whitespace; trimming only when present avoids a copy. */
function trimmed(s: string): string {
  return s.length > 0 && (s.charCodeAt(0) <= SPACE || s.charCodeAt(s.length - 1) <= SPACE) ? s.trim() : s
}

/** Index of the first digit after an optional sign, or -1 when `s` is not `[+-]digits`. */
function integerDigitsStart(s: string): number {
  const c0 = s.charCodeAt(0)
  const start = c0 === PLUS || c0 === MINUS ? 1 : 0
  if (start === s.length) return -1
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < D0 || c > D9) return -1
  }
  return start
}

/** Compares the digits of `s` from `start` (no sign) with `limit`, ignoring leading zeros: true when larger. */
function exceeds(s: string, start: number, limit: string): boolean {
  let first = start
  while (first < s.length - 1 && s.charCodeAt(first) === D0) first++
  const length = s.length - first
  if (length !== limit.length) return length > limit.length
  for (let i = 0; i < length; i++) {
    const d = s.charCodeAt(first + i) - limit.charCodeAt(i)
    if (d !== 0) return d > 0
  }
  return false
}

export function makeIntegerConverter(type: IntegerType): TextConverter {
  const [maxPositive, maxNegative] = INTEGER_LIMITS[type]
  const notInteger = new Invalid(`not an integer (${type} takes digits with an optional sign)`)
  const outOfRange = new Invalid(`out of range for ${type} (-${maxNegative}..${maxPositive})`)
  const empty = new Invalid(`empty field in a column of type ${type}`)
  return (text) => {
    const s = trimmed(text)
    if (s.length === 0) return empty
    const start = integerDigitsStart(s)
    if (start === -1) return notInteger
    return exceeds(s, start, s.charCodeAt(0) === MINUS ? maxNegative : maxPositive) ? outOfRange : s
  }
}

/** Where the parts of a decimal literal lie; filled by scanDecimal (one shared scratch: conversion is synchronous). */
const decimal = { intStart: 0, intEnd: 0, fracStart: 0, fracEnd: 0, exponent: 0 }

/** `[+-](digits[.digits]|.digits)[e[+-]digits]`; false when `s` is not such a literal. */
function scanDecimal(s: string): boolean {
  const n = s.length
  let i = s.charCodeAt(0) === PLUS || s.charCodeAt(0) === MINUS ? 1 : 0
  decimal.intStart = i
  while (i < n && s.charCodeAt(i) >= D0 && s.charCodeAt(i) <= D9) i++
  decimal.intEnd = i
  decimal.fracStart = decimal.fracEnd = i
  if (i < n && s.charCodeAt(i) === DOT) {
    decimal.fracStart = ++i
    while (i < n && s.charCodeAt(i) >= D0 && s.charCodeAt(i) <= D9) i++
    decimal.fracEnd = i
  }
  if (decimal.intEnd === decimal.intStart && decimal.fracEnd === decimal.fracStart) return false
  decimal.exponent = 0
  if (i < n && (s.charCodeAt(i) | 0x20) === 0x65) {
    const sign = s.charCodeAt(++i)
    if (sign === PLUS || sign === MINUS) i++
    const start = i
    let exponent = 0
    for (; i < n && s.charCodeAt(i) >= D0 && s.charCodeAt(i) <= D9; i++) {
      // Clamped: anything this large is out of every range, and the number must stay finite.
      exponent = Math.min(exponent * 10 + s.charCodeAt(i) - D0, 1_000_000)
    }
    if (i === start) return false
    decimal.exponent = sign === MINUS ? -exponent : exponent
  }
  return i === n
}

/** Digit `k` of the literal's digit sequence (integer digits then fraction digits). */
function digitAt(s: string, k: number): number {
  const intLength = decimal.intEnd - decimal.intStart
  return s.charCodeAt(k < intLength ? decimal.intStart + k : decimal.fracStart + k - intLength) - D0
}

/**
 * How many digits the value has before the decimal point once rounded to `scale`
 * fraction digits, as PostgreSQL rounds it (half away from zero), including a carry
 * (`99.995` at scale 2 becomes `100.00`: 3 digits).
 */
function integerDigitsAfterRounding(s: string, scale: number): number {
  const count = decimal.intEnd - decimal.intStart + decimal.fracEnd - decimal.fracStart
  const point = decimal.intEnd - decimal.intStart + decimal.exponent
  let first = 0
  while (first < count && digitAt(s, first) === 0) first++
  const keepEnd = point + scale
  const roundsUp = keepEnd >= 0 && keepEnd < count && digitAt(s, keepEnd) >= 5
  if (first >= count || (first >= keepEnd && !roundsUp)) return 0
  let lead = first
  if (roundsUp) {
    let allNines = true
    for (let k = Math.max(first, 0); k < keepEnd && allNines; k++) allNines = digitAt(s, k) === 9
    if (allNines) lead = Math.min(first, keepEnd) - 1
  }
  return Math.max(0, point - lead)
}

/** numeric / numeric(p) / numeric(p,s). Exponent notation (`1e3`, SQL Server float text) is accepted, as PostgreSQL does. */
export function makeNumericConverter(precision: number | undefined, scale: number): TextConverter {
  const label = precision === undefined ? 'numeric' : `numeric(${precision},${scale})`
  const notNumber = new Invalid(`not a decimal number (${label})`)
  const empty = new Invalid(`empty field in a column of type ${label}`)
  const room = precision === undefined ? Infinity : precision - scale
  return (text) => {
    const s = trimmed(text)
    if (s.length === 0) return empty
    if (!scanDecimal(s) || Math.abs(decimal.exponent) > 1000) {
      // numeric takes NaN whatever its precision, and ±Infinity only without one.
      return SPECIAL_NUMERIC.test(s) && (precision === undefined || /^nan$/i.test(s)) ? s : notNumber
    }
    if (room === Infinity) return s
    const digits = integerDigitsAfterRounding(s, scale)
    return digits <= room ? s : new Invalid(`numeric field overflow: ${digits} digits before the decimal point, ${label} allows ${room}`)
  }
}

/** What numeric_in takes besides digits (PostgreSQL 14+: `inf` too, as the sqlite3 shell writes it). */
const SPECIAL_NUMERIC = /^(?:nan|[+-]?inf(?:inity)?)$/i
const SPECIAL_FLOAT = /^[+-]?(?:inf|infinity|nan)$/i
const NONZERO_MANTISSA = /^[^eE]*[1-9]/

/** real (4-byte) or double precision: PostgreSQL refuses overflow and underflow to zero, but takes NaN and ±Infinity. */
/** Without an exponent, a float literal this short can neither overflow nor underflow. */
export const FLOAT_SAFE_DIGITS = { real: 38, double: 300 } as const

export function makeFloatConverter(type: 'real' | 'double precision'): TextConverter {
  const single = type === 'real'
  const notNumber = new Invalid(`not a number (${type})`)
  const outOfRange = new Invalid(`out of range for ${type}`)
  const empty = new Invalid(`empty field in a column of type ${type}`)
  // Without an exponent, a literal this short can neither overflow nor underflow: skip the costly Number().
  const safeDigits = single ? FLOAT_SAFE_DIGITS.real : FLOAT_SAFE_DIGITS.double
  return (text) => {
    const s = trimmed(text)
    if (s.length === 0) return empty
    if (!scanDecimal(s)) return SPECIAL_FLOAT.test(s) ? s : notNumber
    if (decimal.exponent === 0 && s.length <= safeDigits) return s
    const value = single ? Math.fround(Number(s)) : Number(s)
    if (!Number.isFinite(value)) return outOfRange
    return value === 0 && NONZERO_MANTISSA.test(s) ? outOfRange : s
  }
}

const BOOLEAN_WORDS: ReadonlyMap<string, 't' | 'f'> = new Map([
  ['1', 't'], ['0', 'f'], ['true', 't'], ['false', 'f'], ['t', 't'], ['f', 'f'],
  ['yes', 't'], ['no', 'f'], ['y', 't'], ['n', 'f'], ['on', 't'], ['off', 'f'],
])

/**
 * The `booleans` conversion: `zeroOne` (SQL Server `bit`) or `anyInteger` (MySQL `tinyint(1)`: MySQL
 * stores any tinyint there and treats every nonzero value as true), plus the words PostgreSQL knows.
 */
export function makeBooleanConverter(booleans: ValueConversions['booleans']): TextConverter {
  const notBoolean = new Invalid(booleans === 'anyInteger' ? 'not a boolean (an integer, true/false)' : 'not a boolean (0/1, true/false)')
  return (text) => {
    if (text === '1') return 't'
    if (text === '0') return 'f'
    const s = trimmed(text)
    const word = s.length <= 5 ? BOOLEAN_WORDS.get(s.toLowerCase()) : undefined
    if (word !== undefined) return word
    if (booleans !== 'anyInteger') return notBoolean
    const start = integerDigitsStart(s)
    if (start === -1) return notBoolean
    for (let i = start; i < s.length; i++) if (s.charCodeAt(i) !== D0) return 't'
    return 'f'
  }
}
