/**
 * date, time, timestamp and timestamptz fields from SQL Server and MySQL
 * text: ISO forms (`2024-01-31 13:45:00.1234567 +01:00`), SQL Server
 * style 100 (`Dec 22 2000 11:04PM`, used by ezETL dumps) and MySQL zero
 * dates. Values are checked against the calendar (PostgreSQL would fail
 * the COPY on Feb 30) and fractional seconds beyond PostgreSQL's 6 digits
 * are rounded here, with the carry, because that is where they get lost.
 * A valid ISO value that needs no change is passed through as it came.
 */
import type { ValueConversions } from '../../../schema/dialects'
import { Invalid, type Converted, type TextConverter } from './invalid'
import type { Zone } from './time-zone'

export type DateTimeKind = 'date' | 'time' | 'timestamp' | 'timestamptz'

const D0 = 48
const D9 = 57

/**
 * The fields of the value being converted. One module-level scratch record instead of an
 * object per field: conversion is synchronous, so no two parses overlap.
 */
const m = {
  year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, micro: 0,
  hasDate: false, hasTime: false,
  /** The seventh fractional digit was 5 or more. */
  roundUp: false,
  /** Index in the text where the UTC offset starts, -1 when there is none. */
  offsetStart: -1,
  /** PostgreSQL takes the text as it is: ISO, at most 6 fractional digits, offset not set apart by a space. */
  exact: true,
  /** Read by parseFixedIso with more than 6 fractional digits (SQL Server datetime2(7)): characters 0–25 are the value to 6 digits. */
  longFraction: false,
}
let pos = 0

const ZERO = 'zero'
const NOT_DATE_TIME = 'not a date/time (expected e.g. 2024-01-31 13:45:00.000 or Dec 22 2000 11:04PM)'
const NOT_DATE_TIME_INVALID = new Invalid(NOT_DATE_TIME)
const STYLE_100 = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec) +(\d{1,2}) +(\d{4})(?: +(\d{1,2}):(\d{2})(?::(\d{2})(?:[:.](\d{1,9}))?)? *([ap]m))?$/i
const MONTHS = 'janfebmaraprmayjunjulaugsepoctnovdec'

/** Reads min..max digits at `pos`; -1 when there are fewer than `min`. */
function readNumber(s: string, min: number, max: number): number {
  let value = 0
  const start = pos
  while (pos < s.length && pos - start < max && s.charCodeAt(pos) >= D0 && s.charCodeAt(pos) <= D9) value = value * 10 + s.charCodeAt(pos++) - D0
  return pos - start < min ? -1 : value
}

function expect(s: string, c: string): boolean {
  if (s[pos] !== c) return false
  pos++
  return true
}

/** `HH:MM[:SS[.fffffffff]]` at `pos`; MySQL TIME may carry 3 hour digits and a sign, refused later with a reason. */
function parseTime(s: string): boolean {
  const negative = expect(s, '-')
  m.hour = readNumber(s, 1, 3)
  if (m.hour < 0 || !expect(s, ':')) return false
  if (negative) m.hour = 1000
  m.minute = readNumber(s, 2, 2)
  m.second = expect(s, ':') ? readNumber(s, 2, 2) : 0
  if (m.minute < 0 || m.second < 0) return false
  m.hasTime = true
  if (!expect(s, '.')) return true
  const start = pos
  m.micro = 0
  while (pos < s.length && s.charCodeAt(pos) >= D0 && s.charCodeAt(pos) <= D9) {
    if (pos - start < 6) m.micro = m.micro * 10 + s.charCodeAt(pos) - D0
    else if (pos - start === 6) m.roundUp = s.charCodeAt(pos) >= D0 + 5
    pos++
  }
  const digits = pos - start
  if (digits === 0) return false
  for (let d = digits; d < 6; d++) m.micro *= 10
  if (digits > 6) m.exact = false
  return true
}

function parseTimeOnly(s: string): boolean {
  pos = 0
  return parseTime(s) && pos === s.length
}

/** ` +01:00`, `+0100`, `-03`, `Z` at `pos`, to the end of the text. */
function parseOffset(s: string): boolean {
  if (pos === s.length) return true
  if (s[pos] === ' ') {
    pos++
    m.exact = false
  }
  m.offsetStart = pos
  if (expect(s, 'Z') || expect(s, 'z')) return pos === s.length
  if (!expect(s, '+') && !expect(s, '-')) return false
  const hours = readNumber(s, 2, 2)
  const colon = expect(s, ':')
  const minutes = pos === s.length && !colon ? 0 : readNumber(s, 2, 2)
  return hours >= 0 && hours <= 15 && minutes >= 0 && minutes <= 59 && pos === s.length
}

function parseIso(s: string): boolean {
  pos = 0
  m.year = readNumber(s, 4, 4)
  if (m.year < 0 || !expect(s, '-')) return false
  m.month = readNumber(s, 2, 2)
  if (m.month < 0 || !expect(s, '-')) return false
  m.day = readNumber(s, 2, 2)
  if (m.day < 0) return false
  m.hasDate = true
  if (pos === s.length) return true
  if (!expect(s, ' ') && !expect(s, 'T')) return false
  return parseTime(s) && parseOffset(s)
}

/** The value of the digit at `i`, or a negative sum-spoiler: a field holding a non-digit comes out negative. */
function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - D0
  return d >= 0 && d <= 9 ? d : -100_000
}

/**
 * The shape nearly every value has (`YYYY-MM-DD[ HH:MM:SS[.f…]]`, no offset), read at fixed positions:
 * several times faster than the general parser, which handles everything else.
 */
function parseFixedIso(s: string): boolean {
  const n = s.length
  if ((n !== 10 && n < 19) || n > 29 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false
  const year = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3)
  const month = digit(s, 5) * 10 + digit(s, 6)
  const day = digit(s, 8) * 10 + digit(s, 9)
  if (year < 0 || month < 0 || day < 0) return false
  if (n > 10) {
    const separator = s.charCodeAt(10)
    if ((separator !== 32 && separator !== 84) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false
    const hour = digit(s, 11) * 10 + digit(s, 12)
    const minute = digit(s, 14) * 10 + digit(s, 15)
    const second = digit(s, 17) * 10 + digit(s, 18)
    if (hour < 0 || minute < 0 || second < 0) return false
    if (n > 19) {
      if (n === 20 || s.charCodeAt(19) !== 46) return false
      let micro = 0
      for (let i = 20; i < n; i++) {
        const d = digit(s, i)
        if (d < 0) return false
        if (i < 26) micro = micro * 10 + d
      }
      for (let i = n; i < 26; i++) micro *= 10
      m.micro = micro
      m.roundUp = n > 26 && digit(s, 26) >= 5
      m.exact = n <= 26
      m.longFraction = n > 26
    }
    m.hour = hour
    m.minute = minute
    m.second = second
    m.hasTime = true
  }
  m.year = year
  m.month = month
  m.day = day
  m.hasDate = true
  return true
}

function parseStyle100(s: string): boolean {
  const match = STYLE_100.exec(s)
  if (match === null) return false
  m.exact = false
  m.hasDate = true
  m.month = MONTHS.indexOf((match[1] as string).toLowerCase()) / 3 + 1
  m.day = Number(match[2])
  m.year = Number(match[3])
  if (match[4] === undefined) return true
  const hour12 = Number(match[4])
  m.hour = hour12 < 1 || hour12 > 12 ? 99 : (hour12 % 12) + ((match[8] as string).toLowerCase() === 'pm' ? 12 : 0)
  m.minute = Number(match[5])
  m.second = match[6] === undefined ? 0 : Number(match[6])
  const fraction = match[7] ?? ''
  m.micro = Number(fraction.slice(0, 6).padEnd(6, '0'))
  m.roundUp = fraction.length > 6 && fraction.charCodeAt(6) >= D0 + 5
  m.hasTime = true
  return true
}

/** Fills `m`; returns undefined when `s` is a valid value, ZERO for a MySQL zero date, or a reject reason. */
function parse(s: string, kind: DateTimeKind): string | undefined {
  m.hasDate = m.hasTime = m.roundUp = m.longFraction = false
  m.exact = true
  m.offsetStart = -1
  m.hour = m.minute = m.second = m.micro = 0
  const c0 = s.charCodeAt(0)
  const ok = parseFixedIso(s) || ((c0 | 0x20) >= 0x61 && (c0 | 0x20) <= 0x7a ? parseStyle100(s)
    : s.charCodeAt(4) === 45 /* - */ ? parseIso(s)
    : kind === 'time' && parseTimeOnly(s))
  if (!ok) return s.length === 0 ? `empty field in a column of type ${kind}` : NOT_DATE_TIME
  if (m.hasDate) {
    if (m.year === 0 && m.month === 0 && m.day === 0) return ZERO
    if (m.year === 0 || m.month === 0 || m.day === 0) return 'year, month or day is zero'
    if (m.month > 12) return `month ${m.month} does not exist`
    if (m.day > daysInMonth(m.year, m.month)) return `day ${m.day} does not exist in ${pad(m.year, 4)}-${pad(m.month, 2)}`
  }
  if (m.hasTime) {
    const endOfDay = kind === 'time' && m.hour === 24 && m.minute === 0 && m.second === 0 && m.micro === 0 && !m.roundUp
    if ((m.hour > 23 && !endOfDay) || m.minute > 59 || m.second > 59) {
      return kind === 'time' ? 'time outside 00:00:00..24:00:00' : 'time of day outside 00:00:00..23:59:59'
    }
  }
  return undefined
}

/** Days in the month of a proleptic Gregorian year. */
export function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
}

/**
 * Whether buf[a, b) is a `YYYY-MM-DD` date (kind 'date'), a
 * `YYYY-MM-DD HH:MM:SS[.f{1,6}]` timestamp (kind 'timestamp'), or such a
 * timestamp with an offset ` +HH:MM`, the space optional (kind
 * 'timestamptz'; without one unless `offsetRequired`), that exists in the
 * calendar: values PostgreSQL reads as the converter would, checked on the
 * bytes without decoding them. False sends the value to the converter,
 * which decides.
 */
export function isPlainDateTime(buf: Buffer, a: number, b: number, kind: 'date' | 'timestamp' | 'timestamptz', offsetRequired = false): boolean {
  const n = b - a
  if (kind === 'date' ? n !== 10 : n < 19) return false
  if (buf[a + 4] !== 45 || buf[a + 7] !== 45) return false
  const year = byteDigit(buf, a) * 1000 + byteDigit(buf, a + 1) * 100 + byteDigit(buf, a + 2) * 10 + byteDigit(buf, a + 3)
  const month = byteDigit(buf, a + 5) * 10 + byteDigit(buf, a + 6)
  const day = byteDigit(buf, a + 8) * 10 + byteDigit(buf, a + 9)
  if (year <= 0 || month <= 0 || month > 12 || day <= 0 || day > daysInMonth(year, month)) return false
  if (kind === 'date') return true
  if ((buf[a + 10] !== 32 && buf[a + 10] !== 84) || buf[a + 13] !== 58 || buf[a + 16] !== 58) return false
  const hour = byteDigit(buf, a + 11) * 10 + byteDigit(buf, a + 12)
  const minute = byteDigit(buf, a + 14) * 10 + byteDigit(buf, a + 15)
  const second = byteDigit(buf, a + 17) * 10 + byteDigit(buf, a + 18)
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false
  let i = a + 19
  if (i < b && buf[i] === 46) {
    const digits = ++i
    while (i < b && buf[i] >= D0 && buf[i] <= D9) i++
    if (i === digits || i - digits > 6) return false
  }
  if (i === b) return kind === 'timestamp' || !offsetRequired
  if (kind === 'timestamp') return false
  if (buf[i] === 32) i++
  if (b - i !== 6 || (buf[i] !== 43 && buf[i] !== 45) || buf[i + 3] !== 58) return false
  const offsetHours = byteDigit(buf, i + 1) * 10 + byteDigit(buf, i + 2)
  const offsetMinutes = byteDigit(buf, i + 4) * 10 + byteDigit(buf, i + 5)
  return offsetHours >= 0 && offsetHours <= 14 && offsetMinutes >= 0 && offsetMinutes <= 59
}

/** The digit at i, or a number negative enough to spoil any sum it enters. */
function byteDigit(buf: Buffer, i: number): number {
  const d = buf[i] - D0
  return d >= 0 && d <= 9 ? d : -100_000
}

/** Applies the rounding of a seventh fractional digit, carrying up to the year (`23:59:59.9999999` is the next day). */
function carry(kind: DateTimeKind): void {
  if (!m.roundUp) return
  m.exact = false
  if (++m.micro < 1_000_000) return
  m.micro = 0
  if (++m.second < 60) return
  m.second = 0
  if (++m.minute < 60) return
  m.minute = 0
  if (++m.hour < 24 || kind === 'time') return
  m.hour = 0
  if (++m.day <= daysInMonth(m.year, m.month)) return
  m.day = 1
  if (++m.month <= 12) return
  m.month = 1
  m.year++
}

/** '00'..'99': rebuilt values (every SQL Server datetime2(7) field) are assembled without number formatting. */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'))

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

function timeText(): string {
  const base = `${TWO_DIGITS[m.hour]}:${TWO_DIGITS[m.minute]}:${TWO_DIGITS[m.second]}`
  if (m.micro === 0) return base
  let micro = m.micro
  let digits = 6
  // PostgreSQL needs no trailing zeros; dropping them keeps `.5` as `.5`.
  while (micro % 10 === 0) {
    micro /= 10
    digits--
  }
  return `${base}.${String(micro).padStart(digits, '0')}`
}

function dateText(): string {
  return `${m.year >= 1000 ? String(m.year) : pad(m.year, 4)}-${TWO_DIGITS[m.month]}-${TWO_DIGITS[m.day]}`
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` of `m`, rounded to 6 fractional digits; `s` is the text `m` was read from. */
function wallClockText(s: string): string {
  // datetime2(7) text needs only its seventh digit dropped or rounded into the sixth, unless that carries into the seconds.
  if (m.longFraction && (!m.roundUp || m.micro < 999_999)) {
    if (!m.roundUp) return s.slice(0, 26)
    m.micro++
    return s.slice(0, 20) + String(1_000_000 + m.micro).slice(1)
  }
  carry('timestamp')
  return `${dateText()} ${timeText()}`
}

/** PostgreSQL's special values of date and timestamp, which a PostgreSQL source exports as they are. */
const INFINITY = /^[+-]?infinity$/i

/**
 * Builds the converter of one date/time column. `zone` reads timestamptz values that carry no offset;
 * `zeroDates` is the dialect's conversion: under `null`, `zeroDate` decides what a zero date becomes
 * (NULL with a warning, or a reject in a NOT NULL column); under `reject` it is a reject.
 */
export function makeDateTimeConverter(kind: DateTimeKind, zeroDates: ValueConversions['zeroDates'], zone: Zone, zeroDate: () => Converted): TextConverter {
  const notZeroDate = new Invalid('zero date: the source dialect has no such value (its zeroDates conversion is reject)')
  const notTime = new Invalid('not a time of day')
  return (s) => {
    const problem = parse(s, kind)
    if (problem === ZERO) return zeroDates === 'null' ? zeroDate() : notZeroDate
    if (problem !== undefined) {
      // Tested only once the value is no date: not a regular expression per field.
      if (kind !== 'time' && INFINITY.test(s)) return s
      return problem === NOT_DATE_TIME ? NOT_DATE_TIME_INVALID : new Invalid(problem)
    }
    switch (kind) {
      case 'date':
        // Like PostgreSQL's own date input, a time part is dropped, not rounded into the next day.
        return m.exact && !m.hasTime ? s : dateText()
      case 'time':
        if (!m.hasTime) return notTime
        carry(kind)
        return m.exact && !m.hasDate && m.offsetStart === -1 ? s : timeText()
      case 'timestamp':
        return m.exact ? s : wallClockText(s)
      case 'timestamptz': {
        if (m.exact && m.hasTime && m.offsetStart !== -1) return s
        const local = m.exact && m.hasTime ? s : wallClockText(s)
        return local + (m.offsetStart === -1 ? zone.offsetFor(m.year, m.month, m.day, m.hour, m.minute, m.second) : s.slice(m.offsetStart))
      }
    }
  }
}
