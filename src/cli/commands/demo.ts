import type { CommandModule } from 'yargs'
import { databaseTarget, describeTarget } from '../../db/database-target'
import { demoConfig, runDemo } from '../../use-cases/demo'
import { textTable } from '../text-table'
import { describeGenerate, describeIngest, describeMigrate } from '../describe'
import { ingestProgress } from '../progress'
import { note, printResult, type GlobalArgs } from '../output'

export const demoCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'demo',
  describe: 'Build the demo dumps (two regions, two versions) and load them into the embedded PostgreSQL',
  handler: async (args) => {
    // The demo has its own config (heirloom's heirloom.yml), whatever --config says: say which, and where it loads.
    const config = demoConfig()
    note(args, `config: ${config.file ?? ''}; database: ${describeTarget(databaseTarget(config), process.cwd())}`)
    const progress = ingestProgress(args)
    const report = await runDemo(progress.options).finally(progress.stop)
    const run = report.run
    printResult(args, report, () => [
      `dumps: ${run.scan.dumps.map((d) => `${d.identity.application} v${d.identity.version} (${d.identity.region})`).join(', ')}`,
      ...describeGenerate(run.generate, 'wrote'),
      ...(run.migrate === undefined ? [] : describeMigrate(run.migrate)),
      ...(run.ingest === undefined ? [] : describeIngest(run.ingest)),
      '',
      'rows per child table:',
      ...textTable(undefined, report.children.map((c) => [c.table, String(c.rows)])).map((l) => `  ${l}`),
      '',
      'every region through the mother table:',
      ...report.query.sql.split('\n').map((l) => `  ${l}`),
      ...formatTable(report.query.rows).map((l) => `  ${l}`),
      '',
      `report: ${report.report.file}`,
    ])
    if (!run.ok) process.exitCode = 1
  },
}

function formatTable(rows: readonly Record<string, unknown>[]): string[] {
  if (rows.length === 0) return ['(no rows)']
  const keys = Object.keys(rows[0])
  return textTable(keys, rows.map((r) => keys.map((k) => String(r[k] ?? 'NULL'))))
}
