import type pg from 'pg'
import { postgresFieldsOf } from '../errors'

/**
 * A test-only hook: with `HEIRLOOM_TEST_PAUSE_AT=<point>` (or
 * `<point>:<table>` for the per-table points) in the environment, the
 * process stops at that named point by running a long `pg_sleep` on the
 * connection given (inside its transaction when one is open), marked so a
 * test finds it in `pg_stat_activity`: the test then kills the process
 * there (kill -9), terminates that session, or cancels the sleep
 * (`pg_cancel_backend`) to let the process go on. The points:
 * - `snapshot-opened`: `heirloom pull`: the source's snapshot(s) open, no
 *   table read yet;
 * - `copied:<table>`: a table's COPY done, its transaction not committed;
 * - `parts-committed:<table>`: a member loaded through several COPY streams:
 *   its leaf parts committed, the member not recorded as loaded yet;
 * - `finishing`: every table staged, before the leaves' key index and ANALYZE;
 * - `staged`: leaves committed, indexed and analysed, before the switch;
 * - `switching`: inside the switch transaction, before its commit;
 * - `switched`: the switch committed, older leaves not dropped yet.
 * Unset, it costs one environment lookup.
 */
export async function pauseAt(client: pg.Client, point: PausePoint, where: { readonly inTransaction: boolean; readonly table?: string }): Promise<void> {
  const wanted = process.env.HEIRLOOM_TEST_PAUSE_AT
  if (paused || wanted === undefined || (wanted !== point && wanted !== `${point}:${where.table ?? ''}`)) return
  // Once per process (per worker thread): a test that lets the run go on is not stopped again at the next dump.
  paused = true
  // A killed client is noticed within 100 ms, so the server rolls back what was open then.
  await client.query("SET client_connection_check_interval = '100ms'")
  if (where.inTransaction) await client.query('SAVEPOINT heirloom_test_pause')
  try {
    await client.query(`SELECT pg_sleep(600) /* ${pauseMarker(wanted)} */`)
  } catch (e) {
    // Cancelled: the test lets the process go on.
    if (postgresFieldsOf(e)?.sqlstate !== '57014') throw e
    if (where.inTransaction) await client.query('ROLLBACK TO SAVEPOINT heirloom_test_pause')
  }
}

let paused = false

export type PausePoint = 'snapshot-opened' | 'copied' | 'parts-committed' | 'finishing' | 'staged' | 'switching' | 'switched'

/** The text a paused statement carries, for `pg_stat_activity.query`; `at` as HEIRLOOM_TEST_PAUSE_AT has it. */
export function pauseMarker(at: string): string {
  return `heirloom test pause at ${at.replace(/[^a-z0-9_:]/gi, '_')}`
}
