import { pipeline, Transform, type Readable } from 'node:stream'
import type mysql from 'mysql2'
import type { LiveSource } from '../config/config'
import type { LiveTable } from '../dump/scan-dump'
import { sourceError } from './mysql-connection'
import { mysqlTabLine } from './mysql-tab-line'

/** Rows buffered between the server and the reader: the server is paused beyond that. */
const ROWS_IN_FLIGHT = 256

/**
 * One table's rows, read on `connection` (inside its snapshot), as the bytes
 * `mysqldump --tab` writes (`mysqlTabLine`): the mysql-tab reader, rungs and
 * converter read them as they read an exported member. Every field stays the
 * bytes the server sent (dates, decimals, JSON, spatial and BIT values as in
 * an OUTFILE). Backpressure: the server's stream is paused while the reader
 * does not take more, so memory is bounded whatever the table's size.
 *
 * Exactly the table or an error: a connection lost mid-table (mysql2 does
 * not fail a streaming query then, the connection says it) or a query error
 * destroys the bytes with a `sourceError` naming the table, never a silently
 * short table. A reader that stops early (a refused fast rung) destroys the
 * bytes: mysql2 then reads the rest of the result and drops it, so the
 * connection's next query (the checks re-reading the table in the same
 * snapshot) runs after it.
 */
export function liveTableBytes(connection: mysql.Connection, source: LiveSource, table: string, live: LiveTable): Readable {
  const lines = new Transform({
    writableObjectMode: true,
    transform(row: (Buffer | null)[], _enc, done) {
      done(null, mysqlTabLine(row, live.raw))
    },
  })
  const fail = (e: unknown): void => { lines.destroy(sourceError(source, table, e)) }
  const onLost = (e?: unknown): void => fail(e ?? Object.assign(new Error('the server closed the connection'), { code: 'PROTOCOL_CONNECTION_LOST' }))
  // Listening before the query: on a connection lost while it was idle (between two tables), mysql2 refuses the query by
  // emitting the connection's 'error' at once, inside query(); heard only afterwards, the table's bytes would never end.
  connection.once('error', onLost)
  connection.once('end', onLost)
  const rows = connection.query({ sql: live.select, rowsAsArray: true, typeCast: (field) => field.buffer() }).stream({ highWaterMark: ROWS_IN_FLIGHT })
  // Before pipeline's own handler: the first error destroys `lines`, and this one names the source and table.
  rows.once('error', fail)
  // Ended, failed or destroyed by the reader: either way the rows stop (mysql2 drains the rest) and the connection is let go.
  pipeline(rows, lines, () => {
    connection.off('error', onLost)
    connection.off('end', onLost)
  })
  return lines
}
