/**
 * `npm run bench:live` (issue #19): one MariaDB table of N rows (default
 * 2,000,000) loaded into PostgreSQL three ways in the same run: `heirloom
 * pull` straight from the live server, the dump path (`mariadb-dump --tab`
 * + zip + `heirloom run`), and pgloader's own MySQL migration. Prints
 * seconds, rows/s, peak RSS and the ratios to pgloader and to the dump
 * path; every run must reproduce the source's checksum. `--help` lists the flags.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { packageRoot } from '../src/db/package-root'
import { openBenchServer } from './bench-server'
import { connectMariadb, DEFAULT_MARIADB_URL, makeLiveSource, type LiveSource } from './live-source'
import { dumpPathRun, heirloomPullRun, pgloaderRun, shownSource, PGLOADER_MYSQL, type LiveOutcome, type LiveRunContext } from './live-runs'
import { renderLiveReport, summariseLive, type LiveReport } from './live-report'
import { count, UsageError } from './options'
import { ensurePgloader } from './pgloader-install'

const log = (line: string): void => {
  process.stderr.write(`bench:live: ${line}\n`)
}

const LIVE_USAGE = `npm run bench:live -- [options]

  --live-rows N         rows in the MariaDB bench table (default 2000000)
  --seed N              generator seed (default 1)
  --repeat N            runs of each load; the report takes medians (default 1: each run moves the whole table)
  --work-dir DIR        scratch files (default .heirloom/bench-live)
  --database-url URL    PostgreSQL server to load into (default $HEIRLOOM_BENCH_DATABASE_URL, else
                        postgres://postgres@127.0.0.1:5432/postgres, else the embedded one); a scratch
                        database heirloom_bench_<random> per run, dropped after it
  --mariadb-url URL     MariaDB/MySQL server (default $HEIRLOOM_BENCH_MARIADB_URL, else ${DEFAULT_MARIADB_URL});
                        a database heirloom_bench_live_<pid>_<time> is created on it and dropped; the dump
                        path needs the server on this machine (mariadb-dump --tab makes the server write the file)
  --no-install-pgloader when pgloader is missing, skip its row instead of \`apt-get install pgloader\`
  --json                print the report as JSON instead of a table
  --out FILE            also write the JSON report to FILE
`

const NOTES = [
  'times are wall clock of the whole command(s), from the live table to a loaded PostgreSQL table, one fresh database per run; before each run the source table is read once (warm) and PostgreSQL checkpointed; each repeat starts one run further down the list',
  'heirloom pull: `heirloom pull live` through the CLI (snapshot, generate, migrate, ingest, ANALYZE); dump path: `mariadb-dump --tab` + `zip -q -j` + `heirloom run`, times added; pgloader: `pgloader mysql://… postgresql://…` with its defaults (it creates schema, table and key)',
  'the MariaDB table has a primary key (id): heirloom (on its leaf) and pgloader (unique) both build an index on id after the load',
  'peak RSS: the client process tree sampled from /proc every 50 ms (heirloom: main thread + worker threads, one process; pgloader: its SBCL process; dump path: the highest of its three commands), not the MariaDB or PostgreSQL servers',
]

interface LiveOptions {
  readonly rows: number
  readonly seed: number
  readonly repeat: number
  readonly workDir: string
  readonly databaseUrl: string | undefined
  readonly mariadbUrl: string
  readonly installPgloader: boolean
  readonly json: boolean
  readonly out: string | undefined
}

function parseLiveOptions(argv: readonly string[], env: NodeJS.ProcessEnv): LiveOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      'live-rows': { type: 'string' }, seed: { type: 'string' }, repeat: { type: 'string' }, 'work-dir': { type: 'string' },
      'database-url': { type: 'string' }, 'mariadb-url': { type: 'string' }, 'no-install-pgloader': { type: 'boolean' },
      json: { type: 'boolean' }, out: { type: 'string' }, help: { type: 'boolean' },
    },
  })
  if (values.help === true) throw new UsageError('')
  const url = values['database-url'] ?? env.HEIRLOOM_BENCH_DATABASE_URL
  const mariadbUrl = values['mariadb-url'] ?? env.HEIRLOOM_BENCH_MARIADB_URL ?? DEFAULT_MARIADB_URL
  if (!/^mysql:\/\//.test(mariadbUrl)) throw new UsageError('--mariadb-url: expected a mysql://user[:password]@host[:port] URL')
  return {
    rows: count(values['live-rows'], 'live-rows', 2_000_000, 1),
    seed: count(values.seed, 'seed', 1, 0),
    repeat: count(values.repeat, 'repeat', 1, 1),
    workDir: path.resolve(values['work-dir'] ?? path.join(packageRoot(), '.heirloom', 'bench-live')),
    databaseUrl: url === undefined || url === '' ? undefined : url,
    mariadbUrl,
    installPgloader: values['no-install-pgloader'] !== true,
    json: values.json === true,
    out: values.out === undefined ? undefined : path.resolve(values.out),
  }
}

async function benchLive(o: LiveOptions): Promise<LiveReport> {
  const loadBefore = os.loadavg()
  fs.mkdirSync(o.workDir, { recursive: true })
  const pgloader = await ensurePgloader(o.installPgloader, log)
  const server = await openBenchServer(o.databaseUrl, o.workDir, log)
  try {
    const sourceVersion = await mariadbVersion(o.mariadbUrl)
    const source = await makeLiveSource(o.mariadbUrl, o.rows, o.seed, o.workDir, log)
    try {
      const ctx: LiveRunContext = { source, serverUrl: server.url, workDir: o.workDir, log }
      const runs: (() => Promise<LiveOutcome>)[] = [
        () => heirloomPullRun(ctx),
        () => dumpPathRun(ctx),
        pgloader.kind === 'ready' ? () => pgloaderRun(ctx) : async () => {
          log(`${PGLOADER_MYSQL}: ${pgloader.reason}`)
          return { kind: 'skipped', label: PGLOADER_MYSQL, group: 'baseline', reason: pgloader.reason }
        },
      ]
      const outcomes: LiveOutcome[] = []
      for (let i = 0; i < o.repeat; i++) {
        if (o.repeat > 1) log(`repeat ${i + 1} of ${o.repeat}`)
        for (let k = 0; k < runs.length; k++) outcomes.push(await runs[(k + i) % runs.length]())
      }
      return report(o, source, sourceVersion, server, pgloader.kind === 'ready' ? pgloader.version : pgloader.reason, outcomes, loadBefore)
    } finally {
      await source.drop()
    }
  } finally {
    await server.stop()
  }
}

function report(o: LiveOptions, source: LiveSource, sourceVersion: string, server: { label: string; version: string }, pgloader: string,
  outcomes: readonly LiveOutcome[], loadBefore: readonly number[]): LiveReport {
  return {
    rows: o.rows, seed: o.seed, repeat: o.repeat, source: shownSource(source), sourceVersion, server: server.label, serverVersion: server.version, pgloader,
    machine: { cpus: os.availableParallelism(), node: process.version, loadBefore, loadAfter: os.loadavg() },
    sourceChecksum: source.checksum, runs: summariseLive(outcomes), notes: NOTES,
  }
}

async function mariadbVersion(url: string): Promise<string> {
  const c = await connectMariadb(url)
  try {
    const [rows] = await c.query('SELECT VERSION() AS v')
    return String((rows as { v: string }[])[0].v)
  } finally {
    await c.end()
  }
}

async function main(): Promise<number> {
  let options: LiveOptions
  try {
    options = parseLiveOptions(process.argv.slice(2), process.env)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    if (e instanceof UsageError && message === '') {
      process.stdout.write(LIVE_USAGE)
      return 0
    }
    process.stderr.write(`bench:live: ${message}\n\n${LIVE_USAGE}`)
    return 2
  }
  try {
    const r = await benchLive(options)
    if (options.out !== undefined) {
      fs.mkdirSync(path.dirname(options.out), { recursive: true })
      fs.writeFileSync(options.out, `${JSON.stringify(r, null, 2)}\n`)
    }
    process.stdout.write(options.json ? `${JSON.stringify(r, null, 2)}\n` : renderLiveReport(r))
    return r.runs.some((x) => x.status === 'failed') ? 1 : 0
  } catch (e) {
    process.stderr.write(`bench:live: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    return 1
  }
}

// Flush a piped stdout before exiting: process.exit would cut off a report larger than the pipe buffer.
void main().then((code) => process.stdout.write('', () => process.exit(code)))
