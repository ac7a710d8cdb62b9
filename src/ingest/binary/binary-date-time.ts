/**
 * COPY BINARY dates and timestamps from the text forms PostgreSQL reads
 * without doubt: ISO `YYYY-MM-DD` of a day that exists (years 1–9999),
 * then for timestamps ` HH:MM:SS[.f{1,6}]` and for timestamptz an offset.
 * Not taken, and left to PostgreSQL's text input: a `T`, a time zone name,
 * more than 6 fractional digits, `epoch`, `infinity`. The writers work as
 * those of `binary-values.ts`.
 */
import { daysInMonth } from '../checked/convert/convert-date-time'
import { D0, digit, DOT, endsField, MINUS, PLUS, put32, putInt64, type FieldScan } from './binary-values'

const COLON = 0x3a
const SPACE = 0x20

const US_PER_DAY = 86_400_000_000
/** Days from 1970-01-01 to PostgreSQL's epoch, 2000-01-01. */
const PG_EPOCH_DAYS = 10_957
/** Beyond this many days from 2000-01-01 (years ~1727–2273), microseconds no longer fit a double exactly. */
const EXACT_DAYS = 100_000

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
 * not; without one it is UTC, the load's session time zone (`loadTable`).
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

/** Days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm), as PostgreSQL counts them. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}
