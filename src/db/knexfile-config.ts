import type { Knex } from 'knex'
import type { Config } from '../config/config'
import { embeddedDataDir } from './database'
import { serverBinaries } from './embedded-binaries'
import { startEmbeddedServer, stopEmbeddedServerSync } from './embedded-server'
import { knexSettings } from './knex-config'

/**
 * The configuration `knexfile.ts` exports: `database.url`, or the embedded
 * PostgreSQL, started on Knex's first connection (or reused when
 * `heirloom db start` left one running) and stopped when the process exits
 * if it was started here.
 */
export function knexfileConfig(config: Config): Knex.Config {
  if (config.database.url !== undefined) return knexSettings(config, config.database.url)
  let url: Promise<string> | undefined
  const connection = (): Promise<string> => {
    url ??= (async () => {
      const server = await startEmbeddedServer(embeddedDataDir(config))
      if (server.startedHere) {
        const { pg_ctl } = await serverBinaries()
        process.once('exit', () => stopEmbeddedServerSync(server.dataDir, pg_ctl))
      }
      return server.url
    })()
    return url
  }
  return knexSettings(config, connection as unknown as Knex.Config['connection'])
}
