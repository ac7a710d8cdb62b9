/**
 * heirloom loading each dump exactly as a user runs it: a config file and
 * the CLI in a child process. `generate` and `migrate` run first, untimed;
 * only `ingest` is timed (scan, bookkeeping, rejects, ANALYZE included).
 */
import fs from 'node:fs'
import path from 'node:path'
import { packageRoot } from '../src/db/package-root'
import type { IngestReport } from '../src/ingest/ingest'
import { BENCH_COLUMNS, BENCH_TABLE } from './dataset'
import { prepareRun, withAdmin, withScratchDatabase } from './bench-server'
import type { DumpData } from './generate-data'
import { measureCommand, type Measured } from './measure'
import { checksumSql, type RunOutcome } from './run-result'

const CLI = path.join(packageRoot(), 'dist', 'src', 'cli', 'main.js')
/** The config reads the scratch database's URL from here, so no URL is written into a file. */
const URL_VARIABLE = 'HEIRLOOM_BENCH_URL'

export interface HeirloomRunOptions {
  readonly serverUrl: string
  readonly workDir: string
  /** When set, the timed `ingest` runs with `--cpu-prof` and writes its profiles (main thread and workers) here. */
  readonly profileDir: string | undefined
  readonly verify: boolean
  /** Written as `ingest.parallelCopy` when set (the config's defaults otherwise). */
  readonly parallelCopy?: { readonly streams: number; readonly minBytes: number }
}

export function heirloomLabel(format: string, parallelCopy?: { readonly streams: number }): string {
  if (parallelCopy === undefined) return `heirloom ${format}`
  return parallelCopy.streams > 1 ? `heirloom ${format}, ${parallelCopy.streams} streams` : `heirloom ${format}, 1 stream`
}

/** Loads one dump into a fresh scratch database and measures the `ingest` command. */
export async function runHeirloom(dump: DumpData, options: HeirloomRunOptions, log: (line: string) => void): Promise<RunOutcome> {
  const label = heirloomLabel(dump.format, options.parallelCopy)
  const dir = path.join(options.workDir, 'heirloom', options.parallelCopy === undefined ? dump.format : `${dump.format}-${options.parallelCopy.streams}-streams`)
  fs.mkdirSync(dir, { recursive: true })
  const config = path.join(dir, 'heirloom.yml')
  fs.writeFileSync(config, [
    '# Written by `npm run bench`: one bench dump into a scratch database.',
    `database: { url: '\${${URL_VARIABLE}}' }`,
    `dumps: { path: ${JSON.stringify(dump.folder)} }`,
    'migrations: { directory: ./migrations }',
    ...(options.parallelCopy === undefined ? [] : [`ingest: { parallelCopy: { streams: ${options.parallelCopy.streams}, minBytes: ${options.parallelCopy.minBytes} } }`]),
    '',
  ].join('\n'))
  return withScratchDatabase(options.serverUrl, async (url) => {
    const env = { ...process.env, [URL_VARIABLE]: url, HEIRLOOM_CONFIG: '' }
    for (const step of ['generate', 'migrate']) await cli([step, '--config', config], env, dir)
    await prepareRun(options.serverUrl, dump.zip)
    log(`${label}: running`)
    const nodeArgs = options.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`]
    const m = await measureCommand(process.execPath, [...nodeArgs, CLI, 'ingest', '--config', config, '--json'], { cwd: dir, env })
    const { rows, rejected } = loadedRows(label, m)
    if (rejected > 0) throw new Error(`${label}: ${rejected} row(s) rejected, the bench data should load whole: ${await firstRejects(url)}`)
    const checksum = options.verify
      ? await withAdmin(url, async (c) => (await c.query<{ checksum: string }>(checksumSql(`public.${BENCH_TABLE}_v1`, BENCH_COLUMNS.map((col) => col.name)))).rows[0].checksum)
      : undefined
    log(`${label}: ${m.seconds.toFixed(2)} s, ${rows} rows`)
    return { kind: 'measured', label, group: 'heirloom', seconds: m.seconds, peakRssBytes: m.peakRssBytes, inputBytes: dump.bytes, rows, checksum }
  })
}

async function cli(args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<void> {
  const m = await measureCommand(process.execPath, [CLI, ...args], { cwd, env })
  if (m.exitCode !== 0) throw new Error(`heirloom ${args[0]} exited ${m.exitCode}: ${m.stderr.slice(-2000)}${m.stdout.slice(-2000)}`)
}

/** Rows loaded and rejected, from `ingest --json`; a failed member or a non-zero exit fails the bench. */
function loadedRows(label: string, m: Measured): { rows: number; rejected: number } {
  let report: IngestReport
  try {
    report = JSON.parse(m.stdout) as IngestReport
  } catch {
    throw new Error(`${label}: ingest exited ${m.exitCode} without a JSON report: ${m.stderr.slice(-2000)}`)
  }
  const members = report.dumps.flatMap((d) => d.members)
  const failed = members.flatMap((r) => (r.status === 'failed' ? [`${r.code}: ${r.message}`] : []))
  if (m.exitCode !== 0 || failed.length > 0 || members.length === 0) {
    throw new Error(`${label}: ingest exited ${m.exitCode}${failed.length > 0 ? `: ${failed.join('; ')}` : members.length === 0 ? ': nothing loaded' : ''}`)
  }
  let rows = 0
  let rejected = 0
  for (const r of members) {
    if (r.status !== 'loaded') continue
    rows += r.loaded
    rejected += r.rejected
  }
  return { rows, rejected }
}

async function firstRejects(url: string): Promise<string> {
  const r = await withAdmin(url, (c) => c.query<{ line: string; reason: string }>('SELECT line, reason FROM heirloom.rejects ORDER BY line LIMIT 3'))
  return r.rows.map((x) => `line ${x.line}: ${x.reason}`).join('; ')
}
