import type { Argv, CommandModule } from 'yargs'
import { unreadableProblems } from '../../ingest/scan-dumps'
import { generate } from '../../use-cases/generate'
import { describeMigrations, migrationsDiverged } from '../describe-migrations'
import { configOf } from '../command-context'
import { describeGenerate, describeScan } from '../describe'
import { exitCodeOf, printResult, type GlobalArgs } from '../output'

interface GenerateArgs extends GlobalArgs { readonly check: boolean; readonly 'dry-run': boolean }

export const generateCommand: CommandModule<GlobalArgs, GenerateArgs> = {
  command: 'generate',
  describe: 'Write one reviewable Knex migration per newly discovered application version',
  builder: (y: Argv<GlobalArgs>) => y
    .option('check', { type: 'boolean', default: false, describe: 'write nothing; exit 1 listing versions no migration covers, or applied migrations edited since (a CI gate)' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'say what would be written; write nothing' }),
  handler: async (args) => {
    const config = configOf(args, { database: args.check })
    const { scan, generate: report, migrations } = await generate(config, { check: args.check, dryRun: args['dry-run'] })
    const verb = args.check ? 'missing' : args['dry-run'] ? 'would write' : 'wrote'
    printResult(args, migrations === undefined ? report : { ...report, migrations },
      () => [...describeScan({ dumps: [], failed: scan.failed }), ...describeGenerate(report, verb), ...describeMigrations(migrations, config.migrations.directory)])
    if (args.check && (report.planned.length > 0 || migrationsDiverged(migrations))) process.exitCode = 1
    // Files that are no dump (an empty dumps folder: 2) are said above; the migrations of the others are written.
    if (scan.failed.length > 0) process.exitCode = exitCodeOf(false, unreadableProblems(scan))
    else if (report.refused.length > 0) process.exitCode = 1
  },
}
