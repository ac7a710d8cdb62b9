/**
 * The PostgreSQL server the bench loads into, and the scratch databases it
 * creates and drops on it. Baselines and heirloom use the same server with
 * the same settings; each heirloom run gets a database of its own.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { startEmbeddedServer, stopEmbeddedServer } from '../src/db/embedded-server'
import { redactConnectionString } from '../src/db/connection-string'

export const DEFAULT_BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres'

export interface BenchServer {
  /** An administrative URL: its database is only used to create and drop scratch ones. */
  readonly url: string
  /** For the report: where the server is, password hidden. */
  readonly label: string
  readonly version: string
  stop(): Promise<void>
}

/**
 * The server at `url`. When none was asked for and the default one is
 * unreachable, heirloom's embedded PostgreSQL is started under workDir
 * (and stopped again by `stop`).
 */
export async function openBenchServer(url: string | undefined, workDir: string, log: (line: string) => void): Promise<BenchServer> {
  const wanted = url ?? DEFAULT_BENCH_DATABASE_URL
  const version = await serverVersion(wanted)
  if (typeof version === 'string') return { url: wanted, label: redactConnectionString(wanted), version, stop: async () => undefined }
  if (url !== undefined) throw new Error(`cannot connect to ${redactConnectionString(url)}: ${version.message}`)
  log(`database: ${redactConnectionString(wanted)} is unreachable (${version.message}); starting the embedded PostgreSQL`)
  const server = await startEmbeddedServer(path.join(workDir, 'pgdata'))
  const embeddedVersion = await serverVersion(server.url)
  return {
    url: server.url,
    label: `embedded ${redactConnectionString(server.url)}`,
    version: typeof embeddedVersion === 'string' ? embeddedVersion : 'unknown',
    stop: async () => {
      if (server.startedHere) await stopEmbeddedServer(server.dataDir)
    },
  }
}

async function serverVersion(url: string): Promise<string | Error> {
  try {
    return await withAdmin(url, async (c) => (await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v)
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e))
  }
}

/** One connection to url for fn. */
export async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, application_name: 'heirloom-bench' })
  c.on('error', () => undefined)
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end().catch(() => undefined)
  }
}

/** Creates `heirloom_bench_<random>` on the server, runs fn with its URL, and drops it whatever happens. */
export async function withScratchDatabase<T>(serverUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `heirloom_bench_${randomBytes(5).toString('hex')}`
  await withAdmin(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`))
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  try {
    return await fn(url.toString())
  } finally {
    await withAdmin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
  }
}

/**
 * Every run starts with its input in the page cache and from a clean
 * checkpoint: this machine's kernel evicts file pages it deems cold (a
 * 5M-row file read back from disk cost psql \copy 28.6 s instead of ~24 s),
 * and one run's WAL must not be flushed on the next one's time.
 */
export async function prepareRun(serverUrl: string, input: string): Promise<void> {
  await warmFile(input)
  await checkpoint(serverUrl)
}

/** Flushes the server's dirty pages now, so no earlier run's WAL is written on the next one's time. */
export async function checkpoint(serverUrl: string): Promise<void> {
  await withAdmin(serverUrl, (c) => c.query('CHECKPOINT'))
}

/** Reads the file once, discarding it, so the timed run reads it from memory. */
async function warmFile(file: string): Promise<void> {
  for await (const _chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) continue
}
