import type { Argv, CommandModule } from 'yargs'
import { writeReport } from '../../use-cases/report'
import { formatBytes } from '../../report/units'
import { configOf } from '../command-context'
import { printResult, type GlobalArgs } from '../output'

interface ReportArgs extends GlobalArgs { readonly out?: string }

export const reportCommand: CommandModule<GlobalArgs, ReportArgs> = {
  command: 'report',
  describe: 'Write one self-contained HTML file: schema evolution per table and version, regions over time, loads, rejects, migrations (--json: the same model as data)',
  builder: (y: Argv<GlobalArgs>) => y.option('out', { type: 'string', describe: 'the HTML file to write (default: heirloom-report.html beside the config; with --json, none unless given)' }),
  handler: async (args) => {
    const config = configOf(args)
    const report = await writeReport(config, { out: args.out, html: !args.json })
    printResult(args, report.file === undefined ? report.model : { file: report.file, ...report.model }, () => [
      `wrote ${report.file ?? ''} (${formatBytes(report.bytes)}): ${report.model.tables.length} tables, ${report.model.versions.length} versions, ${report.model.regions.length} regions, ${report.model.loads.length} table loads`,
    ])
  },
}
