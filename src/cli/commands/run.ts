import type { Argv, CommandModule } from 'yargs'
import { unreadableProblems } from '../../ingest/scan-dumps'
import { run } from '../../use-cases/run'
import { configOf } from '../command-context'
import { describeGenerate, describeIngest, describeMigrate, describeScan } from '../describe'
import { ingestProgress } from '../progress'
import { exitCodeOf, printResult, type GlobalArgs } from '../output'
import { isJsonLog, jsonRunLog } from '../json-log'

interface RunArgs extends GlobalArgs { readonly 'dry-run': boolean }

export const runCommand: CommandModule<GlobalArgs, RunArgs> = {
  command: 'run',
  describe: 'scan → generate → migrate → ingest',
  builder: (y: Argv<GlobalArgs>) => y.option('dry-run', { type: 'boolean', default: false, describe: 'scan and plan; write and load nothing' }),
  handler: async (args) => {
    const config = configOf(args, { database: !args['dry-run'] })
    const log = isJsonLog(args) ? jsonRunLog('run') : undefined
    const progress = log === undefined ? ingestProgress(args) : { options: log.options, stop: () => undefined }
    const verb = args['dry-run'] ? 'would write' : 'wrote'
    // Each stage's lines as it ends, before the ingest starts; --json and --log-format json print at the end only.
    const stage = (lines: readonly string[]): void => { if (!args.json && log === undefined && lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`) }
    const report = await run(config, {
      ...progress.options,
      dryRun: args['dry-run'],
      onScanned: (scan) => stage(describeScan(scan)),
      onGenerated: (generate) => stage(describeGenerate(generate, verb)),
      onMigrated: (migrate) => stage(describeMigrate(migrate)),
    }).finally(progress.stop)
    process.exitCode = exitCodeOf(report.ok, unreadableProblems(report.scan))
    if (log !== undefined) return log.finished(report.ingest, unreadableProblems(report.scan), process.exitCode)
    // The scan's lines above already name each problem.
    printResult(args, report, () => (report.ingest === undefined ? [] : describeIngest(report.ingest, { problems: false })))
  },
}
