import type { CommandModule } from 'yargs'
import { withPool } from '../../ingest/pool'
import { scanDumps, scanErrors } from '../../ingest/scan-dumps'
import { configOf } from '../command-context'
import { describeScan } from '../describe'
import { exitCodeOf, printResult, type GlobalArgs } from '../output'

export const scanCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'scan',
  describe: 'List the dumps, their versions, tables and problems (reads central directories and schema files only)',
  handler: async (args) => {
    const config = configOf(args)
    const report = await withPool(config.ingest.workers, (pool) => scanDumps(config, pool))
    printResult(args, report, () => describeScan(report))
    process.exitCode = exitCodeOf(true, scanErrors(report))
  },
}
