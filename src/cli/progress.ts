import path from 'node:path'
import cliProgress from 'cli-progress'
import type { ScannedDump } from '../dump/scan-dump'
import type { IngestOptions, TableLoad } from '../ingest/ingest'
import type { LoadProgress } from '../ingest/load-progress'
import type { MemberResult } from '../ingest/table-task'
import { formatBytes, formatCount, formatMBps, formatRowsPerSecond, formatSeconds } from '../report/units'
import { describeFailure } from './describe-failure'
import { note, type GlobalArgs } from './output'

/**
 * Ingest progress. On a terminal: one bar for the run in inflated bytes
 * (the total from the ZIPs' central directories) with rows, MB/s, rows/s
 * and ETA, and a line per table being loaded. Off a terminal: one plain line
 * per finished table (also on a terminal with --verbose). Nothing with --json
 * or --quiet. Returns the callbacks and a
 * function to close the display.
 */
export function ingestProgress(args: GlobalArgs): { options: IngestOptions; stop: () => void } {
  if (args.json || args.quiet === true) return { options: {}, stop: () => undefined }
  if (process.stderr.isTTY !== true || args.verbose === true) {
    return {
      options: { onTable: (dump, load, results) => note(args, tableLines(dump, load, results).join('\n')) },
      stop: () => undefined,
    }
  }
  return terminalProgress()
}

const RUN_FORMAT = 'loading [{bar}] {percentage}% | {done} of {size} | {rows} rows | {mbps} | {rps} | ETA {eta_formatted}'
const TABLE_FORMAT = '  {label}: {rows} rows, {done}'

function terminalProgress(): { options: IngestOptions; stop: () => void } {
  // cli-progress redraws at most `fps` times a second, however often the counts change.
  const bars = new cliProgress.MultiBar({ stream: process.stderr, hideCursor: true, fps: 10, format: RUN_FORMAT, barsize: 24, etaBuffer: 50 }, cliProgress.Presets.shades_classic)
  let run: cliProgress.SingleBar | undefined
  let total = 0
  let started = 0
  // Bytes and rows of the tables done, and per table being loaded the latest counts of each of its members.
  const done = { bytes: 0, rows: 0 }
  const active = new Map<string, { bar: cliProgress.SingleBar; label: string; members: Map<string, LoadProgress> }>()
  const key = (dump: ScannedDump, table: string): string => `${dump.file}\u0000${table}`

  const refresh = (): void => {
    if (run === undefined) return
    let bytes = done.bytes
    let rows = done.rows
    for (const t of active.values()) for (const m of t.members.values()) {
      bytes += m.bytes
      rows += m.rows
    }
    const seconds = (Date.now() - started) / 1000
    run.update(Math.min(bytes, total), { done: formatBytes(bytes), size: formatBytes(total), rows: formatCount(rows), mbps: formatMBps(bytes, seconds), rps: formatRowsPerSecond(rows, seconds) })
  }
  const options: IngestOptions = {
    onPlanned: (members, bytes) => {
      if (members === 0) return
      total = Math.max(bytes, 1)
      started = Date.now()
      run = bars.create(total, 0, { done: formatBytes(0), size: formatBytes(bytes), rows: '0', mbps: formatMBps(0, 0), rps: formatRowsPerSecond(0, 0) })
    },
    onProgress: (dump, table, p) => {
      const k = key(dump, table)
      let t = active.get(k)
      if (t === undefined) {
        const label = `${path.basename(dump.file)} ${table}`
        t = { bar: bars.create(1, 0, { label, rows: '0', done: formatBytes(0) }, { format: TABLE_FORMAT }), label, members: new Map() }
        active.set(k, t)
      }
      t.members.set(p.member, p)
      let bytes = 0
      let rows = 0
      for (const m of t.members.values()) {
        bytes += m.bytes
        rows += m.rows
      }
      t.bar.update(0, { label: t.label, rows: formatCount(rows), done: formatBytes(bytes) })
      refresh()
    },
    onTable: (dump, load, results) => {
      const k = key(dump, load.table)
      const t = active.get(k)
      if (t !== undefined) bars.remove(t.bar)
      active.delete(k)
      done.bytes += load.bytes
      done.rows += load.loaded + load.rejected
      for (const r of results) if (r.status === 'failed') bars.log(`${describeFailure(r, 'FAILED  ', '        ').join('\n')}\n`)
      refresh()
    },
  }
  return { options, stop: () => { if (run !== undefined) bars.stop() } }
}

/** A finished table off a terminal: rows, rejects, bytes, seconds, MB/s; a failed member's error below it. */
export function tableLines(dump: ScannedDump, load: TableLoad, results: readonly MemberResult[]): string[] {
  const where = `${path.basename(dump.file)}: ${load.table}`
  const loaded = results.filter((r) => r.status === 'loaded').length
  // A failure's message names the dump and the member already.
  const failures = results.flatMap((r) => (r.status === 'failed' ? describeFailure(r, 'FAILED  ', '        ') : []))
  if (loaded === 0 && failures.length === 0) {
    const skipped = results.find((r) => r.status === 'skipped')
    return [`skipped ${where}: ${skipped?.status === 'skipped' ? skipped.reason : 'nothing to load'}`]
  }
  const line = `loaded  ${where}: ${load.loaded} rows, ${load.rejected} rejected, ${formatBytes(load.bytes)}, ${formatSeconds(load.seconds)}, ${formatMBps(load.bytes, load.seconds)}`
  return loaded === 0 ? failures : [line, ...failures]
}
