import path from 'node:path'
import cliProgress from 'cli-progress'
import type { ScannedDump } from '../dump/scan-dump'
import type { IngestOptions } from '../ingest/ingest'
import type { MemberResult } from '../ingest/table-task'
import { describeFailure } from './describe-failure'
import { note, type GlobalArgs } from './output'

/**
 * Ingest progress: a bar on a terminal, one plain line per member otherwise
 * (and with --verbose), nothing with --json or --quiet. Returns the callbacks and a function to close the bar.
 */
export function ingestProgress(args: GlobalArgs): { options: IngestOptions; stop: () => void } {
  if (args.json || args.quiet === true) return { options: {}, stop: () => undefined }
  if (process.stderr.isTTY !== true || args.verbose === true) {
    return {
      options: { onMember: (dump, r) => note(args, memberLine(dump, r)) },
      stop: () => undefined,
    }
  }
  const bar = new cliProgress.SingleBar({ stream: process.stderr, format: 'loading [{bar}] {value}/{total} members | {member}', hideCursor: true }, cliProgress.Presets.shades_classic)
  let started = false
  return {
    options: {
      onPlanned: (total) => {
        if (total === 0) return
        bar.start(total, 0, { member: '' })
        started = true
      },
      onMember: (dump, r) => {
        bar.increment({ member: `${path.basename(dump.file)}:${r.member}` })
        if (r.status === 'failed') note(args, `\n${memberLine(dump, r)}`)
      },
    },
    stop: () => { if (started) bar.stop() },
  }
}

function memberLine(dump: ScannedDump, r: MemberResult): string {
  const where = `${path.basename(dump.file)}: ${r.member}`
  switch (r.status) {
    case 'loaded': return `loaded  ${where}: ${r.loaded} rows${r.rejected > 0 ? `, ${r.rejected} rejected` : ''}`
    case 'skipped': return `skipped ${where}: ${r.reason}`
    case 'failed': return describeFailure(r, 'FAILED  ', '        ').join('\n')
  }
}
