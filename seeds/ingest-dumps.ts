// `npx knex seed:run` = `heirloom ingest`: loads the configured dumps, each
// data member exactly once, after `npx knex migrate:latest`.
import type { Knex } from 'knex'
import { loadConfig } from '../src/config/load-config'
import { withDatabase } from '../src/db/database'
import { ingestDumps } from '../src/ingest/ingest'
import { withPool } from '../src/ingest/pool'
import { scanDumps, unreadableProblems } from '../src/ingest/scan-dumps'

export async function seed(_knex: Knex): Promise<void> {
  const config = loadConfig()
  const report = await withPool(config.ingest.workers, async (pool) => {
    const scan = await scanDumps(config, pool)
    return withDatabase(config, (url) => ingestDumps(config, url, pool, scan.dumps, { unreadable: unreadableProblems(scan) }))
  })
  const failed = report.dumps.flatMap((d) => d.members.filter((m) => m.status === 'failed'))
  const problems = report.unreadable.length + report.dumps.reduce((n, d) => n + d.problems.filter((p) => p.severity === 'error').length, 0)
  if (!report.ok) throw new Error(`heirloom ingest: ${failed.length} member(s) failed, ${problems} input problem(s); run \`heirloom status\` for details`)
}
