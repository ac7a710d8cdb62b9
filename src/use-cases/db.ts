import { urlWithoutPassword } from '../db/connection-string'
import { embeddedDataDir } from '../db/database'
import { runningPort, serverDataDir, startEmbeddedServer, stopEmbeddedServer, EMBEDDED_DATABASE } from '../db/embedded-server'
import { HeirloomError } from '../errors'
import type { Config } from '../config/config'
import { configFrom, type ConfigSource } from './config-source'

/** The outcome of `db url`: the URL to give psql, or that no server runs (and how to start one). */
export type DatabaseUrl =
  | { readonly kind: 'server'; readonly url: string }
  | { readonly kind: 'embedded'; readonly running: true; readonly url: string; readonly dataDir: string }
  | { readonly kind: 'embedded'; readonly running: false; readonly dataDir: string; readonly hint: string }

/**
 * The URL `psql` and `npx knex` can use: `database.url` without its password,
 * or the running embedded server's. Starts nothing: a URL nobody listens on
 * is reported as such, with the command that starts the server.
 */
export function databaseUrl(source?: ConfigSource): DatabaseUrl {
  const config = configFrom(source)
  if (config.database.url !== undefined) return { kind: 'server', url: urlWithoutPassword(config.database.url) }
  const dataDir = serverDataDir(embeddedDataDir(config))
  const port = runningPort(dataDir)
  if (port === undefined) return { kind: 'embedded', running: false, dataDir, hint: 'start it with `heirloom db start`' }
  return { kind: 'embedded', running: true, url: `postgres://postgres@127.0.0.1:${port}/${EMBEDDED_DATABASE}`, dataDir }
}

export interface DatabaseStarted {
  readonly url: string
  readonly dataDir: string
  /** False when it was already running. */
  readonly started: boolean
}

/** Starts the embedded PostgreSQL and leaves it running (for psql and `npx knex`), or finds it running. */
export async function startDatabase(source?: ConfigSource): Promise<DatabaseStarted> {
  const config = embeddedOnly(configFrom(source))
  const server = await startEmbeddedServer(embeddedDataDir(config))
  return { url: server.url, dataDir: server.dataDir, started: server.startedHere }
}

/** Stops the embedded PostgreSQL; false when it was not running. */
export async function stopDatabase(source?: ConfigSource): Promise<boolean> {
  return stopEmbeddedServer(embeddedDataDir(embeddedOnly(configFrom(source))))
}

function embeddedOnly(config: Config): Config {
  if (config.database.url !== undefined) {
    throw new HeirloomError('USAGE', 'database.url is set: heirloom uses that server, not an embedded one', 'remove database.url (and DATABASE_URL) to use the embedded PostgreSQL')
  }
  return config
}
