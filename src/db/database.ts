import path from 'node:path'
import { isMainThread, threadId } from 'node:worker_threads'
import pg from 'pg'
import { HeirloomError, isHeirloomError, messageOf, postgresFieldsOf } from '../errors'
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
  const connection = await connect(url)
  try {
    return await fn(connection.client)
  } catch (e) {
    throw connection.explain(e)
  } finally {
    await connection.client.end().catch(() => undefined)
  }
}

/** A step's outcome: its value, or what it threw. */
export type Attempt<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown }

/**
 * Runs independent steps one after another on one connection, opened on
 * first use and again after a step fails: the failure may have been the
 * connection itself, so the next step (or the record of the failure) never
 * inherits a dead connection or an aborted transaction.
 */
export async function withSteps<T>(url: string, fn: (attempt: <S>(step: (client: pg.Client) => Promise<S>) => Promise<Attempt<S>>) => Promise<T>): Promise<T> {
  let current: Connection | undefined
  const attempt = async <S>(step: (client: pg.Client) => Promise<S>): Promise<Attempt<S>> => {
    try {
      current ??= await connect(url)
      return { ok: true, value: await step(current.client) }
    } catch (e) {
      const failed = current
      current = undefined
      await failed?.client.end().catch(() => undefined)
      return { ok: false, error: failed === undefined ? e : failed.explain(e) }
    }
  }
  try {
    return await fn(attempt)
  } finally {
    await current?.client.end().catch(() => undefined)
  }
}

interface Connection {
  readonly client: pg.Client
  /** The error to pass on for one thrown while using the client: a lost connection says so, with a hint. */
  explain(e: unknown): unknown
}

async function connect(url: string): Promise<Connection> {
  const client = new pg.Client({ connectionString: url, application_name: APPLICATION_NAME })
  let lost = false
  // An idle connection can fail (server restart); without a listener that error would crash the process.
  client.on('error', () => { lost = true })
  try {
    await client.connect()
  } catch (e) {
    throw new HeirloomError('DATABASE', `cannot connect to PostgreSQL at ${redactConnectionString(url)}: ${messageOf(e)}`,
      'check database.url (or DATABASE_URL) and that the server is running', { cause: e })
  }
  const explain = (e: unknown): unknown => (lost || isConnectionEnd(e)) && !isHeirloomError(e)
    ? new HeirloomError('CONNECTION_LOST', `the connection to PostgreSQL at ${redactConnectionString(url)} was lost: ${messageOf(e)}`,
      'the server restarted or the session was terminated; what was in progress was rolled back: run the command again', { cause: e })
    : e
  return { client, explain }
}

/** SQLSTATE class 08 (connection exception) and 57P01–57P03 (the server shut down or terminated the session). */
function isConnectionEnd(e: unknown): boolean {
  const sqlstate = postgresFieldsOf(e)?.sqlstate ?? ''
  return sqlstate.startsWith('08') || /^57P0[1-3]$/.test(sqlstate)
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

/** A table from each framework migration: all present once `heirloom migrate` has run (an older bookkeeping lacks the newer ones). */
const BOOKKEEPING_TABLES = ['heirloom.loads', 'heirloom.unfinished_steps', 'heirloom.problems', 'heirloom.leaves']

export async function hasBookkeeping(client: pg.Client): Promise<boolean> {
  // loads.started_at: the load timings migration, which adds no table of its own.
  const r = await client.query<{ ok: boolean }>(`SELECT bool_and(to_regclass(t) IS NOT NULL) AND EXISTS (SELECT 1 FROM information_schema.columns
    WHERE table_schema = 'heirloom' AND table_name = 'loads' AND column_name = 'started_at') AS ok FROM unnest($1::text[]) AS t`, [BOOKKEEPING_TABLES])
  return r.rows[0].ok
}

export async function assertBookkeeping(client: pg.Client): Promise<void> {
  if (!(await hasBookkeeping(client))) {
    throw new HeirloomError('MIGRATIONS_MISSING', 'the database has no heirloom bookkeeping schema yet, or an older one', 'run `heirloom migrate` (or `npx knex migrate:latest`) first')
  }
}
