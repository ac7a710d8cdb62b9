import type { Argv, CommandModule } from 'yargs'
import { pull } from '../../use-cases/pull'
import { configOf } from '../command-context'
import { describeGenerate, describeIngest, describeMigrate, describeScan } from '../describe'
import { ingestProgress } from '../progress'
import { exitCodeOf, printResult, type GlobalArgs } from '../output'

interface PullArgs extends GlobalArgs { readonly sources: readonly string[] }

export const pullCommand: CommandModule<GlobalArgs, PullArgs> = {
  command: 'pull [sources..]',
  describe: 'load live MySQL/MariaDB sources (all, or those named), each as one dump at one point in time: generate → migrate → ingest, rows streamed straight into COPY',
  builder: (y: Argv<GlobalArgs>) => y.positional('sources', { type: 'string', array: true, default: [], describe: 'names from the config\'s sources: list' }) as Argv<PullArgs>,
  handler: async (args) => {
    const config = configOf(args, { database: true })
    const progress = ingestProgress(args)
    const stage = (lines: readonly string[]): void => { if (!args.json && args['log-format'] !== 'json' && lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`) }
    const report = await pull(config, args.sources.map(String), {
      ...progress.options,
      onPulled: (s) => {
        stage([`pulling ${s.file}: version ${s.version}, snapshot at ${s.exportedAt}, ${s.tables} table(s) on ${s.connections} connection(s)`])
        if (s.note !== undefined && args['log-format'] !== 'json') process.stderr.write(`heirloom: note: ${s.note}\n`)
      },
      onScanned: (scan) => stage(describeScan(scan)),
      onGenerated: (generate) => stage(describeGenerate(generate, 'wrote')),
      onMigrated: (migrate) => stage(describeMigrate(migrate)),
    }).finally(progress.stop)
    process.exitCode = Math.max(exitCodeOf(report.ok, []), report.ok ? 0 : 1)
    if (!args.json && args['log-format'] !== 'json') {
      for (const f of report.failed) process.stderr.write(`heirloom: ${f.message}\n${f.hint === undefined ? '' : `  → ${f.hint}\n`}`)
    }
    printResult(args, report, () => report.runs.flatMap((r) => (r.ingest === undefined ? [] : describeIngest(r.ingest, { problems: false }))))
  },
}
