import type { CommandModule } from 'yargs'
import { runDemo } from '../../pipeline/demo'
import { describeGenerate, describeIngest, describeMigrate } from '../describe'
import { ingestProgress } from '../progress'
import { printResult, type GlobalArgs } from '../output'

export const demoCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'demo',
  describe: 'Build the demo dumps (two regions, two versions) and load them into the embedded PostgreSQL',
  handler: async (args) => {
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
      ...report.children.map((c) => `  ${c.table.padEnd(20)} ${c.rows}`),
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
  const cells = rows.map((r) => keys.map((k) => String(r[k] ?? 'NULL')))
  const widths = keys.map((k, i) => Math.max(k.length, ...cells.map((c) => c[i].length)))
  const line = (values: string[]): string => values.map((v, i) => v.padEnd(widths[i])).join(' | ')
  return [line(keys), widths.map((w) => '-'.repeat(w)).join('-+-'), ...cells.map(line)]
}
