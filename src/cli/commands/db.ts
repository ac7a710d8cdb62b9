import type { Argv, CommandModule } from 'yargs'
import { embeddedDataDir } from '../../db/database'
import { startEmbeddedServer, stopEmbeddedServer } from '../../db/embedded-server'
import { redactConnectionString } from '../../db/connection-string'
import { HeirloomError } from '../../errors'
import { configOf } from '../command-context'
import { printResult, type GlobalArgs } from '../output'

interface DbArgs extends GlobalArgs { readonly action: 'start' | 'stop' | 'url' }

export const dbCommand: CommandModule<GlobalArgs, DbArgs> = {
  command: 'db <action>',
  describe: 'Manage the embedded PostgreSQL: start (and keep running), stop, url',
  builder: (y: Argv<GlobalArgs>) => y.positional('action', { choices: ['start', 'stop', 'url'] as const, demandOption: true }),
  handler: async (args) => {
    const config = configOf(args)
    if (config.database.url !== undefined) {
      const shown = redactConnectionString(config.database.url)
      if (args.action === 'url') return printResult(args, { url: shown }, () => [shown])
      throw new HeirloomError('USAGE', 'database.url is set: heirloom uses that server, not an embedded one', 'remove database.url (and DATABASE_URL) to use the embedded PostgreSQL')
    }
    const dataDir = embeddedDataDir(config)
    if (args.action === 'stop') {
      const stopped = await stopEmbeddedServer(dataDir)
      return printResult(args, { stopped }, () => [stopped ? 'embedded PostgreSQL stopped' : 'embedded PostgreSQL was not running'])
    }
    // `url` starts the server too: a URL nobody listens on is of no use to psql or knex.
    const server = await startEmbeddedServer(dataDir)
    printResult(args, { url: server.url, dataDir: server.dataDir, started: server.startedHere }, () =>
      args.action === 'url' ? [server.url] : [`embedded PostgreSQL ${server.startedHere ? 'started' : 'already running'}: ${server.url}`, `data: ${server.dataDir}; stop it with \`heirloom db stop\``])
  },
}
