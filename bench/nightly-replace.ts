/**
 * `npm run bench:nightly-replace` (issue #17): 4 regions of N rows (default
 * 2,000,000, one table, mysql-tab) loaded one after the other, then 5 new
 * snapshots of region a, each replacing the last. Reports each replace's
 * time against region a's first load (target ≤ 1.05×), the tables' total
 * size after the replaces against one snapshot per region (target within
 * 5 %), the time of `forget` of one N-row dump (target ≤ 1 s), and the
 * planning time of `SELECT count(*)` on a mother with 10, 100 and 1,000
 * leaves. Usage: [--rows N] [--regions N] [--replaces N] [--leaves 10,100,1000]
 * [--database-url URL] [--work-dir DIR]. Also part of `npm run bench` (see --nightly-rows).
 */
import fs from 'node:fs'
import path from 'node:path'
import { forgetDump } from '../src/db/forget-dump'
import { packageRoot } from '../src/db/package-root'
import { makeSyntheticDump } from '../test/support/synthetic-dump'
import { DEFAULT_BENCH_DATABASE_URL, prepareRun, withAdmin, withScratchDatabase } from './bench-server'
import { measureCommand } from './measure'

const CLI = path.join(packageRoot(), 'dist', 'src', 'cli', 'main.js')
const URL_VARIABLE = 'HEIRLOOM_BENCH_URL'
const REGIONS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']

export interface NightlyOptions {
  readonly rows: number
  readonly regions: number
  readonly replaces: number
  readonly leaves: readonly number[]
  readonly serverUrl: string
  readonly workDir: string
}

export interface NightlyReport {
  readonly rows: number
  /** Seconds of each region's first load, in order. */
  readonly firstLoads: readonly number[]
  /** Seconds of each replace of region a. */
  readonly replaces: readonly number[]
  /** Median replace / region a's first load. */
  readonly replaceRatio: number
  readonly bytesOneSnapshotEach: number
  readonly bytesAfterReplaces: number
  readonly forgetSeconds: number
  readonly forgetRows: number
  /** Median planning time (ms) of SELECT count(*) on a mother, per number of leaves. */
  readonly planningMs: readonly Planning[]
}

/** Planning times (ms): warm (the connection has planned it before), one dump only (WHERE _dump_id = 1), cold (a new connection's first query). */
interface Planning { readonly leaves: number; readonly ms: number; readonly msOneDump: number; readonly msCold: number }

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

export async function runNightlyReplace(o: NightlyOptions, log: (line: string) => void): Promise<NightlyReport> {
  fs.rmSync(o.workDir, { recursive: true, force: true })
  const dumps = path.join(o.workDir, 'dumps')
  const spare = path.join(o.workDir, 'spare')
  const config = path.join(o.workDir, 'heirloom.yml')
  fs.mkdirSync(dumps, { recursive: true })
  fs.writeFileSync(config, `database: { url: '\${${URL_VARIABLE}}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\n`)
  const regions = REGIONS.slice(0, o.regions)
  log(`generating ${o.regions} + ${o.replaces} dumps of ${o.rows} rows`)
  // One at a time: each dump is built in memory.
  const first: string[] = []
  for (const region of regions) first.push(await makeSyntheticDump(spare, { region, exportedAt: '2026-01-01T00:00:00Z', tables: 1, rows: o.rows }))
  const next: string[] = []
  for (let k = 0; k < o.replaces; k++) next.push(await makeSyntheticDump(spare, { region: 'a', exportedAt: `2026-01-${String(k + 2).padStart(2, '0')}T00:00:00Z`, tables: 1, rows: o.rows, seed: k + 1 }))
  const planningMs = await withScratchDatabase(o.serverUrl, (url) => planning(url, o.leaves, log))
  return withScratchDatabase(o.serverUrl, async (url) => {
    const env = { ...process.env, [URL_VARIABLE]: url, HEIRLOOM_CONFIG: '' }
    const cli = async (args: string[]): Promise<number> => {
      const m = await measureCommand(process.execPath, [CLI, ...args, '--config', config], { cwd: o.workDir, env })
      if (m.exitCode !== 0) throw new Error(`heirloom ${args.join(' ')} exited ${m.exitCode}: ${m.stderr.slice(-1000)}`)
      return m.seconds
    }
    /** Moves the dump into the dumps folder and times the ingest that loads it. */
    const ingest = async (file: string): Promise<number> => {
      const to = path.join(dumps, path.basename(file))
      fs.renameSync(file, to)
      await prepareRun(url, to)
      return cli(['ingest'])
    }
    fs.renameSync(first[0], path.join(dumps, path.basename(first[0])))
    await cli(['generate'])
    await cli(['migrate'])
    fs.renameSync(path.join(dumps, path.basename(first[0])), first[0])
    const firstLoads: number[] = []
    for (const [i, file] of first.entries()) {
      firstLoads.push(await ingest(file))
      log(`first load of region ${regions[i]}: ${firstLoads[i].toFixed(2)} s`)
    }
    const bytesOneSnapshotEach = await tableBytes(url)
    const replaces: number[] = []
    for (const [k, file] of next.entries()) {
      replaces.push(await ingest(file))
      log(`replace ${k + 1} of region a: ${replaces[k].toFixed(2)} s (${(replaces[k] / firstLoads[0]).toFixed(2)}×)`)
    }
    const bytesAfterReplaces = await tableBytes(url)
    const started = process.hrtime.bigint()
    const forgotten = await forgetDump(url, path.basename(first[1]))
    const forgetSeconds = Number(process.hrtime.bigint() - started) / 1e9
    return {
      rows: o.rows, firstLoads, replaces, replaceRatio: median(replaces) / firstLoads[0],
      bytesOneSnapshotEach, bytesAfterReplaces, forgetSeconds, forgetRows: forgotten.rowsDeleted, planningMs,
    }
  })
}

/** Every table, index and TOAST of the target schema and its leaves. */
async function tableBytes(url: string): Promise<number> {
  return withAdmin(url, async (c) => {
    const r = await c.query<{ bytes: string }>(`SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::text AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname IN ('public', 'public_leaves') AND c.relkind = 'r'`)
    return Number(r.rows[0].bytes)
  })
}

/**
 * A mother, its child and `n` leaves laid out as heirloom lays them (each
 * leaf 10 rows, its CHECK on _dump_id, analysed), made directly in SQL: the
 * median planning time of `SELECT count(*)` on the mother, and of the same
 * query for one dump (`WHERE _dump_id = 1`, where the CHECK lets the planner
 * skip the other leaves).
 */
async function planning(url: string, counts: readonly number[], log: (line: string) => void): Promise<Planning[]> {
  return withAdmin(url, async (c) => {
    await c.query('CREATE SCHEMA p_leaves; CREATE TABLE m (id integer NOT NULL, label varchar(40), amount numeric(12,2), _dump_id integer NOT NULL); CREATE TABLE m_v1 () INHERITS (m)')
    const out: Planning[] = []
    let made = 0
    for (const n of [...counts].sort((a, b) => a - b)) {
      for (; made < n; made++) {
        const leaf = `p_leaves.m_v1_d${made + 1}`
        await c.query(`CREATE TABLE ${leaf} (id integer NOT NULL, label varchar(40), amount numeric(12,2), _dump_id integer NOT NULL, CHECK (_dump_id = ${made + 1}));
          INSERT INTO ${leaf} SELECT g, 'x' || g, g, ${made + 1} FROM generate_series(1, 10) g; ALTER TABLE ${leaf} INHERIT m_v1; ANALYZE ${leaf}`)
      }
      const time = async (sql: string): Promise<number> => {
        const ms: number[] = []
        for (let i = 0; i < 21; i++) {
          const r = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (SUMMARY) ${sql}`)
          const line = r.rows.map((x) => x['QUERY PLAN']).find((l) => l.startsWith('Planning Time'))
          ms.push(Number(/([\d.]+) ms/.exec(line ?? '')?.[1] ?? NaN))
        }
        return median(ms)
      }
      // Warm the relation cache once, as a long-lived connection would have it.
      await c.query('SELECT count(*) FROM m')
      const cold: number[] = []
      for (let i = 0; i < 5; i++) {
        cold.push(await withAdmin(url, async (fresh) => {
          const r = await fresh.query<{ 'QUERY PLAN': string }>('EXPLAIN (SUMMARY) SELECT count(*) FROM m')
          return Number(/([\d.]+) ms/.exec(r.rows.map((x) => x['QUERY PLAN']).find((l) => l.startsWith('Planning Time')) ?? '')?.[1] ?? NaN)
        }))
      }
      out.push({ leaves: n, ms: await time('SELECT count(*) FROM m'), msOneDump: await time('SELECT count(*) FROM m WHERE _dump_id = 1'), msCold: median(cold) })
      log(`planning SELECT count(*) on a mother with ${n} leaves: ${JSON.stringify(out[out.length - 1])}`)
    }
    return out
  })
}

export function renderNightly(r: NightlyReport): string {
  const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MB`
  return [
    `nightly replace (${r.rows.toLocaleString('en')} rows per region, ${r.firstLoads.length} regions, mysql-tab, 1 table):`,
    `  first loads: ${r.firstLoads.map((s) => `${s.toFixed(2)} s`).join(', ')}`,
    `  replaces of region a: ${r.replaces.map((s) => `${s.toFixed(2)} s`).join(', ')}; median ${r.replaceRatio.toFixed(2)}× its first load (target ≤ 1.05×)`,
    `  tables' total size: ${mb(r.bytesOneSnapshotEach)} with one snapshot per region, ${mb(r.bytesAfterReplaces)} after ${r.replaces.length} replaces (${(((r.bytesAfterReplaces / r.bytesOneSnapshotEach) - 1) * 100).toFixed(1)} %, target within 5 %)`,
    `  forget of a ${r.forgetRows.toLocaleString('en')}-row dump: ${r.forgetSeconds.toFixed(3)} s (target ≤ 1 s)`,
    ...r.planningMs.map((p) => `  planning SELECT count(*) on a mother with ${p.leaves} leaves: ${p.ms.toFixed(2)} ms (a new connection's first: ${p.msCold.toFixed(2)} ms); with WHERE _dump_id = 1: ${p.msOneDump.toFixed(2)} ms`),
  ].join('\n')
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 || i + 1 >= process.argv.length ? fallback : process.argv[i + 1]
}

if (require.main === module) {
  const o: NightlyOptions = {
    rows: Number(option('rows', '2000000')), regions: Number(option('regions', '4')), replaces: Number(option('replaces', '5')),
    leaves: option('leaves', '10,100,1000').split(',').map(Number),
    serverUrl: option('database-url', process.env.HEIRLOOM_BENCH_DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL),
    workDir: path.resolve(option('work-dir', path.join(packageRoot(), '.heirloom', 'bench-nightly-replace'))),
  }
  runNightlyReplace(o, (line) => process.stderr.write(`bench:nightly-replace: ${line}\n`)).then((r) => {
    process.stdout.write(`${renderNightly(r)}\n`)
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(r)}\n`)
  }, (e: unknown) => {
    process.stderr.write(`bench:nightly-replace: ${e instanceof Error ? e.message : String(e)}\n`)
    process.exitCode = 1
  })
}
