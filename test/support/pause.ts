import { setTimeout as sleep } from 'node:timers/promises'
import { pauseMarker } from '../../src/db/test-pause'
import type { TestDatabase } from './test-database'

/** Waits (up to 60 s) until a heirloom session sleeps at the named pause point (HEIRLOOM_TEST_PAUSE_AT); its pid, or undefined. */
export async function pausedAt(db: TestDatabase, at: string): Promise<number | undefined> {
  const marker = `%${pauseMarker(at)}%`
  for (let i = 0; i < 1200; i++) {
    const [r] = await db.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid() LIMIT 1", [marker])
    if (r !== undefined) return r.pid
    await sleep(50)
  }
  return undefined
}

/** Waits (up to 10 s) until the session is gone: after a kill -9 of its client, the server notices and rolls back what it held. */
export async function sessionGone(db: TestDatabase, pid: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [r] = await db.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE pid = $1', [pid])
    if (r.n === '0') return
    await sleep(50)
  }
  // The server did not notice the dead client: end the session as it would.
  await db.query('SELECT pg_terminate_backend($1)', [pid])
}
