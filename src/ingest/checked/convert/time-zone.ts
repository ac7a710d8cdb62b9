/**
 * The time zone wall-clock values without an offset are read in (MySQL
 * TIMESTAMP text, `dumps.defaults.timezone`). heirloom writes every
 * timestamptz with an explicit offset so the result never depends on the
 * PostgreSQL session's TimeZone setting — except in UTC, where the ingest
 * sets the session to UTC and lets such values through as they are.
 */
import { HeirloomError } from '../../../errors'

export interface Zone {
  /** The offset to append to this wall-clock time: `+00`, `+05:30`, `-03:00`. */
  offsetFor(year: number, month: number, day: number, hour: number, minute: number, second: number): string
}

const FIXED = /^([+-])(\d{2}):?(\d{2})$/
/** Offsets of an IANA zone change at most a few times a year; one Intl call per distinct local hour is plenty. */
const CACHE_LIMIT = 100_000

/** Whether wall-clock values are read in UTC (the default). */
export function isUtc(timezone: string | undefined): boolean {
  return /^(utc|z|gmt)$/i.test(timezone?.trim() ?? 'UTC')
}

export function parseZone(timezone: string | undefined): Zone {
  const tz = timezone?.trim() ?? 'UTC'
  if (isUtc(tz)) return fixedZone('+00')
  const fixed = FIXED.exec(tz)
  if (fixed !== null) {
    const [, sign, hours, minutes] = fixed as unknown as [string, string, string, string]
    if (Number(hours) > 15 || Number(minutes) > 59) throw invalidZone(tz)
    return fixedZone(`${sign}${hours}:${minutes}`)
  }
  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', era: 'short',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    })
  } catch (e) {
    throw invalidZone(tz, e)
  }
  return ianaZone(format)
}

function fixedZone(offset: string): Zone {
  return { offsetFor: () => offset }
}

function ianaZone(format: Intl.DateTimeFormat): Zone {
  const cache = new Map<number, string>()
  const offsetSecondsAt = (utcMillis: number): number => {
    const p: Record<string, number> = {}
    let bc = false
    for (const part of format.formatToParts(utcMillis)) {
      if (part.type === 'era') bc = part.value.startsWith('B')
      else if (part.type !== 'literal') p[part.type] = Number(part.value)
    }
    const year = bc ? 1 - (p['year'] ?? 0) : (p['year'] ?? 0)
    const local = wallMillis(year, p['month'] ?? 1, p['day'] ?? 1, p['hour'] ?? 0, p['minute'] ?? 0, p['second'] ?? 0)
    return Math.round((local - Math.floor(utcMillis / 1000) * 1000) / 1000)
  }
  return {
    offsetFor(year, month, day, hour, minute, second) {
      const key = ((year * 16 + month) * 32 + day) * 32 + hour
      const cached = cache.get(key)
      if (cached !== undefined) return cached
      const wall = wallMillis(year, month, day, hour, minute, second)
      // The offset at the instant the wall time denotes; a second lookup settles times next to a transition.
      const first = offsetSecondsAt(wall)
      const settled = offsetSecondsAt(wall - first * 1000)
      const offset = formatOffset(settled === first ? first : offsetSecondsAt(wall - settled * 1000))
      if (cache.size >= CACHE_LIMIT) cache.clear()
      cache.set(key, offset)
      return offset
    },
  }
}

/** Milliseconds of a wall-clock time taken as UTC; `setUTCFullYear` because `Date.UTC` maps years 0–99 to 1900–1999. */
function wallMillis(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, 0)
  return date.getTime()
}

function formatOffset(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+'
  const abs = Math.abs(seconds)
  const hh = String(Math.floor(abs / 3600)).padStart(2, '0')
  const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, '0')
  const ss = abs % 60
  // Historical local mean time offsets (Europe/Paris before 1911: +00:09:21) have seconds; PostgreSQL takes them.
  return ss === 0 ? `${sign}${hh}:${mm}` : `${sign}${hh}:${mm}:${String(ss).padStart(2, '0')}`
}

function invalidZone(tz: string, cause?: unknown): HeirloomError {
  return new HeirloomError('CONFIG_INVALID', `time zone "${tz}" is neither an IANA time zone nor an offset like +02:00`,
    'set `dumps.defaults.timezone` to e.g. UTC, Europe/Berlin or +02:00', { cause })
}
