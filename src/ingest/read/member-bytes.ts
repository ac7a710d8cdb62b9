import type { Readable } from 'node:stream'
import type mysql from 'mysql2'
import type { LiveSource } from '../../config/config'
import { withZip } from '../../dump/zip-archive'
import { liveTableBytes } from '../../source/live-table-bytes'
import type { TableTask } from '../table-task'
import { openDataMember } from './member-input'

/** The snapshot connection of the live session this worker thread runs (live/live-session.ts), if any. */
let session: { readonly connection: mysql.Connection; readonly source: LiveSource } | undefined

/** Set by a live session for the tables it loads on this thread; cleared when it ends. */
export function serveLiveTables(s: typeof session): void {
  session = s
}

/**
 * Runs `read` on a data member's bytes, closed after it: a ZIP member, or a
 * live table's rows read (again, for each call) in the session's snapshot.
 * Only where the bytes come from differs: the reader, the rungs and the
 * converter are the same.
 */
export async function withMemberBytes<T>(task: TableTask, member: string, read: (bytes: Readable) => Promise<T>): Promise<T> {
  if (task.live === undefined) return withZip(task.readFrom ?? task.dumpFile, async (zip) => read(await openDataMember(zip, task, member)))
  if (session === undefined) throw new Error(`${task.dumpFile}: table ${member} is read outside its snapshot session`)
  const bytes = liveTableBytes(session.connection, session.source, member, task.live)
  try {
    return await read(bytes)
  } finally {
    bytes.destroy()
  }
}

/** A member's size as declared: its ZIP entry's inflated size, or a live table's DATA_LENGTH estimate. */
export async function declaredSize(task: TableTask, member: string): Promise<number> {
  if (task.live !== undefined) return task.live.estimatedBytes
  return withZip(task.readFrom ?? task.dumpFile, async (zip) => zip.members.find((m) => m.name === member)?.uncompressedSize ?? 0)
}
