import { renderNightly, type NightlyReport } from './nightly-replace'
/**
 * The bench report: per run the median over repeats of seconds and peak
 * RSS, throughput derived from the median time, and each time as a ratio to
 * the `unzip -p | psql` and pgloader baselines. Printed as a Markdown table
 * (pasteable into an issue) or as JSON.
 */
import { PGLOADER, UNZIP_PSQL, type RunOutcome } from './run-result'
import type { ScanOutcome } from './scan-bench'

export interface ReportRow {
  readonly label: string
  readonly group: 'baseline' | 'heirloom'
  readonly status: 'measured' | 'skipped' | 'failed'
  readonly reason?: string
  /** Every run's seconds, in run order. */
  readonly runs: readonly number[]
  readonly seconds?: number
  readonly inputBytes?: number
  readonly rows?: number
  readonly mbPerSecond?: number
  readonly rowsPerSecond?: number
  readonly peakRssMb?: number
  readonly vsUnzipPsql?: number
  readonly vsPgloader?: number
  readonly checksum?: string
}

export interface BenchReport {
  readonly rows: number
  readonly seed: number
  readonly repeat: number
  readonly server: string
  readonly serverVersion: string
  readonly machine: { readonly cpus: number; readonly node: string }
  readonly runs: readonly ReportRow[]
  /** True when every run that was checked loaded the same rows (count and row hash). */
  readonly identicalData: boolean
  /** The scan part's result, or why it failed. */
  readonly scan: ScanOutcome | string | undefined
  /** The nightly replace case's result, or why it failed; undefined when skipped. */
  readonly nightly?: NightlyReport | string
  readonly notes: readonly string[]
}

export const TABLE_COLUMNS = ['run', 'input MB', 'rows', 'seconds', 'MB/s', 'rows/s', 'peak RSS MB', '× unzip|psql', '× pgloader'] as const

/** One row per label, in first-seen order, from all repeats' outcomes. */
export function summarise(outcomes: readonly RunOutcome[]): ReportRow[] {
  const labels = [...new Set(outcomes.map((o) => o.label))]
  const rows = labels.map((label): ReportRow => {
    const mine = outcomes.filter((o) => o.label === label)
    const measured = mine.flatMap((o) => (o.kind === 'measured' ? [o] : []))
    if (measured.length === 0) {
      const first = mine[0]
      return { label, group: first.group, status: first.kind === 'failed' ? 'failed' : 'skipped', reason: first.kind === 'measured' ? undefined : first.reason, runs: [] }
    }
    const seconds = median(measured.map((m) => m.seconds))
    const { inputBytes, rows: rowCount, group } = measured[0]
    return {
      label, group, status: 'measured', runs: measured.map((m) => m.seconds), seconds, inputBytes, rows: rowCount,
      mbPerSecond: inputBytes / 1e6 / seconds,
      rowsPerSecond: rowCount / seconds,
      peakRssMb: median(measured.map((m) => m.peakRssBytes)) / 1e6,
      checksum: measured.find((m) => m.checksum !== undefined)?.checksum,
    }
  })
  const base = (label: string): number | undefined => rows.find((r) => r.label === label)?.seconds
  const unzip = base(UNZIP_PSQL)
  const pgloader = base(PGLOADER)
  return rows.map((r) => r.seconds === undefined ? r : {
    ...r,
    vsUnzipPsql: unzip === undefined ? undefined : r.seconds / unzip,
    vsPgloader: pgloader === undefined ? undefined : r.seconds / pgloader,
  })
}

export function identicalData(rows: readonly ReportRow[]): boolean {
  return new Set(rows.flatMap((r) => (r.checksum === undefined ? [] : [r.checksum]))).size <= 1
}

/** The report as text: the Markdown table, skipped runs, the scan line and notes. */
export function renderReport(report: BenchReport): string {
  const cells = report.runs.map((r) => [
    r.label,
    fixed(r.inputBytes === undefined ? undefined : r.inputBytes / 1e6, 0),
    r.rows === undefined ? '–' : String(r.rows),
    fixed(r.seconds, 2),
    fixed(r.mbPerSecond, 1),
    fixed(r.rowsPerSecond, 0),
    fixed(r.peakRssMb, 0),
    ratio(r.vsUnzipPsql),
    ratio(r.vsPgloader),
  ])
  const lines = [
    `heirloom bench: ${report.rows} rows × 12 columns, seed ${report.seed}, ${report.repeat === 1 ? '1 run' : `median of ${report.repeat} runs`}; PostgreSQL ${report.serverVersion} at ${report.server}; ${report.machine.cpus} CPUs, Node ${report.machine.node}`,
    '',
    ...markdownTable([...TABLE_COLUMNS], cells.map((row, i) => (report.runs[i].status === 'measured' ? row : [row[0], ...row.slice(1).map(() => '–')]))),
    '',
    ...report.runs.filter((r) => r.status !== 'measured').map((r) => `${r.label}: ${r.reason ?? r.status}`),
    `identical data in every checked run: ${report.identicalData ? 'yes' : 'NO'}`,
  ]
  if (typeof report.scan === 'string') lines.push(report.scan)
  else if (report.scan !== undefined) {
    const s = report.scan
    lines.push(`${s.label}: ${s.seconds.toFixed(2)} s, peak RSS ${(s.peakRssBytes / 1e6).toFixed(0)} MB (target ≤ 5 s: ${s.withinTarget ? 'met' : 'MISSED'})`)
  }
  if (report.nightly !== undefined) lines.push(typeof report.nightly === 'string' ? report.nightly : renderNightly(report.nightly))
  lines.push(...report.notes.map((n) => `note: ${n}`))
  return `${lines.join('\n')}\n`
}

/** A Markdown table, cells padded so it also reads as plain text; a `|` inside a cell is escaped. */
export function markdownTable(rawHeader: readonly string[], rawRows: readonly (readonly string[])[]): string[] {
  const escape = (c: string): string => c.replace(/\|/g, '\\|')
  const header = rawHeader.map(escape)
  const rows = rawRows.map((r) => r.map(escape))
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`
  return [line(header), `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)]
}

export function fixed(n: number | undefined, digits: number): string {
  return n === undefined ? '–' : n.toFixed(digits)
}

export function ratio(n: number | undefined): string {
  return n === undefined ? '–' : `${n.toFixed(2)}×`
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
