import type { CommandModule } from 'yargs'
import { scanErrors } from '../../ingest/scan-dumps'
import { scan } from '../../use-cases/scan'
import { configOf } from '../command-context'
import { describeScan } from '../describe'
import { exitCodeOf, printResult, type GlobalArgs } from '../output'

export const scanCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'scan',
  describe: 'List the dumps, their versions, tables and problems (reads central directories and schema files only)',
  handler: async (args) => {
    const report = await scan(configOf(args))
    printResult(args, report, () => describeScan(report))
    process.exitCode = exitCodeOf(true, scanErrors(report))
  },
}
