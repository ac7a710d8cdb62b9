/**
 * The live bench's report: per run the median over repeats (as `npm run
 * bench` summarises), rows/s from the median time, and each time as a
 * ratio to pgloader's MySQL migration and to the dump path measured in the
 * same run. Printed as a Markdown table, or as JSON.
 */
import { fixed, markdownTable, median, ratio, summarise, type ReportRow } from './report'
import { DUMP_PATH, PGLOADER_MYSQL, type LiveOutcome } from './live-runs'

export interface LiveRow extends ReportRow {
  readonly vsDumpPath?: number
  /** The dump path's steps: median seconds of each command. */
  readonly steps?: Readonly<Record<string, number>>
}

export interface LiveReport {
  readonly rows: number
  readonly seed: number
  readonly repeat: number
  /** The MariaDB source (password hidden) and its version. */
  readonly source: string
  readonly sourceVersion: string
  readonly server: string
  readonly serverVersion: string
  /** `pgloader --version`'s first line, or why pgloader did not run. */
  readonly pgloader: string
  readonly machine: { readonly cpus: number; readonly node: string; readonly loadBefore: readonly number[]; readonly loadAfter: readonly number[] }
  /** What every run had to reproduce (live-checksum.ts). */
  readonly sourceChecksum: string
  readonly runs: readonly LiveRow[]
  readonly notes: readonly string[]
}

export const LIVE_TABLE_COLUMNS = ['run', 'rows', 'seconds', 'rows/s', 'peak RSS MB', '× pgloader', '× dump path'] as const

/** One row per label, medians over the repeats, with both ratios. */
export function summariseLive(outcomes: readonly LiveOutcome[]): LiveRow[] {
  const rows = summarise(outcomes)
  const seconds = (label: string): number | undefined => rows.find((r) => r.label === label)?.seconds
  const pgloader = seconds(PGLOADER_MYSQL)
  const dumpPath = seconds(DUMP_PATH)
  return rows.map((r): LiveRow => {
    const steps = outcomes.filter((o) => o.label === r.label && o.steps !== undefined).map((o) => o.steps ?? {})
    return {
      ...r,
      vsUnzipPsql: undefined,
      vsPgloader: r.seconds === undefined || pgloader === undefined ? undefined : r.seconds / pgloader,
      vsDumpPath: r.seconds === undefined || dumpPath === undefined ? undefined : r.seconds / dumpPath,
      ...(steps.length === 0 ? {} : { steps: Object.fromEntries(Object.keys(steps[0]).map((k) => [k, median(steps.map((s) => s[k]))])) }),
    }
  })
}

export function renderLiveReport(report: LiveReport): string {
  const cells = report.runs.map((r) => r.status !== 'measured'
    ? [r.label, ...LIVE_TABLE_COLUMNS.slice(1).map(() => '–')]
    : [r.label, String(r.rows), fixed(r.seconds, 2), fixed(r.rowsPerSecond, 0), fixed(r.peakRssMb, 0), ratio(r.vsPgloader), ratio(r.vsDumpPath)])
  const load = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(' ')
  const lines = [
    `heirloom live bench: ${report.rows} rows × 12 columns, MariaDB ${report.sourceVersion} (${report.source}) → PostgreSQL ${report.serverVersion} at ${report.server}; ` +
      `${report.repeat === 1 ? '1 run (--repeat 1 is the default: each run moves the whole table)' : `median of ${report.repeat} runs`}; ${report.machine.cpus} CPUs, Node ${report.machine.node}`,
    '',
    ...markdownTable([...LIVE_TABLE_COLUMNS], cells),
    '',
    ...report.runs.filter((r) => r.status !== 'measured').map((r) => `${r.label}: ${r.reason ?? r.status}`),
    ...report.runs.flatMap((r) => (r.steps === undefined ? [] : [`${r.label}: ${Object.entries(r.steps).map(([k, s]) => `${k} ${s.toFixed(2)} s`).join(' + ')}`])),
    `pgloader: ${report.pgloader}`,
    checked(report),
    `load average before ${load(report.machine.loadBefore)}, after ${load(report.machine.loadAfter)} (shared machine)`,
    ...report.notes.map((n) => `note: ${n}`),
  ]
  return `${lines.join('\n')}\n`
}

/** What the check found: a run whose load differs from the source is FAILED, never measured. */
function checked(report: LiveReport): string {
  const measured = report.runs.filter((r) => r.status === 'measured').length
  const failed = report.runs.filter((r) => r.status === 'failed').length
  return `checked against the source (${report.sourceChecksum.split(':')[0]} rows: row count, sums, non-NULL counts, md5 of every 1000th row): ` +
    `${measured} run(s) loaded exactly the source's data${failed === 0 ? '' : `; ${failed} FAILED (above)`}`
}
