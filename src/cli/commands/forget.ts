import type { Argv, CommandModule } from 'yargs'
import { forget } from '../../use-cases/forget'
import { configOf } from '../command-context'
import { printResult, type GlobalArgs } from '../output'

interface ForgetArgs extends GlobalArgs { readonly dump: string }

export const forgetCommand: CommandModule<GlobalArgs, ForgetArgs> = {
  command: 'forget <dump>',
  describe: 'Remove a dump and all its rows, atomically (the next ingest loads it again as new)',
  builder: (y: Argv<GlobalArgs>) => y.positional('dump', { type: 'string', demandOption: true, describe: 'file name or id, as `heirloom status` lists it' }),
  handler: async (args) => {
    const report = await forget(configOf(args, { database: true }), args.dump)
    printResult(args, report, () => [`forgot ${report.file} (dump ${report.id}): ${report.rowsDeleted} rows removed (its leaf tables dropped)`])
  },
}
