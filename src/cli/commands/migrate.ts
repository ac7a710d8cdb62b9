import type { CommandModule } from 'yargs'
import { migrate } from '../../use-cases/migrate'
import { configOf } from '../command-context'
import { describeMigrate } from '../describe'
import { printResult, type GlobalArgs } from '../output'

export const migrateCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'migrate',
  describe: 'Apply pending migrations (the same as `npx knex migrate:latest`)',
  handler: async (args) => {
    const report = await migrate(configOf(args, { database: true }))
    printResult(args, report, () => describeMigrate(report))
  },
}
