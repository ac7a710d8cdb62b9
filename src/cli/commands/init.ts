import type { Argv, CommandModule } from 'yargs'
import { BUILT_IN_DIALECTS, type BuiltInDialect } from '../../schema/dialects'
import { init } from '../../use-cases/init'
import { printResult, type GlobalArgs } from '../output'

interface InitArgs extends GlobalArgs { readonly dialect: string; readonly extends: BuiltInDialect | undefined }

export const initCommand: CommandModule<GlobalArgs, InitArgs> = {
  command: 'init',
  describe: 'Set up this folder: a commented heirloom.yml, a knexfile, migrations/, dumps/, .heirloom/ in .gitignore (never overwrites)',
  builder: (y: Argv<GlobalArgs>) => y
    .option('dialect', { type: 'string', default: 'mssql', describe: 'where the dumps come from: SQL Server (bcp), MySQL (mysqldump --tab), PostgreSQL (psql \\copy), SQLite (the sqlite3 shell\'s csv), or a name of your own with --extends' })
    .option('extends', { choices: BUILT_IN_DIALECTS, describe: 'a dialect of your own starts from this built-in map: writes dialects/<name>.json and names it in heirloom.yml' })
    .example('$0 init --dialect postgresql', 'dumps exported with psql \\copy')
    .example('$0 init --dialect legacydb --extends mysql', 'a MySQL fork: its own type map, only its differences'),
  handler: (args) => {
    const report = init({ dialect: args.dialect, ...(args.extends === undefined ? {} : { extends: args.extends }) })
    printResult(args, report, () => [
      ...report.written.map((f) => `wrote ${f}`),
      ...report.kept.map((f) => `kept  ${f} (exists; not overwritten)`),
      ...report.todo.map((t) => `todo  ${t}`),
      '',
      'next: set dumps.path (and dumps.defaults) in heirloom.yml, put your dumps in it, then `npx heirloom run`',
    ])
  },
}
