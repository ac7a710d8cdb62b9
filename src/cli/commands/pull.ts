import path from 'node:path'
import type { Argv, CommandModule } from 'yargs'
import { unreadableProblems } from '../../ingest/scan-dumps'
import { pull } from '../../use-cases/pull'
import { configOf } from '../command-context'
import { describeGenerate, describeIngest, describeMigrate, describeScan } from '../describe'
import { ingestProgress } from '../progress'
import { exitCodeOf, printResult, type GlobalArgs } from '../output'

interface PullArgs extends GlobalArgs { readonly sources: readonly string[] }

export const pullCommand: CommandModule<GlobalArgs, PullArgs> = {
  command: 'pull [sources..]',
  describe: 'snapshot live MySQL/MariaDB sources (all, or those named) into dumps, then scan → generate → migrate → ingest',
  builder: (y: Argv<GlobalArgs>) => y.positional('sources', { type: 'string', array: true, default: [], describe: 'names from the config\'s sources: list' }) as Argv<PullArgs>,
  handler: async (args) => {
    const config = configOf(args, { database: true })
    const progress = ingestProgress(args)
    const stage = (lines: readonly string[]): void => { if (!args.json && args['log-format'] !== 'json' && lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`) }
    const report = await pull(config, args.sources.map(String), {
      ...progress.options,
      onPulled: (s) => stage([`pulled ${s.source}: version ${s.version}, snapshot at ${s.exportedAt}, ${s.tables} table(s), ${s.rows} row(s) → ${path.relative(process.cwd(), s.file)}`]),
      onScanned: (scan) => stage(describeScan(scan)),
      onGenerated: (generate) => stage(describeGenerate(generate, 'wrote')),
      onMigrated: (migrate) => stage(describeMigrate(migrate)),
    }).finally(progress.stop)
    const problems = report.run === undefined ? [] : unreadableProblems(report.run.scan)
    process.exitCode = Math.max(exitCodeOf(report.ok, problems), report.ok ? 0 : 1)
    if (!args.json && args['log-format'] !== 'json') {
      for (const f of report.failed) process.stderr.write(`heirloom: ${f.message}\n${f.hint === undefined ? '' : `  → ${f.hint}\n`}`)
    }
    printResult(args, report, () => (report.run?.ingest === undefined ? [] : describeIngest(report.run.ingest, { problems: false })))
  },
}
