import type { Argv, CommandModule } from 'yargs'
import { runPipeline } from '../../pipeline/run-pipeline'
import { configOf } from '../command-context'
import { describeGenerate, describeIngest, describeMigrate, describeScan } from '../describe'
import { ingestProgress } from '../progress'
import { exitCodeOf, printResult, type GlobalArgs } from '../output'
import { unreadableProblems } from '../../ingest/scan-dumps'

interface RunArgs extends GlobalArgs { readonly 'dry-run': boolean }

export const runCommand: CommandModule<GlobalArgs, RunArgs> = {
  command: 'run',
  describe: 'scan → generate → migrate → ingest',
  builder: (y: Argv<GlobalArgs>) => y.option('dry-run', { type: 'boolean', default: false, describe: 'scan and plan; write and load nothing' }),
  handler: async (args) => {
    const config = configOf(args)
    const progress = ingestProgress(args)
    const verb = args['dry-run'] ? 'would write' : 'wrote'
    // Each stage's lines as it ends, before the ingest starts; --json prints the whole report at the end.
    const stage = (lines: readonly string[]): void => { if (!args.json && lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`) }
    const report = await runPipeline(config, {
      ...progress.options,
      dryRun: args['dry-run'],
      onScanned: (scan) => stage(describeScan(scan)),
      onGenerated: (generate) => stage(describeGenerate(generate, verb)),
      onMigrated: (migrate) => stage(describeMigrate(migrate)),
    }).finally(progress.stop)
    // The scan's lines above already name each problem.
    printResult(args, report, () => (report.ingest === undefined ? [] : describeIngest(report.ingest, { problems: false })))
    process.exitCode = exitCodeOf(report.ok, unreadableProblems(report.scan))
  },
}
