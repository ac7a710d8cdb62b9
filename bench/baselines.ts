/**
 * The baselines heirloom is measured against, each into a fresh table of the
 * same column types on the same server: `psql \copy` of the COPY-text file,
 * `unzip -p | psql \copy` of a ZIP of it, two parallel `psql \copy` streams of
 * half the rows each, and pgloader loading the csv file. A tool that is not
 * installed skips its baseline with a message; the bench never installs it.
 */
import fs from 'node:fs'
import path from 'node:path'
import { BENCH_COLUMNS } from './dataset'
import { prepareRun, withAdmin, withScratchDatabase } from './bench-server'
import type { DataSet } from './generate-data'
import { measureCommand, type Measured } from './measure'
import { checksumSql, failedRun, PGLOADER, UNZIP_PSQL, type RunOutcome } from './run-result'
import { pgloaderCommandFile } from './pgloader-command'

export const BASE_TABLE = 'bench_base'
const PSQL_ARGS = ['-X', '-q', '-v', 'ON_ERROR_STOP=1']
const COPY_STDIN = `\\copy ${BASE_TABLE} from stdin`

interface Baseline {
  readonly label: string
  readonly needs: readonly string[]
  /** The file the command reads, warmed into the page cache before it runs. */
  readonly input: (data: DataSet) => string
  readonly inputBytes: (data: DataSet) => number
  readonly run: (data: DataSet, url: string, workDir: string) => Promise<Measured>
}

const BASELINES: readonly Baseline[] = [
  {
    label: 'psql \\copy file',
    needs: ['psql'],
    input: (d) => d.copyText,
    inputBytes: (d) => d.copyBytes,
    run: (d, url) => measureCommand('psql', [url, ...PSQL_ARGS, '-c', `\\copy ${BASE_TABLE} from ${psqlQuote(d.copyText)}`]),
  },
  {
    label: UNZIP_PSQL,
    needs: ['psql', 'unzip'],
    input: (d) => d.copyZip,
    inputBytes: (d) => d.copyBytes,
    run: (d, url) => measureCommand('bash', ['-c', 'set -o pipefail; unzip -p "$1" "$2" | psql "$3" "${@:4}"', 'bench',
      d.copyZip, d.copyMember, url, ...PSQL_ARGS, '-c', COPY_STDIN]),
  },
  {
    label: '2× psql \\copy (halves)',
    needs: ['psql', 'head', 'tail'],
    input: (d) => d.copyText,
    inputBytes: (d) => d.copyBytes,
    run: (d, url) => measureCommand('bash', ['-c', [
      'set -o pipefail',
      'head -c "$1" "$2" | psql "$4" "${@:5}" & a=$!',
      'tail -c +"$3" "$2" | psql "$4" "${@:5}" & b=$!',
      'wait $a; ra=$?; wait $b; rb=$?; exit $((ra || rb))',
    ].join('\n'), 'bench', String(d.halfOffset), d.copyText, String(d.halfOffset + 1), url, ...PSQL_ARGS, '-c', COPY_STDIN]),
  },
  {
    label: PGLOADER,
    needs: ['pgloader'],
    input: (d) => d.csv,
    inputBytes: (d) => fs.statSync(d.csv).size,
    run: (d, url, workDir) => {
      const file = path.join(workDir, 'bench.load')
      fs.writeFileSync(file, pgloaderCommandFile(d.csv, url, BASE_TABLE))
      return measureCommand('pgloader', ['--quiet', file], { cwd: workDir })
    },
  },
]

const SKIP_HINTS: Readonly<Record<string, string>> = {
  pgloader: 'skipped: pgloader not installed (apt-get install pgloader)',
  psql: 'skipped: psql not installed (apt-get install postgresql-client)',
  unzip: 'skipped: unzip not installed (apt-get install unzip)',
}

/** One run of each baseline, to be called in any order: each loads into a fresh scratch database on the server. */
export function baselineRuns(data: DataSet, serverUrl: string, workDir: string, log: (line: string) => void): (() => Promise<RunOutcome>)[] {
  return BASELINES.map((b) => async () => {
    const missing = b.needs.find((cmd) => !onPath(cmd))
    if (missing !== undefined) {
      const reason = SKIP_HINTS[missing] ?? `skipped: ${missing} not installed`
      log(`${b.label}: ${reason}`)
      return { kind: 'skipped', label: b.label, group: 'baseline', reason }
    }
    try {
      return await withScratchDatabase(serverUrl, (url) => runBaseline(b, data, url, serverUrl, workDir, log))
    } catch (e) {
      log(`${b.label}: ${e instanceof Error ? e.message : String(e)}`)
      return failedRun(b.label, 'baseline', e)
    }
  })
}

async function runBaseline(b: Baseline, data: DataSet, url: string, serverUrl: string, workDir: string, log: (line: string) => void): Promise<RunOutcome> {
  await withAdmin(url, (c) => c.query(`CREATE TABLE ${BASE_TABLE} (${BENCH_COLUMNS.map((col) => `${col.name} ${col.pg}${col.nullable ? '' : ' NOT NULL'}`).join(', ')})`))
  await prepareRun(serverUrl, b.input(data))
  log(`${b.label}: running`)
  const m = await b.run(data, url, workDir)
  if (m.exitCode !== 0) throw new Error(`${b.label} exited ${m.exitCode}: ${m.stderr.slice(-2000)}`)
  const checksum = await withAdmin(url, async (c) => (await c.query<{ checksum: string }>(checksumSql(BASE_TABLE, BENCH_COLUMNS.map((col) => col.name)))).rows[0].checksum)
  const rows = Number(checksum.split(':')[0])
  log(`${b.label}: ${m.seconds.toFixed(2)} s, ${rows} rows`)
  return { kind: 'measured', label: b.label, group: 'baseline', seconds: m.seconds, peakRssBytes: m.peakRssBytes, inputBytes: b.inputBytes(data), rows, checksum }
}

/** A file name as psql's \copy reads it: single-quoted, quotes doubled. */
function psqlQuote(file: string): string {
  return `'${file.replace(/'/g, "''")}'`
}

export function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, command), fs.constants.X_OK)
      return true
    } catch {
      return false
    }
  })
}
