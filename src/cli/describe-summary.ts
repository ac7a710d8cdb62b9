import path from 'node:path'
import Table from 'cli-table3'
import type { IngestReport } from '../ingest/ingest'
import { formatBytes, formatCount, formatRowsPerSecond, formatSeconds } from '../report/units'

/**
 * The end-of-run summary, as pgloader prints one: per dump and table the
 * rows loaded and rejected, bytes, seconds and rows/s, then the totals and
 * the warnings counted. Empty when this run loaded nothing. No colours: it
 * goes to stdout, which is often a file.
 */
export function describeSummary(report: IngestReport, wallSeconds?: number): string[] {
  const rows = report.dumps.flatMap((d) => d.tables.map((t) => ({ dump: path.basename(d.file), ...t })))
  if (rows.length === 0) return []
  const table = new Table({
    head: ['dump', 'table', 'rows loaded', 'rejected', 'bytes', 'seconds', 'rows/s'],
    colAligns: ['left', 'left', 'right', 'right', 'right', 'right', 'right'],
    style: { head: [], border: [], compact: true },
  })
  for (const r of rows) {
    table.push([r.dump, r.failed > 0 ? `${r.table} (${r.failed} failed)` : r.table, formatCount(r.loaded), formatCount(r.rejected), formatBytes(r.bytes), formatSeconds(r.seconds), formatRowsPerSecond(r.loaded + r.rejected, r.seconds)])
  }
  const total = rows.reduce((t, r) => ({ loaded: t.loaded + r.loaded, rejected: t.rejected + r.rejected, bytes: t.bytes + r.bytes, seconds: Math.max(t.seconds, r.seconds) }), { loaded: 0, rejected: 0, bytes: 0, seconds: 0 })
  // Tables load side by side: the run's time is the longest table's, unless the caller measured it.
  const seconds = wallSeconds ?? total.seconds
  table.push([`total (${rows.length} tables)`, '', formatCount(total.loaded), formatCount(total.rejected), formatBytes(total.bytes), formatSeconds(seconds), formatRowsPerSecond(total.loaded + total.rejected, seconds)])
  return [table.toString(), `warnings: ${report.warnings.length}`]
}
