// `npx knex seed:run` = `heirloom ingest`: loads the configured dumps, each
// data member exactly once, after `npx knex migrate:latest`.
import type { Knex } from 'knex'
import { ingest } from '../use-cases/ingest'

export async function seed(_knex: Knex): Promise<void> {
  const report = await ingest()
  const failed = report.dumps.flatMap((d) => d.members.filter((m) => m.status === 'failed'))
  const problems = report.unreadable.length + report.dumps.reduce((n, d) => n + d.problems.filter((p) => p.severity === 'error').length, 0)
  if (!report.ok) throw new Error(`heirloom ingest: ${failed.length} member(s) failed, ${problems} input problem(s); run \`heirloom status\` for details`)
}
