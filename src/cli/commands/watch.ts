import path from 'node:path'
import type { Argv, CommandModule } from 'yargs'
import { withDatabase } from '../../db/database'
import { unreadableProblems } from '../../ingest/scan-dumps'
import { HeirloomMetrics, serveMetrics } from '../../use-cases/metrics'
import { watchDumps, type WatchEvent } from '../../use-cases/watch'
import { HeirloomError } from '../../errors'
import { configOf } from '../command-context'
import { describeIngest, describeScan } from '../describe'
import { isJsonLog, jsonRunLog, logEvent } from '../json-log'
import { endOnSigterm, exitCodeOf, note, reportError, type GlobalArgs } from '../output'

interface WatchArgs extends GlobalArgs { readonly 'metrics-port'?: number }

export const watchCommand: CommandModule<GlobalArgs, WatchArgs> = {
  command: 'watch',
  describe: 'Keep running: run scan → generate → migrate → ingest whenever complete dumps arrive in dumps.path; SIGTERM stops it (exit 0)',
  builder: (y: Argv<GlobalArgs>) => y.option('metrics-port', { type: 'number', describe: 'serve Prometheus metrics on http://127.0.0.1:PORT/metrics (0: a free port, named in the watching line)' }),
  handler: async (args) => {
    const config = configOf(args)
    const json = isJsonLog(args)
    const port = args['metrics-port']
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new HeirloomError('USAGE', `--metrics-port ${port}: not a port number`, 'give a port from 1 to 65535 (0 picks a free one)')
    endOnSigterm(() => {
      if (json) logEvent('watch_stopped', { signal: 'SIGTERM' })
      else note(args, 'heirloom watch: stopped by SIGTERM; a load in progress was rolled back and loads at the next run')
      return 0
    })
    await withDatabase(config, async (url) => {
      const metrics = new HeirloomMetrics(() => url)
      const server = port === undefined ? undefined : await serveMetrics(metrics, port)
      let log: ReturnType<typeof jsonRunLog> | undefined
      const onEvent = (e: WatchEvent): void => {
        if (e.kind === 'run-finished') {
          const unreadable = unreadableProblems(e.report.scan)
          const exitCode = exitCodeOf(e.report.ok, unreadable)
          metrics.observeRun(exitCode === 0 ? 'ok' : 'failed', e.seconds)
          if (log !== undefined) log.finished(e.report.ingest, unreadable, exitCode)
          else process.stdout.write([...describeScan(e.report.scan), ...(e.report.ingest === undefined ? [] : describeIngest(e.report.ingest, { problems: false })), ''].join('\n'))
        } else if (e.kind === 'run-failed') {
          metrics.observeRun('error', e.seconds)
          reportError(e.error, false, json)
          log?.finished(undefined, [], 1)
        } else if (json) {
          logWatchEvent(e, server?.port)
        } else {
          note(args, describeWatchEvent(e, server?.port))
        }
      }
      try {
        await watchDumps(config, {
          runOptions: () => {
            log = json ? jsonRunLog('watch') : undefined
            return log?.options ?? {}
          },
          onEvent,
        })
      } finally {
        await server?.close()
      }
    })
  },
}

function logWatchEvent(e: Exclude<WatchEvent, { kind: 'run-finished' | 'run-failed' }>, port: number | undefined): void {
  switch (e.kind) {
    case 'watching': return logEvent('watch_started', { folder: e.folder, polling: e.polling, metricsPort: port ?? null, pid: process.pid })
    case 'polling-fallback': return logEvent('watch_polling', { reason: e.reason })
    case 'arrived': return logEvent('dump_arrived', { file: e.file })
    case 'complete': return logEvent('dump_complete', { file: e.file, how: e.how })
    case 'run-started': return undefined
  }
}

function describeWatchEvent(e: Exclude<WatchEvent, { kind: 'run-finished' | 'run-failed' }>, port: number | undefined): string {
  switch (e.kind) {
    case 'watching': return `watching ${e.folder}${e.polling ? ' (polling)' : ''}${port === undefined ? '' : `; metrics on http://127.0.0.1:${port}/metrics`}`
    case 'polling-fallback': return `file-system events failed (${e.reason}): polling instead`
    case 'arrived': return `arriving: ${path.basename(e.file)} (taken once unchanged for a while, or renamed into place)`
    case 'complete': return `complete: ${path.basename(e.file)} (${e.how === 'renamed' ? 'renamed into place' : 'size stable'})`
    case 'run-started': return `run: ${e.files.length} complete dump(s) in the folder`
  }
}
