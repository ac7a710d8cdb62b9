import path from 'node:path'
import { isMainThread, threadId } from 'node:worker_threads'
import pg from 'pg'
import { HeirloomError, messageOf } from '../errors'
import type { Config } from '../config/config'
import { startEmbeddedServer, stopEmbeddedServer } from './embedded-server'
import { redactConnectionString } from './connection-string'

/** The embedded server's data folder for a config: `.heirloom/pgdata` beside the config file. */
export function embeddedDataDir(config: Pick<Config, 'root'>): string {
  return path.join(config.root, '.heirloom', 'pgdata')
}

/**
 * Runs fn with the database URL of the config: `database.url`, or the
 * embedded PostgreSQL, started for the call when it was not running and
 * stopped again after it.
 */
export async function withDatabase<T>(config: Config, fn: (url: string) => Promise<T>): Promise<T> {
  if (config.database.url !== undefined) return fn(config.database.url)
  const server = await startEmbeddedServer(embeddedDataDir(config))
  try {
    return await fn(server.url)
  } finally {
    if (server.startedHere) await stopEmbeddedServer(server.dataDir)
  }
}

/** How heirloom's connections show in pg_stat_activity: `heirloom`, or `heirloom worker N` from worker thread N. */
export const APPLICATION_NAME = isMainThread ? 'heirloom' : `heirloom worker ${threadId}`

/** One connection for the duration of fn; PostgreSQL errors keep every field and gain the statement's purpose. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: APPLICATION_NAME })
  // An idle connection can fail (server restart); without a listener that error would crash the process.
  client.on('error', () => undefined)
  try {
    await client.connect()
  } catch (e) {
    throw new HeirloomError('DATABASE', `cannot connect to PostgreSQL at ${redactConnectionString(url)}: ${messageOf(e)}`,
      'check database.url (or DATABASE_URL) and that the server is running', { cause: e })
  }
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => undefined)
  }
}

export async function withTransaction<T>(client: pg.Client, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN')
  try {
    const result = await fn()
    await client.query('COMMIT')
    return result
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw e
  }
}

/** Whether the framework's migration has run on this database. */
export async function hasBookkeeping(client: pg.Client): Promise<boolean> {
  const r = await client.query<{ ok: boolean }>("SELECT to_regclass('heirloom.loads') IS NOT NULL AS ok")
  return r.rows[0].ok
}

export async function assertBookkeeping(client: pg.Client): Promise<void> {
  if (!(await hasBookkeeping(client))) {
    throw new HeirloomError('MIGRATIONS_MISSING', 'the database has no heirloom bookkeeping schema yet', 'run `heirloom migrate` (or `npx knex migrate:latest`) first')
  }
  if ((await client.query("SELECT to_regclass('heirloom.problems') AS t")).rows[0].t === null) {
    throw new HeirloomError('MIGRATIONS_MISSING', 'the database\'s heirloom bookkeeping has no problems table yet (it was migrated by an older heirloom)', 'run `heirloom migrate` (or `npx knex migrate:latest`) first')
  }
}
