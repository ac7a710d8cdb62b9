import type { MessagePort } from 'node:worker_threads'
import type { MemberProgress } from './load-table'

/** What a loading worker says while a table loads: the member being read, its bytes and rows so far (absolute, not deltas). */
export interface LoadProgress {
  readonly member: string
  readonly bytes: number
  readonly rows: number
}

/** Counts posted at most this often (ms): a display refreshes ~10 times a second, no faster. */
export const PROGRESS_INTERVAL_MS = 100

/**
 * The worker's side of progress: keeps the latest counts, posts them on the
 * port at most every PROGRESS_INTERVAL_MS, and at once when the member
 * changes (so each member's last counts arrive). Cheap per call: it is
 * called per chunk read.
 */
export function throttledProgress(port: MessagePort, intervalMs = PROGRESS_INTERVAL_MS): MemberProgress {
  let last = 0
  let member = ''
  return (m, bytes, rows) => {
    const now = Date.now()
    if (m === member && now - last < intervalMs) return
    member = m
    last = now
    const message: LoadProgress = { member: m, bytes, rows }
    port.postMessage(message)
  }
}
