import type { ErrorCode } from '../errors'

/**
 * Something wrong with a dump, one of its members, or the dumps folder,
 * named so that a person can act on it. An `error` keeps what it concerns
 * from loading (and makes the exit code 1); a `warning` is data loaded in a
 * documented, changed form (a zero date as NULL, an unknown type as text).
 */
export interface DumpProblem {
  /** The dump file; for a dumps folder holding no dump, `dumps.path`. */
  readonly file: string
  /** The member it concerns; undefined for the dump (or folder) as a whole. */
  readonly member: string | undefined
  readonly severity: 'error' | 'warning'
  readonly code: ErrorCode
  readonly message: string
  readonly hint: string | undefined
}

export function isError(p: Pick<DumpProblem, 'severity'>): boolean {
  return p.severity === 'error'
}
