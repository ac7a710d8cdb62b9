import type { Argv, CommandModule } from 'yargs'
import { drift } from '../../use-cases/drift'
import { configOf } from '../command-context'
import { describeDriftMatrix } from '../describe-drift-matrix'
import { printResult, type GlobalArgs } from '../output'

interface DriftArgs extends GlobalArgs { readonly table: string; readonly dumps: boolean }

export const driftCommand: CommandModule<GlobalArgs, DriftArgs> = {
  command: 'drift <table>',
  describe: "One table's columns × versions: each version's type, the mother's columns, and why a column left the mother",
  builder: (y: Argv<GlobalArgs>) => y
    .positional('table', { type: 'string', demandOption: true, describe: 'mother table or dump table name' })
    .option('dumps', { type: 'boolean', default: false, describe: 'also show versions the dumps hold that no migration covers yet' }),
  handler: async (args) => {
    const matrix = await drift(configOf(args), args.table, { dumps: args.dumps })
    printResult(args, matrix, () => describeDriftMatrix(matrix))
  },
}
