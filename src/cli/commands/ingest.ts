import type { Argv, CommandModule } from 'yargs'
import { ingest } from '../../use-cases/ingest'
import { configOf } from '../command-context'
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
    const progress = ingestProgress(args)
    const report = await ingest(config, { ...progress.options, dryRun: args['dry-run'], retryFailed: args['retry-failed'] }).finally(progress.stop)
    printResult(args, report, () => describeIngest(report))
    process.exitCode = exitCodeOf(report.ok, report.unreadable)
  },
}
