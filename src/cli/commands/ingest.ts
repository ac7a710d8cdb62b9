import type { Argv, CommandModule } from 'yargs'
import { ingest } from '../../use-cases/ingest'
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
    const config = configOf(args, { database: true })
    const log = isJsonLog(args) ? jsonRunLog('ingest') : undefined
    const progress = log === undefined ? ingestProgress(args) : { options: log.options, stop: () => undefined }
    const report = await ingest(config, { ...progress.options, dryRun: args['dry-run'], retryFailed: args['retry-failed'] }).finally(progress.stop)
    process.exitCode = exitCodeOf(report.ok, report.unreadable)
    if (log !== undefined) return log.finished(report, report.unreadable, process.exitCode)
    printResult(args, report, () => describeIngest(report))
  },
}
