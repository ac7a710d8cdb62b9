import path from 'node:path'
import type { CommandModule } from 'yargs'
import { withDatabase } from '../../db/database'
import { readStatus, type StatusReport } from '../../db/status'
import { describeMigrations } from '../describe-migrations'
import { configOf } from '../command-context'
import { printResult, type GlobalArgs } from '../output'

export const statusCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'status',
  describe: 'Per dump: state, members loaded/failed, rows in files = loaded + rejected, last error; migrations applied, pending, edited since',
  handler: async (args) => {
    const config = configOf(args)
    const report = await withDatabase(config, (url) => readStatus(url, config.migrations.directory))
    printResult(args, report, () => [...dumpLines(report), ...describeMigrations(report.migrations, config.migrations.directory)])
    if (report.dumps.some((d) => d.membersFailed > 0)) process.exitCode = 1
  },
}

function dumpLines(report: StatusReport): string[] {
  if (!report.migrated) return ['status: no heirloom bookkeeping in this database yet; run `heirloom migrate`']
  if (report.dumps.length === 0) return ['status: no dump loaded yet']
  return report.dumps.map((d) => `${path.basename(d.file)} (${d.application} v${d.version}, ${d.region}): ${d.state}; ` +
    `members ${d.membersLoaded} loaded, ${d.membersFailed} failed; rows ${d.rowsInFiles} in files = ${d.rowsLoaded} loaded + ${d.rowsRejected} rejected` +
    (d.lastError === null ? '' : `\n    last error: ${d.lastError}`))
}
