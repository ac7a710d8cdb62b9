import type { Argv, CommandModule } from 'yargs'
import { withDatabase } from '../../db/database'
import { ingestDumps } from '../../ingest/ingest'
import { withPool } from '../../ingest/pool'
import { scanDumps } from '../../ingest/scan-dumps'
import { configOf } from '../command-context'
import { describeIngest, describeScan } from '../describe'
import { ingestProgress } from '../progress'
import { note, printResult, type GlobalArgs } from '../output'

interface IngestArgs extends GlobalArgs { readonly 'dry-run': boolean; readonly 'retry-failed': boolean }

export const ingestCommand: CommandModule<GlobalArgs, IngestArgs> = {
  command: 'ingest',
  describe: 'Load every data member not loaded yet, exactly once, with COPY in the worker pool',
  builder: (y: Argv<GlobalArgs>) => y
    .option('dry-run', { type: 'boolean', default: false, describe: 'say what would be loaded; change nothing' })
    .option('retry-failed', { type: 'boolean', default: false, describe: 'load only the members whose last attempt failed' }),
  handler: async (args) => {
    const config = configOf(args)
    const progress = ingestProgress(args)
    const { report, failedScans } = await withPool(config.ingest.workers, async (pool) => {
      const scan = await scanDumps(config, pool)
      for (const line of describeScan({ dumps: [], failed: scan.failed })) note(args, line)
      const result = await withDatabase(config, (url) => ingestDumps(config, url, pool, scan.dumps, { ...progress.options, dryRun: args['dry-run'], retryFailed: args['retry-failed'] }))
      return { report: result, failedScans: scan.failed.length }
    }).finally(progress.stop)
    printResult(args, report, () => describeIngest(report))
    if (!report.ok || failedScans > 0) process.exitCode = 1
  },
}
