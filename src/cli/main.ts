#!/usr/bin/env node
import yargs from 'yargs'
import { hideBin } from 'yargs/helpers'
import { HeirloomError } from '../errors'
import { dbCommand } from './commands/db'
import { demoCommand } from './commands/demo'
import { forgetCommand } from './commands/forget'
import { driftCommand } from './commands/drift'
import { generateCommand } from './commands/generate'
import { ingestCommand } from './commands/ingest'
import { migrateCommand } from './commands/migrate'
import { reportCommand } from './commands/report'
import { runCommand } from './commands/run'
import { scanCommand } from './commands/scan'
import { statusCommand } from './commands/status'
import { stopServersStartedHere } from '../db/embedded-server'
import { reportError, reportInterrupt, RESTORE_TERMINAL, type GlobalArgs } from './output'

/** The CLI: a thin shell over the library. The only process.exit of heirloom is here. */
async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json')
  try {
    await yargs(argv)
      .scriptName('heirloom')
      .usage('$0 <command> [--config heirloom.yml] [--json]')
      .option('config', { type: 'string', describe: 'config file (default: $HEIRLOOM_CONFIG, then ./heirloom.yml)' })
      .option('json', { type: 'boolean', default: false, describe: 'print results as JSON' })
      .command<GlobalArgs>(scanCommand)
      .command(generateCommand)
      .command(migrateCommand)
      .command(ingestCommand)
      .command(runCommand)
      .command(statusCommand)
      .command(driftCommand)
      .command(demoCommand)
      .command(dbCommand)
      .command(forgetCommand)
      .command(reportCommand)
      .demandCommand(1, 'name a command')
      .strict()
      .fail((message, error) => {
        throw error ?? new HeirloomError('USAGE', message, 'see `heirloom --help`')
      })
      .help()
      .parseAsync()
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (e) {
    return reportError(e, json)
  }
}

/**
 * Ctrl-C (SIGINT) or SIGTERM, during any command: ends it at once, with
 * nothing partial kept. Every load, migration and bookkeeping change runs
 * in a transaction; exiting closes the connections (the workers' with
 * their threads), and PostgreSQL rolls back whatever was not committed.
 * Before that the terminal is restored (cursor, line wrapping), and an
 * embedded server this command started is stopped (fast shutdown: it rolls
 * back its sessions at once).
 * Synchronous to the exit: the abandoned work must not print or record
 * anything after the message.
 */
function exitOnInterrupt(argv: readonly string[]): void {
  let interrupted = false
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return
    interrupted = true
    if (process.stderr.isTTY === true) process.stderr.write(`\n${RESTORE_TERMINAL}`)
    const json = argv.includes('--json')
    const code = reportInterrupt(signal, argv, json)
    try {
      stopServersStartedHere()
    } catch (e) {
      reportError(e, json)
    }
    process.exit(code)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}

const argv = hideBin(process.argv)
exitOnInterrupt(argv)
// process.exit does not wait for a piped stdout: a `--json` report larger than the pipe's
// 64 KiB was cut off (`heirloom scan --json | jq`). Exit once what was written has been flushed.
void main(argv).then((code) => process.stdout.write('', () => process.exit(code)))
