/** Numbers for people, shared by the terminal output and the HTML report. */

/** `1.5 MB`, `812 kB`, `12 B`: decimal units, as rates in MB/s are. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let value = bytes / 1000
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${units[unit]}`
}

/** Seconds with a precision that suits them: `0.42 s`, `12.3 s`, `4 min 05 s`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(2)} s`
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  const m = Math.floor(seconds / 60)
  return `${m} min ${String(Math.round(seconds - m * 60)).padStart(2, '0')} s`
}

/** `amount / seconds`, 0 when no time passed. */
export function ratePerSecond(amount: number, seconds: number): number {
  return seconds > 0 ? amount / seconds : 0
}

/** MB/s with one decimal. */
export function formatMBps(bytes: number, seconds: number): string {
  return `${(ratePerSecond(bytes, seconds) / 1e6).toFixed(1)} MB/s`
}

/** Whole rows per second, grouped: `182,400 rows/s`. */
export function formatRowsPerSecond(rows: number, seconds: number): string {
  return `${formatCount(Math.round(ratePerSecond(rows, seconds)))} rows/s`
}

/** `1,234,567`: grouped by thousands, the same in every locale. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}
