import { scrubSecrets } from '../db/secrets'
import { isHeirloomError, messageOf, postgresFieldsOf, type ErrorCode } from '../errors'
import { describePostgres } from './describe-failure'

/** Options every command takes. */
export interface GlobalArgs {
  readonly config?: string
  readonly json: boolean
}

/** Prints a result: JSON for machines (`--json`), lines for people. Passwords are scrubbed from both. */
export function printResult(args: GlobalArgs, data: unknown, lines: () => readonly string[]): void {
  const text = args.json ? JSON.stringify(data, null, 2) : lines().join('\n')
  if (text !== '') process.stdout.write(`${scrubSecrets(text)}\n`)
}

/** Progress and notes go to stderr so stdout stays the result. */
export function note(args: GlobalArgs, line: string): void {
  if (!args.json) process.stderr.write(`${scrubSecrets(line)}\n`)
}

const USAGE_CODES: readonly ErrorCode[] = ['CONFIG_INVALID', 'CONFIG_UNREADABLE', 'USAGE']

/**
 * Renders any error for a person (or as JSON), with what PostgreSQL said
 * about it, and returns the exit code: 2 for usage and configuration, 1
 * otherwise. Only an error that is neither heirloom's nor PostgreSQL's (a
 * bug) gets its stack trace.
 */
export function reportError(e: unknown, json: boolean): number {
  const code = isHeirloomError(e) ? e.code : 'INTERNAL'
  const message = messageOf(e)
  const hint = isHeirloomError(e) ? e.hint : undefined
  const postgres = postgresFieldsOf(e)
  if (json) {
    process.stdout.write(`${scrubSecrets(JSON.stringify({ error: { code, message, hint, postgres } }, null, 2))}\n`)
  } else {
    const lines = [`heirloom: ${message}`, ...(hint === undefined ? [] : [`  → ${hint}`]), ...describePostgres(postgres).map((line) => `  ${line}`)]
    process.stderr.write(scrubSecrets(`${lines.join('\n')}\n`))
    if (!isHeirloomError(e) && postgres === undefined && e instanceof Error && e.stack !== undefined) process.stderr.write(`${scrubSecrets(e.stack)}\n`)
  }
  return isHeirloomError(e) && USAGE_CODES.includes(e.code) ? 2 : 1
}
