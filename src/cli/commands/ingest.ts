import type { Argv, CommandModule } from 'yargs'
import { withDatabase } from '../../db/database'
import { ingestDumps } from '../../ingest/ingest'
import { withPool } from '../../ingest/pool'
import { scanDumps, unreadableProblems } from '../../ingest/scan-dumps'
import { configOf } from '../command-context'
import { isJsonLog, jsonRunLog } from '../json-log'
import { describeIngest } from '../describe'
import { ingestProgress } from '../progress'
import { exitCodeOf, printResult, type GlobalArgs } from '../output'

interface IngestArgs extends GlobalArgs { readonly 'dry-run': boolean; readonly 'retry-failed': boolean }

export const ingestCommand: CommandModule<GlobalArgs, IngestArgs> = {
  command: 'ingest',
  describe: 'Load every data member not loaded yet, exactly once, with COPY in the worker pool',
  builder: (y: Argv<GlobalArgs>) => y
    .option('dry-run', { type: 'boolean', default: false, describe: 'say what would be loaded; change nothing' })
    .option('retry-failed', { type: 'boolean', default: false, describe: 'load only the members whose last attempt failed' }),
  handler: async (args) => {
    const config = configOf(args)
    const log = isJsonLog(args) ? jsonRunLog('ingest') : undefined
    const progress = log === undefined ? ingestProgress(args) : { options: log.options, stop: () => undefined }
    const report = await withPool(config.ingest.workers, async (pool) => {
      const scan = await scanDumps(config, pool)
      const options = { ...progress.options, dryRun: args['dry-run'], retryFailed: args['retry-failed'], unreadable: unreadableProblems(scan) }
      return withDatabase(config, (url) => ingestDumps(config, url, pool, scan.dumps, options))
    }).finally(progress.stop)
    process.exitCode = exitCodeOf(report.ok, report.unreadable)
    if (log !== undefined) return log.finished(report, report.unreadable, process.exitCode)
    printResult(args, report, () => describeIngest(report))
  },
}
