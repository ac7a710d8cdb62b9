import { isHeirloomError, messageOf, postgresFieldsOf, type ErrorCode } from '../errors'
import { describePostgres } from './describe-failure'
import { logEvent, type LogFormat } from './json-log'

/** Options every command takes. */
export interface GlobalArgs {
  readonly config?: string
  readonly json: boolean
  /** Only the result and errors: no notes, no progress. */
  readonly quiet?: boolean
  /** More notes: the config file's keys as loaded (never a password), each member as it loads. */
  readonly verbose?: boolean
  /** `--log-format json`: events as JSON lines on stdout (cli/json-log.ts). */
  readonly 'log-format'?: LogFormat
}

/**
 * Prints a result: JSON for machines (`--json`), lines for people. Nothing is
 * rewritten here: connection strings are redacted where they are put into a
 * result or message (db/connection-string.ts), so JSON stays JSON.
 */
export function printResult(args: GlobalArgs, data: unknown, lines: () => readonly string[]): void {
  if (args['log-format'] === 'json') return logEvent('result', { data })
  const text = args.json ? JSON.stringify(data, null, 2) : lines().join('\n')
  if (text !== '') process.stdout.write(`${text}\n`)
}

/** Progress and notes go to stderr so stdout stays the result. */
export function note(args: GlobalArgs, line: string): void {
  if (!args.json && args.quiet !== true && args['log-format'] !== 'json') process.stderr.write(`${line}\n`)
}

const USAGE_CODES: readonly ErrorCode[] = ['CONFIG_INVALID', 'CONFIG_UNREADABLE', 'USAGE']

/** The exit code of a command that ran to its end: 2 when a problem is a configuration error (a dumps folder holding no dump), else 1 unless all went well. */
export function exitCodeOf(ok: boolean, problems: readonly { readonly code: ErrorCode }[]): number {
  if (problems.some((p) => USAGE_CODES.includes(p.code))) return 2
  return ok && problems.length === 0 ? 0 : 1
}

/**
 * Renders any error for a person (or as JSON), with what PostgreSQL said
 * about it, and returns the exit code: 2 for usage and configuration, 1
 * otherwise. Only an error that is neither heirloom's nor PostgreSQL's (a
 * bug) gets its stack trace.
 */
export function reportError(e: unknown, json: boolean, jsonLog = false): number {
  const code = isHeirloomError(e) ? e.code : 'INTERNAL'
  const message = messageOf(e)
  const hint = isHeirloomError(e) ? e.hint : undefined
  const postgres = postgresFieldsOf(e)
  if (jsonLog) {
    logEvent('failure', { code, message, hint: hint ?? null, postgres: postgres ?? null })
  } else if (json) {
    process.stdout.write(`${JSON.stringify({ error: { code, message, hint, postgres } }, null, 2)}\n`)
  } else {
    const lines = [`heirloom: ${message}`, ...(hint === undefined ? [] : [`  → ${hint}`]), ...describePostgres(postgres).map((line) => `  ${line}`)]
    process.stderr.write(`${lines.join('\n')}\n`)
    if (!isHeirloomError(e) && postgres === undefined && e instanceof Error && e.stack !== undefined) process.stderr.write(`${e.stack}\n`)
  }
  return isHeirloomError(e) && USAGE_CODES.includes(e.code) ? 2 : 1
}

/** Cursor shown, long lines wrapped: the progress bar (cli-progress) turns both off while it runs. */
export const RESTORE_TERMINAL = '\x1b[?25h\x1b[?7h'

/**
 * The one line that ends an interrupted command: what happened, that
 * nothing partial was kept, and the command that resumes. Returns 130,
 * the exit code of a command stopped by Ctrl-C.
 */
export function reportInterrupt(signal: NodeJS.Signals, argv: readonly string[], json: boolean): number {
  const message = `interrupted by ${signal}: nothing partial was kept`
  const hint = `run \`${['heirloom', ...argv].map(shellWord).join(' ')}\` again to resume`
  const code: ErrorCode = 'INTERRUPTED'
  if (isJsonLogArgv(argv)) logEvent('failure', { code, message, hint })
  else if (json) process.stdout.write(`${JSON.stringify({ error: { code, message, hint } }, null, 2)}\n`)
  else process.stderr.write(`heirloom: ${message}; ${hint}\n`)
  return 130
}

function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

/** Whether the command line asks for `--log-format json`, read before yargs has parsed it (errors, signals). */
export function isJsonLogArgv(argv: readonly string[]): boolean {
  const i = argv.indexOf('--log-format')
  return argv.includes('--log-format=json') || (i >= 0 && argv[i + 1] === 'json')
}

let sigtermEnds: (() => number) | undefined

/**
 * Makes SIGTERM end the command normally (a service's stop: `watch`): fn
 * reports it and returns the exit code, instead of the interrupt report
 * and 130. Unfinished work is still rolled back by the exit.
 */
export function endOnSigterm(fn: () => number): void {
  sigtermEnds = fn
}

/** What SIGTERM does, when a command said (endOnSigterm). */
export function sigtermEnding(): (() => number) | undefined {
  return sigtermEnds
}
