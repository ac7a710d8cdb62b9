/**
 * The worker side of a pull (see live-snapshot.ts for the whole design): a
 * Piscina task that holds one connection to the source inside its snapshot
 * and loads the tables the coordinator sends it, one after another, each
 * with `loadTable` (its own transaction and leaf, as a dump's table). It
 * talks with the coordinator over its MessagePort only.
 */
import type { MessagePort } from 'node:worker_threads'
import type mysql from 'mysql2'
import type { LiveSource } from '../../config/config'
import { isHeirloomError, messageOf } from '../../errors'
import { connectSource } from '../../source/mysql-connection'
import { snapshotFacts, startSnapshot, type SnapshotFacts } from '../../source/read-source-schema'
import { loadTable } from '../load-table'
import { throttledProgress } from '../load-progress'
import { serveLiveTables } from '../read/member-bytes'
import type { MemberResult, TableTask } from '../table-task'

export interface LiveSessionTask {
  readonly source: LiveSource
  /** The coordinator's end of the conversation. */
  readonly port: MessagePort
  /** The one session that reads the export time and version, inside its snapshot. */
  readonly readsFacts: boolean
}

/** What the coordinator says: open the snapshot, load a table (its progress on a port of its own), end. */
export type ToSession =
  | { readonly type: 'snapshot' }
  | { readonly type: 'table'; readonly task: TableTask; readonly progress?: MessagePort }
  | { readonly type: 'end' }

/** What the session answers, one message per request, and `connected` first. */
export type FromSession =
  | { readonly type: 'connected' }
  | { readonly type: 'opened'; readonly facts: SnapshotFacts | undefined }
  | { readonly type: 'loaded'; readonly results: MemberResult[] }
  | { readonly type: 'failed'; readonly error: SessionError }

export interface SessionError { readonly code: string; readonly message: string; readonly hint: string | undefined }

export async function liveSession(task: LiveSessionTask): Promise<void> {
  const { source, port } = task
  const say = (m: FromSession): void => port.postMessage(m)
  const inbox = messagesOf(port)
  let connection: mysql.Connection | undefined
  try {
    connection = await connectSource(source)
    say({ type: 'connected' })
    for (let m = await inbox(); m.type !== 'end'; m = await inbox()) {
      if (m.type === 'snapshot') {
        const db = connection.promise()
        await startSnapshot(db, source)
        say({ type: 'opened', facts: task.readsFacts ? await snapshotFacts(db, source) : undefined })
      } else {
        serveLiveTables({ connection, source })
        try {
          say({ type: 'loaded', results: await loadTable(m.task, m.progress === undefined ? undefined : throttledProgress(m.progress)) })
        } finally {
          serveLiveTables(undefined)
          m.progress?.close()
        }
      }
    }
  } catch (e) {
    say({ type: 'failed', error: isHeirloomError(e) ? { code: e.code, message: e.message, hint: e.hint } : { code: 'SOURCE_FAILED', message: messageOf(e), hint: undefined } })
  } finally {
    connection?.destroy()
    port.close()
  }
}

/** The port's messages, one per call, in order. */
function messagesOf(port: MessagePort): () => Promise<ToSession> {
  const queued: ToSession[] = []
  const waiting: ((m: ToSession) => void)[] = []
  port.on('message', (m: ToSession) => {
    const w = waiting.shift()
    if (w === undefined) queued.push(m)
    else w(m)
  })
  return () => {
    const m = queued.shift()
    return m === undefined ? new Promise((resolve) => waiting.push(resolve)) : Promise.resolve(m)
  }
}
