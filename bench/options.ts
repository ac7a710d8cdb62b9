import path from 'node:path'
import { parseArgs } from 'node:util'
import { packageRoot } from '../src/db/package-root'
import { DUMP_FORMATS, type DumpFormat } from './render-row'

export interface BenchOptions {
  readonly rows: number
  readonly seed: number
  readonly repeat: number
  readonly workDir: string
  /** Undefined: HEIRLOOM_BENCH_DATABASE_URL, else the machine's PostgreSQL, else the embedded one. */
  readonly databaseUrl: string | undefined
  readonly json: boolean
  /** Also write the JSON report to this file. */
  readonly out: string | undefined
  readonly formats: readonly DumpFormat[]
  readonly baselines: boolean
  readonly heirloom: boolean
  readonly scan: boolean
  readonly scanDumps: number
  readonly scanTables: number
  readonly profileDir: string | undefined
  readonly verify: boolean
  /** Rows per region of the nightly replace case; 0 skips it. */
  readonly nightlyRows: number
  readonly nightlyLeaves: readonly number[]
  /** With N ≥ 2, each format is loaded twice per round: one COPY stream, and N streams from 1 byte up. */
  readonly parallelStreams: number | undefined
}

export const USAGE = `npm run bench -- [options]

  --rows N              rows in the bench table (default 5000000)
  --seed N              generator seed (default 1)
  --repeat N            runs of each load; the report takes medians (default 1; the issue's targets are medians of 3)
  --work-dir DIR        generated data and scratch files, cached per (rows, seed) (default .heirloom/bench)
  --database-url URL    PostgreSQL server to load into (default $HEIRLOOM_BENCH_DATABASE_URL, else
                        postgres://postgres@127.0.0.1:5432/postgres, else the embedded one); scratch
                        databases heirloom_bench_<random> are created on it and dropped
  --formats LIST        heirloom dump formats, comma-separated (default mysql-tab,mssql-bcp,csv)
  --skip-baselines      run only heirloom
  --skip-heirloom       run only the baselines
  --no-verify           skip the row-hash check that every run loaded identical data
  --scan                also time \`heirloom scan\` over many small dumps (target ≤ 5 s)
  --scan-dumps N        dumps for --scan (default 200)
  --scan-tables N       tables per dump for --scan (default 50)
  --profile DIR         run each timed ingest with --cpu-prof, profiles (main thread and workers) into DIR
  --nightly-rows N      rows per region of the nightly replace case: 4 regions loaded, then 5 replaces
                        of one (default 500000, to keep the bench short; the issue's case is 2000000,
                        also \`npm run bench:nightly-replace\`); 0 skips it
  --nightly-leaves LIST leaf counts for the planning-time part of that case (default 10,100,1000)
  --parallel-streams N  load each format twice per round, same run: ingest.parallelCopy.streams 1, and
                        N with minBytes 1 (every member goes parallel); default: the config's defaults only
  --json                print the report as JSON instead of a table
  --out FILE            also write the JSON report to FILE
`

/** Parses the bench's flags; throws with the usage text on a bad one. */
export function parseBenchOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      rows: { type: 'string' }, seed: { type: 'string' }, repeat: { type: 'string' },
      'work-dir': { type: 'string' }, 'database-url': { type: 'string' }, formats: { type: 'string' },
      'skip-baselines': { type: 'boolean' }, 'skip-heirloom': { type: 'boolean' }, 'no-verify': { type: 'boolean' },
      scan: { type: 'boolean' }, 'scan-dumps': { type: 'string' }, 'scan-tables': { type: 'string' },
      profile: { type: 'string' }, 'nightly-rows': { type: 'string' }, 'nightly-leaves': { type: 'string' }, 'parallel-streams': { type: 'string' }, json: { type: 'boolean' }, out: { type: 'string' }, help: { type: 'boolean' },
    },
  })
  if (values.help === true) throw new UsageError('')
  const url = values['database-url'] ?? env.HEIRLOOM_BENCH_DATABASE_URL
  return {
    rows: count(values.rows, 'rows', 5_000_000, 1),
    seed: count(values.seed, 'seed', 1, 0),
    repeat: count(values.repeat, 'repeat', 1, 1),
    workDir: path.resolve(values['work-dir'] ?? path.join(packageRoot(), '.heirloom', 'bench')),
    databaseUrl: url === undefined || url === '' ? undefined : url,
    json: values.json === true,
    out: values.out === undefined ? undefined : path.resolve(values.out),
    formats: formatsOf(values.formats),
    baselines: values['skip-baselines'] !== true,
    heirloom: values['skip-heirloom'] !== true,
    scan: values.scan === true,
    scanDumps: count(values['scan-dumps'], 'scan-dumps', 200, 1),
    scanTables: count(values['scan-tables'], 'scan-tables', 50, 1),
    profileDir: values.profile === undefined ? undefined : path.resolve(values.profile),
    verify: values['no-verify'] !== true,
    nightlyRows: count(values['nightly-rows'], 'nightly-rows', 500_000, 0),
    parallelStreams: values['parallel-streams'] === undefined ? undefined : count(values['parallel-streams'], 'parallel-streams', 2, 2),
    nightlyLeaves: (values['nightly-leaves'] ?? '10,100,1000').split(',').map((n) => count(n.trim(), 'nightly-leaves', 0, 1)),
  }
}

export class UsageError extends Error {}

export function count(text: string | undefined, flag: string, fallback: number, min: number): number {
  if (text === undefined) return fallback
  const n = Number(text.replace(/_/g, ''))
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${flag}: expected an integer ≥ ${min}, got "${text}"`)
  return n
}

function formatsOf(text: string | undefined): DumpFormat[] {
  if (text === undefined) return [...DUMP_FORMATS]
  const wanted = text.split(',').map((s) => s.trim()).filter((s) => s !== '')
  const unknown = wanted.filter((f) => !(DUMP_FORMATS as readonly string[]).includes(f))
  if (unknown.length > 0 || wanted.length === 0) throw new UsageError(`--formats: unknown format(s) ${unknown.join(', ')}; use ${DUMP_FORMATS.join(', ')}`)
  return wanted as DumpFormat[]
}
