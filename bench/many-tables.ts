/**
 * `npm run bench:many-tables` (issue #13): one dump of many small tables
 * (default 5,000, one row each) through `generate`, `migrate` and `ingest`
 * as a user runs them, each command measured from outside: wall time and
 * peak RSS of its process tree. The CI test (many-tables.test.ts) covers
 * generate and migrate at this size; this measures the ingest too, which
 * takes minutes. Usage: [--tables N] [--database-url URL] [--work-dir DIR]
 */
import fs from 'node:fs'
import path from 'node:path'
import { packageRoot } from '../src/db/package-root'
import { makeSyntheticDump } from '../test/support/synthetic-dump'
import { DEFAULT_BENCH_DATABASE_URL, withAdmin, withScratchDatabase } from './bench-server'
import { measureCommand } from './measure'

const CLI = path.join(packageRoot(), 'dist', 'src', 'cli', 'main.js')
const URL_VARIABLE = 'HEIRLOOM_BENCH_URL'

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 || i + 1 >= process.argv.length ? fallback : process.argv[i + 1]
}

async function main(): Promise<number> {
  const tables = Number(option('tables', '5000'))
  const workDir = path.resolve(option('work-dir', path.join(packageRoot(), '.heirloom', 'bench-many-tables')))
  fs.rmSync(workDir, { recursive: true, force: true })
  await makeSyntheticDump(path.join(workDir, 'dumps'), { region: 'eu', exportedAt: '2026-01-01T00:00:00Z', tables, rows: 1 })
  const config = path.join(workDir, 'heirloom.yml')
  fs.writeFileSync(config, `database: { url: '\${${URL_VARIABLE}}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\n`)
  return withScratchDatabase(option('database-url', DEFAULT_BENCH_DATABASE_URL), async (url) => {
    const env = { ...process.env, [URL_VARIABLE]: url, HEIRLOOM_CONFIG: '' }
    process.stdout.write(`${tables} tables, default settings\n`)
    for (const step of ['generate', 'migrate', 'ingest']) {
      const m = await measureCommand(process.execPath, [CLI, step, '--config', config], { cwd: workDir, env })
      process.stdout.write(`${step.padEnd(8)} ${m.seconds.toFixed(1).padStart(7)} s ${(m.peakRssBytes / 1024 / 1024).toFixed(0).padStart(6)} MB peak RSS, exit ${m.exitCode}\n`)
      if (m.exitCode !== 0) {
        process.stderr.write(m.stderr.slice(-2000))
        return 1
      }
    }
    const loaded = await withAdmin(url, async (c) => (await c.query<{ n: number }>("SELECT count(*)::int AS n FROM heirloom.loads WHERE status = 'loaded'")).rows[0].n)
    process.stdout.write(`members loaded: ${loaded} of ${tables}\n`)
    return loaded === tables ? 0 : 1
  })
}

main().then((code) => { process.exitCode = code }, (e: unknown) => {
  process.stderr.write(`bench:many-tables: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exitCode = 1
})
