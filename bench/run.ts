/**
 * `npm run bench` (issue #6): generates the bench data set (cached), loads
 * it with the baselines and with heirloom from each dump format, and prints
 * seconds, MB/s, rows/s, peak RSS and the ratios to `unzip | psql` and
 * pgloader. `--help` lists the flags.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { baselineRuns } from './baselines'
import { openBenchServer } from './bench-server'
import { ensureDataSet, type DataSet } from './generate-data'
import { heirloomLabel, runHeirloom } from './heirloom-runs'
import { parseBenchOptions, UsageError, USAGE, type BenchOptions } from './options'
import type { DumpFormat } from './render-row'
import { identicalData, renderReport, summarise, type BenchReport } from './report'
import { failedRun, type RunOutcome } from './run-result'
import { runScanBench, type ScanOutcome } from './scan-bench'
import { runNightlyReplace, type NightlyReport } from './nightly-replace'

const log = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`)
}

const NOTES = [
  'times are wall clock of the whole command, one fresh database per run, its input file read once beforehand (page cache) and a CHECKPOINT; each repeat starts one run further down the list',
  'heirloom: only `ingest` is timed (after `generate` and `migrate`), as a child process: scan, bookkeeping, COPY, ANALYZE',
  'MB/s counts the uncompressed input file or member (the bcp file is UTF-16, twice the bytes of the others)',
  'peak RSS: the whole process tree (heirloom: main thread + workers; baselines: shell, unzip and psql, not the server)',
]

async function bench(options: BenchOptions): Promise<BenchReport> {
  fs.mkdirSync(options.workDir, { recursive: true })
  if (options.profileDir !== undefined) fs.mkdirSync(options.profileDir, { recursive: true })
  const data = await ensureDataSet(options.workDir, options.rows, options.seed, log)
  const server = await openBenchServer(options.databaseUrl, options.workDir, log)
  try {
    const outcomes: RunOutcome[] = []
    for (let i = 0; i < options.repeat; i++) {
      if (options.repeat > 1) log(`repeat ${i + 1} of ${options.repeat}`)
      outcomes.push(...await runOnce(options, data, server.url, options.verify && i === 0, i))
    }
    const scan = options.scan ? await scanPart(options) : undefined
    const nightly = options.nightlyRows > 0 ? await nightlyPart(options, server.url) : undefined
    const runs = summarise(outcomes)
    return {
      rows: options.rows, seed: options.seed, repeat: options.repeat, server: server.label, serverVersion: server.version,
      machine: { cpus: os.availableParallelism(), node: process.version },
      runs, identicalData: identicalData(runs), scan, nightly, notes: NOTES,
    }
  } finally {
    await server.stop()
  }
}

/**
 * One round: every baseline and heirloom on each format, each into a
 * fresh database. Round i starts i runs further down the list, so no run
 * always follows the same one (pgloader's minutes of load, say). A run
 * that fails is recorded and the others go on.
 */
async function runOnce(options: BenchOptions, data: DataSet, serverUrl: string, verify: boolean, round: number): Promise<RunOutcome[]> {
  const runs = options.baselines ? baselineRuns(data, serverUrl, options.workDir, log) : []
  const variants = options.parallelStreams === undefined ? [undefined] : [{ streams: 1, minBytes: 0 }, { streams: options.parallelStreams, minBytes: 1 }]
  if (options.heirloom) for (const format of options.formats) for (const p of variants) runs.push(() => heirloomRun(options, data, format, serverUrl, verify, p))
  const outcomes: RunOutcome[] = []
  for (let k = 0; k < runs.length; k++) outcomes.push(await runs[(k + round) % runs.length]())
  return outcomes
}

async function heirloomRun(options: BenchOptions, data: DataSet, format: DumpFormat, serverUrl: string, verify: boolean, parallelCopy?: { streams: number; minBytes: number }): Promise<RunOutcome> {
  const dump = data.dumps.find((d) => d.format === format)
  try {
    if (dump === undefined) throw new Error(`no ${format} dump in ${data.dir}`)
    return await runHeirloom(dump, { serverUrl, workDir: options.workDir, profileDir: options.profileDir, verify, parallelCopy }, log)
  } catch (e) {
    log(`${heirloomLabel(format, parallelCopy)}: ${e instanceof Error ? e.message : String(e)}`)
    return failedRun(heirloomLabel(format, parallelCopy), 'heirloom', e)
  }
}

async function scanPart(options: BenchOptions): Promise<ScanOutcome | string> {
  try {
    return await runScanBench(options.workDir, options.scanDumps, options.scanTables, log)
  } catch (e) {
    return `scan FAILED: ${e instanceof Error ? e.message : String(e)}`
  }
}

async function nightlyPart(options: BenchOptions, serverUrl: string): Promise<NightlyReport | string> {
  try {
    return await runNightlyReplace({
      rows: options.nightlyRows, regions: 4, replaces: 5, leaves: options.nightlyLeaves, serverUrl, workDir: path.join(options.workDir, 'nightly-replace'),
    }, log)
  } catch (e) {
    return `nightly replace FAILED: ${e instanceof Error ? e.message : String(e)}`
  }
}

async function main(): Promise<number> {
  let options: BenchOptions
  try {
    options = parseBenchOptions(process.argv.slice(2), process.env)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    if (e instanceof UsageError && message === '') {
      process.stdout.write(USAGE)
      return 0
    }
    process.stderr.write(`bench: ${message}\n\n${USAGE}`)
    return 2
  }
  try {
    const report = await bench(options)
    if (options.out !== undefined) {
      fs.mkdirSync(path.dirname(options.out), { recursive: true })
      fs.writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`)
    }
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report))
    const failed = report.runs.some((r) => r.status === 'failed') || typeof report.scan === 'string' || typeof report.nightly === 'string'
    return report.identicalData && !failed ? 0 : 1
  } catch (e) {
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    return 1
  }
}

// Flush a piped stdout before exiting: process.exit would cut off a report larger than the pipe buffer.
void main().then((code) => process.stdout.write('', () => process.exit(code)))
