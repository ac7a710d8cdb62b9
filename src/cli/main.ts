#!/usr/bin/env node
import fs from 'node:fs'
import path from 'node:path'
import yargs from 'yargs'
import { hideBin } from 'yargs/helpers'
import { HeirloomError } from '../errors'
import { dbCommand } from './commands/db'
import { demoCommand } from './commands/demo'
import { forgetCommand } from './commands/forget'
import { initCommand } from './commands/init'
import { driftCommand } from './commands/drift'
import { generateCommand } from './commands/generate'
import { ingestCommand } from './commands/ingest'
import { migrateCommand } from './commands/migrate'
import { reportCommand } from './commands/report'
import { pullCommand } from './commands/pull'
import { runCommand } from './commands/run'
import { scanCommand } from './commands/scan'
import { statusCommand } from './commands/status'
import { watchCommand } from './commands/watch'
import { stopServersStartedHere } from '../db/embedded-server'
import { packageRoot } from '../db/package-root'
import { LOG_FORMATS } from './json-log'
import { isJsonLogArgv, reportError, reportInterrupt, RESTORE_TERMINAL, sigtermEnding, type GlobalArgs } from './output'

/** What each exit code means; --help lists them. */
export const EXIT_CODES = `Exit codes:
  0    all done
  1    something failed, or rows were rejected past ingest.maxRejects (details: heirloom status)
  2    usage or configuration error (the message names the key and the file)
  130  interrupted (Ctrl-C or SIGTERM); nothing partial was kept, run the command again`

/** The CLI: a thin shell over the library. The only process.exit of heirloom is here. */
async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json')
  try {
    await yargs(argv)
      .scriptName('heirloom')
      // Flags are read as written (`args['dry-run']`): with camel-case expansion an unknown `--dry-rn` was reported twice.
      .parserConfiguration({ 'camel-case-expansion': false })
      .usage('$0 <command> [--config heirloom.yml] [--json]')
      .option('config', { type: 'string', describe: 'config file (default: $HEIRLOOM_CONFIG, then heirloom.yml, .yaml, heirloom.config.js or .json here)' })
      .option('json', { type: 'boolean', default: false, describe: 'print results as JSON' })
      .option('quiet', { alias: 'q', type: 'boolean', describe: 'print only the result and errors: no notes, no progress' })
      .option('verbose', { alias: 'v', type: 'boolean', describe: 'more notes: the config in use, one line per member loaded' })
      .conflicts('quiet', 'verbose')
      .option('log-format', { choices: LOG_FORMATS, default: 'text' as const, describe: 'json: one JSON object per event on stdout (run started, dump identified, table loaded, failure, run finished)' })
      .command<GlobalArgs>(scanCommand)
      .command(initCommand)
      .command(generateCommand)
      .command(migrateCommand)
      .command(ingestCommand)
      .command(runCommand)
      .command(pullCommand)
      .command(statusCommand)
      .command(driftCommand)
      .command(demoCommand)
      .command(dbCommand)
      .command(forgetCommand)
      .completion('completion', 'Print a shell completion script: heirloom completion >> ~/.bashrc (or ~/.zshrc)')
      .command(watchCommand)
      .command(reportCommand)
      .demandCommand(1, 'name a command')
      .recommendCommands()
      .strict()
      .fail((message, error, y) => {
        if (error !== undefined && error !== null) throw error
        // A usage error shows the usage of the command it is about, then the message.
        if (!json) y.showHelp((usage: string) => process.stderr.write(`${usage}\n\n`))
        throw new HeirloomError('USAGE', message, 'see `heirloom --help`')
      })
      .help()
      .alias('h', 'help')
      .version(packageVersion())
      .alias('V', 'version')
      .epilog(`${EXIT_CODES}\n\nDocs: the docs/ folder of the heirloom package (node_modules/heirloom/docs/README.md)`)
      .wrap(Math.min(110, process.stdout.columns ?? 110))
      .parseAsync()
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (e) {
    return reportError(e, json, isJsonLogArgv(argv))
  }
}

function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version
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
    const ending = signal === 'SIGTERM' ? sigtermEnding() : undefined
    const code = ending === undefined ? reportInterrupt(signal, argv, json) : ending()
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
