/**
 * `--scan`: `heirloom scan` over many small dumps (default 200 dumps × 50
 * tables), timed as a user runs it. Target: 5 s or less.
 */
import fs from 'node:fs'
import path from 'node:path'
import { packageRoot } from '../src/db/package-root'
import type { ScanReport } from '../src/ingest/scan-dumps'
import { BENCH_COLUMNS, RowGenerator } from './dataset'
import { measureCommand } from './measure'
import { mysqlTabLine } from './render-row'
import { zipFiles } from './zip-files'

const CLI = path.join(packageRoot(), 'dist', 'src', 'cli', 'main.js')
const ROWS_PER_TABLE = 3
export const SCAN_TARGET_SECONDS = 5

export interface ScanOutcome {
  readonly label: string
  readonly dumps: number
  readonly tables: number
  readonly seconds: number
  readonly peakRssBytes: number
  readonly zipBytes: number
  readonly withinTarget: boolean
}

export async function runScanBench(workDir: string, dumps: number, tables: number, log: (line: string) => void): Promise<ScanOutcome> {
  const dir = await ensureScanDumps(workDir, dumps, tables, log)
  const config = path.join(dir, 'heirloom.yml')
  fs.writeFileSync(config, 'dumps: { path: ./dumps }\n')
  log(`scan: ${dumps} dumps × ${tables} tables`)
  const m = await measureCommand(process.execPath, [CLI, 'scan', '--config', config, '--json'], { cwd: dir, env: { ...process.env, HEIRLOOM_CONFIG: '' } })
  let report: ScanReport
  try {
    report = JSON.parse(m.stdout) as ScanReport
  } catch {
    throw new Error(`scan exited ${m.exitCode} without a JSON report: ${m.stderr.slice(-2000)}`)
  }
  const found = report.dumps.reduce((n, d) => n + d.tables.length, 0)
  if (m.exitCode !== 0 || report.dumps.length !== dumps || found !== dumps * tables) {
    throw new Error(`scan exited ${m.exitCode} and found ${report.dumps.length} dumps with ${found} tables, expected ${dumps} with ${dumps * tables}`)
  }
  const zipBytes = fs.readdirSync(path.join(dir, 'dumps')).reduce((n, f) => n + fs.statSync(path.join(dir, 'dumps', f)).size, 0)
  log(`scan: ${m.seconds.toFixed(2)} s`)
  return {
    label: `heirloom scan (${dumps} dumps × ${tables} tables)`,
    dumps, tables, seconds: m.seconds, peakRssBytes: m.peakRssBytes, zipBytes, withinTarget: m.seconds <= SCAN_TARGET_SECONDS,
  }
}

/** Generated once per (dumps, tables) and cached like the data set; built under a temporary name. */
async function ensureScanDumps(workDir: string, dumps: number, tables: number, log: (line: string) => void): Promise<string> {
  const dir = path.join(workDir, `scan-d${dumps}-t${tables}`)
  if (fs.existsSync(path.join(dir, 'dumps'))) return dir
  const tmp = `${dir}.tmp-${process.pid}`
  fs.rmSync(tmp, { recursive: true, force: true })
  fs.mkdirSync(path.join(tmp, 'dumps'), { recursive: true })
  log(`scan: generating ${dumps} dumps × ${tables} tables into ${dir}`)
  const generator = new RowGenerator(1)
  const schemaColumns = BENCH_COLUMNS.map((c) => ({ name: c.name, type: c.mysql, nullable: c.nullable }))
  for (let d = 0; d < dumps; d++) {
    const members: { kind: 'buffer'; name: string; content: string }[] = [{
      kind: 'buffer', name: 'manifest.json',
      content: JSON.stringify({ application: 'scanbench', version: String(1 + (d % 5)), region: `r${d}`, exportedAt: '2026-01-01T00:00:00Z', dialect: 'mysql', format: 'mysql-tab' }),
    }]
    for (let t = 0; t < tables; t++) {
      const table = `table_${String(t).padStart(3, '0')}`
      members.push({ kind: 'buffer', name: `${table}.json`, content: JSON.stringify({ table, columns: schemaColumns }) })
      let data = ''
      for (let r = 0; r < ROWS_PER_TABLE; r++) data += mysqlTabLine(generator.row())
      members.push({ kind: 'buffer', name: `${table}.dat`, content: data })
    }
    await zipFiles(path.join(tmp, 'dumps', `scanbench_r${d}.zip`), members)
  }
  fs.rmSync(dir, { recursive: true, force: true })
  fs.renameSync(tmp, dir)
  return dir
}
