import type { CommandModule } from 'yargs'
import { withDatabase } from '../../db/database'
import { migrate } from '../../db/migrate'
import { configOf } from '../command-context'
import { describeMigrate } from '../describe'
import { printResult, type GlobalArgs } from '../output'

export const migrateCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'migrate',
  describe: 'Apply pending migrations (the same as `npx knex migrate:latest`)',
  handler: async (args) => {
    const config = configOf(args)
    const report = await withDatabase(config, (url) => migrate(config, url))
    printResult(args, report, () => describeMigrate(report))
  },
}
