import type { Argv, CommandModule } from 'yargs'
import { init } from '../../use-cases/init'
import { printResult, type GlobalArgs } from '../output'

interface InitArgs extends GlobalArgs { readonly dialect: 'mssql' | 'mysql' | 'postgresql' | 'sqlite' }

export const initCommand: CommandModule<GlobalArgs, InitArgs> = {
  command: 'init',
  describe: 'Set up this folder: a commented heirloom.yml, a knexfile, migrations/, dumps/, .heirloom/ in .gitignore (never overwrites)',
  builder: (y: Argv<GlobalArgs>) => y.option('dialect', { choices: ['mssql', 'mysql', 'postgresql', 'sqlite'] as const, default: 'mssql' as const, describe: 'where the dumps come from: SQL Server (bcp), MySQL (mysqldump --tab), PostgreSQL (psql \\copy) or SQLite (the sqlite3 shell\'s csv)' }),
  handler: (args) => {
    const report = init({ dialect: args.dialect })
    printResult(args, report, () => [
      ...report.written.map((f) => `wrote ${f}`),
      ...report.kept.map((f) => `kept  ${f} (exists; not overwritten)`),
      '',
      'next: set dumps.path (and dumps.defaults) in heirloom.yml, put your dumps in it, then `npx heirloom run`',
    ])
  },
}
