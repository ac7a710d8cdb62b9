/**
 * The live bench's three ways from the MariaDB table to PostgreSQL, each run
 * as a user runs it (child processes, timed from the outside) into a fresh
 * scratch database, and each checked against the source's checksum:
 * `heirloom pull` (through the CLI and a config with a `sources:` entry),
 * the dump path (`mariadb-dump --tab` + `zip` + `heirloom run`) and
 * pgloader's own MySQL migration (`pgloader mysql://… postgresql://…`).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { packageRoot } from '../src/db/package-root'
import { REDACTED, redactConnectionString } from '../src/db/connection-string'
import { checkpoint, withAdmin, withScratchDatabase } from './bench-server'
import { postgresChecksum } from './live-checksum'
import { warmSource, type LiveSource } from './live-source'
import { measureCommand, type Measured } from './measure'
import { failedRun, type RunOutcome } from './run-result'

const CLI = path.join(packageRoot(), 'dist', 'src', 'cli', 'main.js')
/** The config reads both URLs from the environment, so none is written into a file. */
const TARGET_VARIABLE = 'HEIRLOOM_BENCH_URL'
const SOURCE_VARIABLE = 'HEIRLOOM_BENCH_SOURCE_URL'

export const HEIRLOOM_PULL = 'heirloom pull (live)'
export const DUMP_PATH = 'mariadb-dump --tab + zip + heirloom run'
export const PGLOADER_MYSQL = 'pgloader mysql:// → postgresql://'

/** A run's outcome, with the dump path's steps (seconds) beside its total. */
export type LiveOutcome = RunOutcome & { readonly steps?: Readonly<Record<string, number>> }

export interface LiveRunContext {
  readonly source: LiveSource
  readonly serverUrl: string
  readonly workDir: string
  readonly log: (line: string) => void
}

/** `heirloom pull live`: the timed command does everything (snapshot, generate, migrate, ingest). */
export function heirloomPullRun(ctx: LiveRunContext): Promise<LiveOutcome> {
  return guarded(ctx, HEIRLOOM_PULL, 'heirloom', async (url, dir) => {
    const config = writeConfig(dir, [
      'sources:',
      `  - { name: live, url: '\${${SOURCE_VARIABLE}}', database: ${ctx.source.database}, tables: [${ctx.source.table}], application: bench, version: '1', region: live }`,
    ])
    const m = await measureCommand(process.execPath, [CLI, 'pull', 'live', '--config', config, '--json'], { cwd: dir, env: heirloomEnv(ctx, url) })
    succeeded(HEIRLOOM_PULL, m)
    return measured(ctx, url, HEIRLOOM_PULL, 'heirloom', [m], 'public.bench')
  })
}

/** The export an operator makes today, zipped, then `heirloom run`: the three commands' times added, the peak RSS the highest. */
export function dumpPathRun(ctx: LiveRunContext): Promise<LiveOutcome> {
  return guarded(ctx, DUMP_PATH, 'heirloom', async (url, dir) => {
    const config = writeConfig(dir, [])
    const manifest = path.join(dir, 'manifest.json')
    fs.writeFileSync(manifest, `${JSON.stringify({ application: 'bench', version: '1', region: 'dump', dialect: 'mysql', format: 'mysql-tab' })}\n`)
    // The server writes the data file: a folder it may write into.
    const tab = fs.mkdtempSync(path.join(os.tmpdir(), 'heirloom-bench-tab-'))
    fs.chmodSync(tab, 0o777)
    try {
      const { args, env } = mariadbClientArgs(ctx.source.url)
      const dump = await measureCommand('mariadb-dump', [`--tab=${tab}`, ...args, ctx.source.database, ctx.source.table], { env })
      succeeded('mariadb-dump --tab', dump)
      const zip = await measureCommand('zip', ['-q', '-j', path.join(dir, 'dumps', 'bench_dump_v1.zip'), manifest,
        path.join(tab, `${ctx.source.table}.sql`), path.join(tab, `${ctx.source.table}.txt`)])
      succeeded('zip', zip)
      const run = await measureCommand(process.execPath, [CLI, 'run', '--config', config, '--json'], { cwd: dir, env: heirloomEnv(ctx, url) })
      succeeded('heirloom run', run)
      const outcome = await measured(ctx, url, DUMP_PATH, 'heirloom', [dump, zip, run], 'public.bench')
      return { ...outcome, steps: { 'mariadb-dump --tab': dump.seconds, zip: zip.seconds, 'heirloom run': run.seconds } }
    } finally {
      fs.rmSync(tab, { recursive: true, force: true })
    }
  })
}

/** pgloader's MySQL migration with its defaults: it creates the schema (named after the MySQL database), the table and its key. */
export function pgloaderRun(ctx: LiveRunContext): Promise<LiveOutcome> {
  return guarded(ctx, PGLOADER_MYSQL, 'baseline', async (url, dir) => {
    const source = new URL(ctx.source.url)
    source.pathname = `/${ctx.source.database}`
    const target = new URL(url)
    target.protocol = 'postgresql:'
    const m = await measureCommand('pgloader', ['--root-dir', path.join(dir, 'pgloader'), source.toString(), target.toString()], { cwd: dir })
    succeeded(PGLOADER_MYSQL, m)
    const table = await withAdmin(url, async (c) => (await c.query<{ t: string }>(
      "SELECT format('%I.%I', table_schema, table_name) AS t FROM information_schema.tables WHERE table_name = $1 AND table_schema NOT IN ('pg_catalog', 'information_schema')",
      [ctx.source.table])).rows)
    if (table.length !== 1) throw new Error(`pgloader exited 0 but made ${table.length} tables named ${ctx.source.table}: ${m.stdout.slice(-1500)}`)
    return measured(ctx, url, PGLOADER_MYSQL, 'baseline', [m], table[0].t)
  })
}

/**
 * Runs fn in a fresh scratch database and an empty folder, the source warm
 * and the server checkpointed first; a failure is recorded as the run's
 * outcome so the other runs still report.
 */
async function guarded(ctx: LiveRunContext, label: string, group: 'heirloom' | 'baseline', fn: (url: string, dir: string) => Promise<LiveOutcome>): Promise<LiveOutcome> {
  const dir = path.join(ctx.workDir, label.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, ''))
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(path.join(dir, 'dumps'), { recursive: true })
  try {
    return await withScratchDatabase(ctx.serverUrl, async (url) => {
      await warmSource(ctx.source)
      await checkpoint(ctx.serverUrl)
      ctx.log(`${label}: running`)
      return fn(url, dir)
    })
  } catch (e) {
    // pgloader and the MariaDB tools may quote the source URL: never its password.
    const password = decodeURIComponent(new URL(ctx.source.url).password)
    const message = e instanceof Error ? e.message : String(e)
    const shown = password === '' ? message : message.split(password).join(REDACTED)
    ctx.log(`${label}: ${shown}`)
    return failedRun(label, group, new Error(shown))
  }
}

/** The times of the commands added, their peak RSS the highest; the loaded table checked against the source. */
async function measured(ctx: LiveRunContext, url: string, label: string, group: 'heirloom' | 'baseline', steps: readonly Measured[], table: string): Promise<LiveOutcome> {
  const seconds = steps.reduce((s, m) => s + m.seconds, 0)
  const peakRssBytes = Math.max(...steps.map((m) => m.peakRssBytes))
  const { checksum, rejects } = await withAdmin(url, async (c) => ({
    checksum: await postgresChecksum(c, table),
    rejects: group === 'heirloom' ? (await c.query<{ n: string }>('SELECT count(*)::text AS n FROM heirloom.rejects')).rows[0].n : '0',
  }))
  const rows = Number(checksum.split(':')[0])
  if (rejects !== '0') throw new Error(`${label}: ${rejects} row(s) rejected in ${seconds.toFixed(2)} s; the bench table should load whole`)
  if (checksum !== ctx.source.checksum) {
    throw new Error(`${label}: ${rows} rows in ${seconds.toFixed(2)} s, but not the source's data: checksum ${checksum}, the source's ${ctx.source.checksum}`)
  }
  ctx.log(`${label}: ${seconds.toFixed(2)} s, ${rows} rows, peak RSS ${(peakRssBytes / 1e6).toFixed(0)} MB`)
  return { kind: 'measured', label, group, seconds, peakRssBytes, inputBytes: ctx.source.textBytes, rows, checksum }
}

function succeeded(what: string, m: Measured): void {
  if (m.exitCode !== 0) throw new Error(`${what} exited ${m.exitCode}: ${(m.stderr.slice(-1500) + m.stdout.slice(-1500)).trim()}`)
}

function writeConfig(dir: string, extra: readonly string[]): string {
  const file = path.join(dir, 'heirloom.yml')
  fs.writeFileSync(file, [
    '# Written by `npm run bench:live`: one load into a scratch database.',
    `database: { url: '\${${TARGET_VARIABLE}}' }`,
    'dumps: { path: ./dumps }',
    'migrations: { directory: ./migrations }',
    ...extra,
    '',
  ].join('\n'))
  return file
}

function heirloomEnv(ctx: LiveRunContext, url: string): NodeJS.ProcessEnv {
  return { ...process.env, [TARGET_VARIABLE]: url, [SOURCE_VARIABLE]: ctx.source.url, HEIRLOOM_CONFIG: '' }
}

/** mariadb client flags for a `mysql://` URL; the password goes in MYSQL_PWD, never on a command line. */
function mariadbClientArgs(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const u = new URL(url)
  const args = [`--host=${u.hostname}`, `--port=${u.port === '' ? '3306' : u.port}`, '--protocol=TCP']
  if (u.username !== '') args.push(`--user=${decodeURIComponent(u.username)}`)
  return { args, env: u.password === '' ? process.env : { ...process.env, MYSQL_PWD: decodeURIComponent(u.password) } }
}

/** For messages: the source URL without its password. */
export function shownSource(source: LiveSource): string {
  return `${redactConnectionString(source.url)}/${source.database}`
}
