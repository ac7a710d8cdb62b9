import path from 'node:path'
import type { Argv, CommandModule } from 'yargs'
import type { RecordedProblem } from '../../db/problems'
import type { DumpStatus, StatusReport } from '../../db/status'
import { status, statusFailed, statusMetrics } from '../../use-cases/status'
import { problemLine } from '../describe'
import { describeFailure } from '../describe-failure'
import { describeMigrations } from '../describe-migrations'
import { configOf } from '../command-context'
import { printResult, type GlobalArgs } from '../output'
import { formatBytes, formatMBps, formatRowsPerSecond, formatSeconds } from '../../report/units'

interface StatusArgs extends GlobalArgs { readonly metrics: boolean }

export const statusCommand: CommandModule<GlobalArgs, StatusArgs> = {
  command: 'status',
  describe: 'Per dump: state, members loaded/failed, rows in files = loaded + rejected, every failure with PostgreSQL\'s hint, problems and warnings; migrations applied, pending, edited since',
  builder: (y: Argv<GlobalArgs>) => y.option('metrics', { type: 'boolean', default: false, describe: 'print the Prometheus metrics of the bookkeeping (text exposition format, for node_exporter\'s textfile collector)' }),
  handler: async (args) => {
    const config = configOf(args, { database: true })
    if (args.metrics) {
      process.stdout.write(await statusMetrics(config))
      return
    }
    const report = await status(config)
    printResult(args, report, () => [...dumpLines(report), ...describeMigrations(report.migrations, config.migrations.directory)])
    if (statusFailed(report)) process.exitCode = 1
  },
}

function dumpLines(report: StatusReport): string[] {
  if (!report.migrated) return ['status: no heirloom bookkeeping in this database yet; run `heirloom migrate`']
  const files = report.fileProblems.map((p) => recordedLine(p, ''))
  if (report.dumps.length === 0) return ['status: no dump loaded yet', ...files]
  return [...report.dumps.map((d) => [`${path.basename(d.file)} (${d.application} v${d.version}, ${d.region}): ${d.state}; ` +
    `members ${d.membersLoaded} loaded, ${d.membersFailed} failed; rows ${d.rowsInFiles} in files = ${d.rowsLoaded} loaded + ${d.rowsRejected} rejected${timing(d)}`,
  ...failureLines(d), ...d.problems.map((p) => recordedLine(p, '    '))].join('\n')), ...files]
}

/** The load's duration and throughput, from the timings the bookkeeping keeps. */
function timing(d: DumpStatus): string {
  if (d.loadSeconds === null) return ''
  return `; loaded in ${formatSeconds(d.loadSeconds)}, ${formatBytes(d.bytesLoaded)}, ${formatMBps(d.bytesLoaded, d.loadSeconds)}, ${formatRowsPerSecond(d.rowsInFiles, d.loadSeconds)}`
}

function recordedLine(p: RecordedProblem, indent: string): string {
  return `${indent}${problemLine(p)} (since ${p.firstSeenAt})`
}

/** Shown in full up to this many per dump; `--json` lists them all. */
const FAILURES_SHOWN = 5

function failureLines(d: DumpStatus): string[] {
  const shown = d.failures.slice(0, FAILURES_SHOWN).flatMap((f) => describeFailure(f, '    FAILED ', '        '))
  const more = d.failures.length - FAILURES_SHOWN
  return more > 0 ? [...shown, `    … and ${more} more failure(s): \`heirloom status --json\` lists them all`] : shown
}
