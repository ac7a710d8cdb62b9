import type { Argv, CommandModule } from 'yargs'
import { databaseUrl, startDatabase, stopDatabase } from '../../use-cases/db'
import { configOf } from '../command-context'
import { printResult, type GlobalArgs } from '../output'

interface DbArgs extends GlobalArgs { readonly action: 'start' | 'stop' | 'url' }

export const dbCommand: CommandModule<GlobalArgs, DbArgs> = {
  command: 'db <action>',
  describe: 'The embedded PostgreSQL: start (and keep running), stop, url (prints a URL psql can use; starts nothing)',
  builder: (y: Argv<GlobalArgs>) => y.positional('action', { choices: ['start', 'stop', 'url'] as const, demandOption: true }),
  handler: async (args) => {
    const config = configOf(args, { database: true })
    if (args.action === 'url') {
      const url = databaseUrl(config)
      if (url.kind === 'embedded' && !url.running) {
        printResult(args, url, () => [`no embedded PostgreSQL runs for ${url.dataDir}: ${url.hint}`])
        process.exitCode = 1
        return
      }
      printResult(args, url, () => [url.url])
      return
    }
    if (args.action === 'stop') {
      const stopped = await stopDatabase(config)
      return printResult(args, { stopped }, () => [stopped ? 'embedded PostgreSQL stopped' : 'embedded PostgreSQL was not running'])
    }
    const server = await startDatabase(config)
    printResult(args, server, () => [`embedded PostgreSQL ${server.started ? 'started' : 'already running'}: ${server.url}`, `data: ${server.dataDir}; stop it with \`heirloom db stop\``])
  },
}
