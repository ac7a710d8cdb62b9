import type { CommandModule } from 'yargs'
import { withPool } from '../../ingest/pool'
import { scanDumps } from '../../ingest/scan-dumps'
import { configOf } from '../command-context'
import { describeScan } from '../describe'
import { printResult, type GlobalArgs } from '../output'

export const scanCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'scan',
  describe: 'List the dumps, their versions, tables and problems (reads central directories and schema files only)',
  handler: async (args) => {
    const config = configOf(args)
    const report = await withPool(config.ingest.workers, (pool) => scanDumps(config, pool))
    printResult(args, report, () => describeScan(report))
    if (report.failed.length > 0 || report.dumps.some((d) => d.problems.length > 0)) process.exitCode = 1
  },
}
