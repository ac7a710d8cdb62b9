import type { Reject } from '../../db/bookkeeping'
import type { LoadPathKind } from './choose-load-path'

/** A rung loaded the member: every row loaded or rejected. */
export interface Copied {
  readonly kind: 'copied'
  readonly rows: number
  readonly loaded: number
  readonly rejects: Reject[]
  /** Warnings counted per column (MySQL zero dates loaded as NULL). */
  readonly warnings: Map<string, number>
  /** The rung that finished the member: `as-is` also when the binary writers handed the rest of it to COPY text. */
  readonly path: LoadPathKind
  /** Why a faster way was left on the way (a binary writer's hand-over, a refused rung), in order. */
  readonly leftBehind: readonly string[]
}

/** A fast rung cannot load the member as it is: nothing of it stays (rolled back), the next rung loads it. */
export interface Refused {
  readonly kind: 'refused'
  readonly reason: string
}

export type RungResult = Copied | Refused

/** SQLSTATE classes 22 (data exception: a bad value, a bad COPY row) and 23 (integrity: NULL in NOT NULL): the data, not the load, is wrong. */
export function isDataError(e: unknown): e is Error & { code: string } {
  const code = (e as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'))
}

/**
 * Told after each chunk of the member is read (tens of KiB, never per row):
 * the member's bytes and rows read so far by this attempt. A member read
 * again (through the checks) starts again from 0.
 */
export type ChunkRead = (bytes: number, rows: number) => void
