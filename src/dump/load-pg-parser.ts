/**
 * PostgreSQL's own SQL parser (libpg-query: the server's grammar compiled to
 * WebAssembly), loaded once and only when a dump holds a `pg_dump` DDL member:
 * a dump without one never pays its load time.
 */
import type { ParseResult } from 'libpg-query'

/** Parses SQL text into PostgreSQL's parse tree; throws the parser's syntax error (a libpg-query SqlError with the cursor position). */
export type PgParse = (sql: string) => ParseResult

let loading: Promise<PgParse> | undefined

export function loadPgParser(): Promise<PgParse> {
  loading ??= (async () => {
    const lib = await import('libpg-query')
    await lib.loadModule()
    return lib.parseSync
  })()
  return loading
}
