import type { ScannedDump } from '../dump/scan-dump'
import type { DumpProblem } from '../dump/dump-problem'
import type { IngestOptions, IngestReport } from '../ingest/ingest'
import type { GlobalArgs } from './output'

/** `--log-format`: text lines for people (the default), or one JSON object per event on stdout for machines. */
export type LogFormat = 'text' | 'json'

export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json']

/** Whether events go to stdout as JSON lines (then no bar and no text line goes there). */
export function isJsonLog(args: Pick<GlobalArgs, 'log-format'>): boolean {
  return args['log-format'] === 'json'
}

/**
 * Writes one event as one line of JSON on stdout: `time` (ISO 8601, UTC),
 * `event`, then its fields. The fields never hold a secret: they come from
 * results, which hold none (connection strings are redacted where they are
 * made, passphrases never leave the config).
 */
export function logEvent(event: string, fields: Readonly<Record<string, unknown>> = {}): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`)
}

/**
 * The events of one run of the pipeline: `run_started` now, then
 * `dump_identified` per dump, `table_loaded` per table (rows, rejects,
 * seconds), `failure` per failed member (code, message, hint); `finished`
 * writes the failures of whole files and `run_finished`.
 */
export function jsonRunLog(command: string): { options: IngestOptions; finished: (report: IngestReport | undefined, unreadable: readonly DumpProblem[], exitCode: number) => void } {
  const started = performance.now()
  logEvent('run_started', { command, pid: process.pid })
  const options: IngestOptions = {
    onDump: (dump) => logEvent('dump_identified', dumpFields(dump)),
    onTable: (dump, load) => logEvent('table_loaded', {
      file: dump.file, table: load.table, members: load.members, ok: load.failed === 0,
      rows: load.loaded, rejected: load.rejected, bytes: load.bytes, seconds: load.seconds,
    }),
    onMember: (dump, r) => {
      if (r.status === 'failed') logEvent('failure', { file: dump.file, member: r.member, code: r.code, message: r.message, hint: r.hint ?? null })
    },
  }
  const finished = (report: IngestReport | undefined, unreadable: readonly DumpProblem[], exitCode: number): void => {
    for (const p of unreadable) logEvent('failure', { file: p.file, member: null, code: p.code, message: p.message, hint: p.hint ?? null })
    for (const d of report?.dumps ?? []) {
      for (const p of d.problems.filter((x) => x.severity === 'error')) logEvent('failure', { file: p.file, member: p.member ?? null, code: p.code, message: p.message, hint: p.hint ?? null })
      for (const s of d.failedSteps) logEvent('failure', { file: d.file, member: null, code: s.code, message: s.message, hint: s.hint ?? null })
    }
    const members = (report?.dumps ?? []).flatMap((d) => d.members)
    const loaded = members.flatMap((m) => (m.status === 'loaded' ? [m] : []))
    logEvent('run_finished', {
      command, ok: exitCode === 0, exitCode, seconds: Math.round(performance.now() - started) / 1000,
      dumps: report?.dumps.length ?? 0, dumpsFailed: unreadable.length,
      outcomes: Object.fromEntries(countBy((report?.dumps ?? []).map((d) => d.outcome))),
      membersLoaded: loaded.length, membersFailed: members.filter((m) => m.status === 'failed').length,
      rows: sum(loaded.map((m) => m.loaded)), rejected: sum(loaded.map((m) => m.rejected)),
    })
  }
  return { options, finished }
}

function dumpFields(dump: ScannedDump): Record<string, unknown> {
  const { application, version, region, exportedAt, dialect, format } = dump.identity
  return { file: dump.file, application, version, region, exportedAt: exportedAt ?? null, dialect, format, tables: dump.tables.length, encrypted: dump.plaintext !== undefined }
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0)
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  return counts
}
