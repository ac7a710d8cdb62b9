import fs from 'node:fs'
import path from 'node:path'
import yazl from 'yazl'
import { loadConfig } from '../config/load-config'
import type { Config } from '../config/config'
import { withClient, withDatabase } from '../db/database'
import { packageRoot } from '../db/package-root'
import { qualifiedName } from '../schema/identifiers'
import { run as runPipeline, type RunReport } from './run'
import { writeReport } from './report'
import type { IngestOptions } from '../ingest/ingest'

export interface DemoReport {
  readonly run: RunReport
  /** Rows per child table, and one query through a mother across regions. */
  readonly children: readonly { readonly table: string; readonly rows: number }[]
  readonly query: { readonly sql: string; readonly rows: readonly Record<string, unknown>[] }
  /** The HTML report written at the end (`heirloom report`). */
  readonly report: { readonly file: string; readonly bytes: number }
}

/** The demo's config: heirloom.yml at the package root. */
export function demoConfig(): Config {
  return loadConfig({ file: path.join(packageRoot(), 'heirloom.yml') })
}

/**
 * Builds the demo dumps (two regions, two application versions) from the
 * readable fixtures in `demo/`, loads them end to end, and reads them back.
 * Re-runnable: a second run finds nothing new.
 */
export async function runDemo(options: IngestOptions = {}): Promise<DemoReport> {
  const config = demoConfig()
  await buildDemoDumps(path.join(packageRoot(), 'demo'), config.dumps.path)
  const run = await runPipeline(config, options)
  const read = await withDatabase(config, (url) => withClient(url, async (client) => {
    const inherits = await client.query<{ table: string }>(`
      SELECT c.relname AS table FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 ORDER BY c.relname`, [config.target.schema])
    const children: { table: string; rows: number }[] = []
    for (const { table } of inherits.rows) {
      const r = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${qualifiedName(config.target.schema, table)}`)
      children.push({ table, rows: r.rows[0].n })
    }
    const sql = `SELECT d.region, d.version, count(*) AS customers, min(c.name) AS first_name
  FROM ${qualifiedName(config.target.schema, 'customers')} c JOIN heirloom.dumps d ON d.id = c._dump_id
  GROUP BY d.region, d.version ORDER BY d.region`
    const query = await client.query(sql)
    return { run, children, query: { sql, rows: query.rows } }
  }))
  const written = await writeReport(config, { out: path.join(path.dirname(config.dumps.path), 'report.html') })
  return { ...read, report: { file: written.file ?? '', bytes: written.bytes } }
}

/** Zips each folder of `from` into `<folder>.zip` in `to`, deterministically (fixed timestamps, sorted members). */
export async function buildDemoDumps(from: string, to: string): Promise<string[]> {
  fs.mkdirSync(to, { recursive: true })
  const built: string[] = []
  for (const name of fs.readdirSync(from).sort()) {
    const folder = path.join(from, name)
    if (!fs.statSync(folder).isDirectory()) continue
    const target = path.join(to, `${name}.zip`)
    await zipFolder(folder, target)
    built.push(target)
  }
  return built
}

function zipFolder(folder: string, target: string): Promise<void> {
  const zip = new yazl.ZipFile()
  const mtime = new Date('2026-01-01T00:00:00Z')
  for (const f of fs.readdirSync(folder).sort()) zip.addFile(path.join(folder, f), f, { mtime })
  zip.end()
  const tmp = `${target}.tmp`
  return new Promise((resolve, reject) => {
    zip.outputStream.pipe(fs.createWriteStream(tmp)).on('close', () => {
      fs.renameSync(tmp, target)
      resolve()
    }).on('error', reject)
  })
}
