/**
 * One point in time across parallel connections, for `heirloom pull`.
 *
 * Design (the mydumper technique): the tables of a source load in k =
 * min(ingest.workers, tables) worker threads, each holding ONE connection to
 * the source inside `START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY`
 * (a live session, live-session.ts: a Piscina task that keeps its thread for
 * the whole pull, so k sessions are on k distinct threads). The coordinator
 * (here, in the main thread) makes those k snapshots one point in time:
 * 1. a locker connection lists the tables (INFORMATION_SCHEMA) and the k
 *    sessions connect — all before any lock, to keep the lock window short;
 * 2. the locker takes `LOCK TABLES <every pulled table> READ` (writers wait);
 * 3. every session opens its snapshot; session 0 then reads the export time
 *    (the source's clock) and the version inside its snapshot (the locker
 *    cannot: START TRANSACTION would release its lock, and a session holding
 *    LOCK TABLES reads only the locked tables);
 * 4. the locker unlocks and disconnects.
 * When the lock is refused (no LOCK TABLES grant), the pull falls back to
 * ONE session that loads the tables one after another — consistent, slower —
 * and says so (`note`). Consistency is never given up for speed.
 *
 * Each table is then sent to a free session over its MessagePort and loaded
 * there with `loadTable`, as a dump's table: its own transaction and leaf,
 * its rows streamed from the session's connection (`withMemberBytes`). A
 * session whose connection is lost fails the table it was reading (named);
 * the dump then never switches.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads'
import type { Config, LiveSource } from '../../config/config'
import type { ScannedDump } from '../../dump/scan-dump'
import { HeirloomError, type ErrorCode } from '../../errors'
import { liveDump } from '../../source/live-dump'
import { connectSource, sourceError } from '../../source/mysql-connection'
import { quoteMysql, sourceTables, type SnapshotFacts } from '../../source/read-source-schema'
import type { LoadProgress } from '../load-progress'
import type { WorkerPools } from '../pool'
import type { MemberResult, TableTask } from '../table-task'
import type { FromSession, ToSession } from './live-session'

/** A source's snapshot, open in its sessions: the dump it is, and how its tables load. */
export interface LiveSnapshot {
  readonly dump: ScannedDump
  /** How many sessions (connections in the snapshot) load the tables. */
  readonly sessions: number
  /** Said once when the pull could not run in parallel (the lock was refused). */
  readonly note: string | undefined
  /** Loads one table of the dump on a free session. */
  load(task: TableTask, onProgress?: (p: LoadProgress) => void): Promise<MemberResult[]>
  /** Ends every session (their snapshots close); waits for them. */
  end(): Promise<void>
}

/** The MySQL error codes of a refused grant: LOCK TABLES refused for lack of the LOCK TABLES privilege. */
const REFUSED = new Set(['ER_DBACCESS_DENIED_ERROR', 'ER_TABLEACCESS_DENIED_ERROR', 'ER_SPECIFIC_ACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_ERROR'])

export async function openLiveSnapshot(config: Config, pools: WorkerPools, source: LiveSource): Promise<LiveSnapshot> {
  const locker = await connectSource(source)
  const sessions: Session[] = []
  try {
    const db = locker.promise()
    const tables = await sourceTables(db, source)
    for (let i = 0; i < Math.min(config.ingest.workers, tables.size); i++) sessions.push(new Session(pools, source, i === 0))
    await Promise.all(sessions.map((s) => s.expect('connected')))
    let locked = false
    let note: string | undefined
    if (sessions.length > 1) {
      try {
        await db.query(`LOCK TABLES ${[...tables.keys()].map((t) => `${quoteMysql(source.database)}.${quoteMysql(t)} READ`).join(', ')}`)
        locked = true
      } catch (e) {
        const err = sourceError(source, undefined, e)
        if (!REFUSED.has(String((e as { code?: unknown }).code))) throw err
        note = `${err.message.replace(/: the user lacks a grant: /, ': LOCK TABLES refused: ')}; the ${tables.size} tables are read one after another on one snapshot connection (GRANT LOCK TABLES to read ${sessions.length} at once)`
        for (const s of sessions.splice(1)) await s.end()
      }
    }
    const opened = await Promise.all(sessions.map((s) => s.ask({ type: 'snapshot' }, 'opened')))
    if (locked) await db.query('UNLOCK TABLES')
    const facts = (opened[0] as { facts: SnapshotFacts }).facts
    return new Snapshot(liveDump(config, source, tables, facts), sessions, note)
  } catch (e) {
    await Promise.all(sessions.map((s) => s.end()))
    throw e
  } finally {
    locker.destroy()
  }
}

class Snapshot implements LiveSnapshot {
  private readonly idle: Session[]
  private readonly waiting: ((s: Session) => void)[] = []

  constructor(readonly dump: ScannedDump, private readonly all: readonly Session[], readonly note: string | undefined) {
    this.idle = [...all]
  }

  get sessions(): number { return this.all.length }

  async load(task: TableTask, onProgress?: (p: LoadProgress) => void): Promise<MemberResult[]> {
    const session = this.idle.shift() ?? await new Promise<Session>((resolve) => this.waiting.push(resolve))
    try {
      if (onProgress === undefined) return (await session.ask({ type: 'table', task }, 'loaded') as { results: MemberResult[] }).results
      const { port1, port2 } = new MessageChannel()
      port1.on('message', onProgress)
      try {
        return (await session.ask({ type: 'table', task, progress: port2 }, 'loaded', [port2]) as { results: MemberResult[] }).results
      } finally {
        port1.close()
      }
    } finally {
      const next = this.waiting.shift()
      if (next === undefined) this.idle.push(session)
      else next(session)
    }
  }

  async end(): Promise<void> {
    await Promise.all(this.all.map((s) => s.end()))
  }
}

/** The coordinator's end of one live session: one request at a time, its answer, or why the session is gone. */
class Session {
  private readonly port: MessagePort
  private readonly received: FromSession[] = []
  private waiter: { resolve: (m: FromSession) => void; reject: (e: unknown) => void } | undefined
  private gone: unknown
  private readonly done: Promise<void>

  constructor(pools: WorkerPools, private readonly source: LiveSource, readsFacts: boolean) {
    const { port1, port2 } = new MessageChannel()
    this.port = port1
    port1.on('message', (m: FromSession) => {
      const w = this.waiter
      this.waiter = undefined
      if (w === undefined) this.received.push(m)
      else w.resolve(m)
    })
    // The port closes after the session's last message is delivered: a session that stops says why first.
    port1.on('close', () => this.stop(new Error('the session ended')))
    this.done = pools.runLiveSession({ source, port: port2, readsFacts }).catch((e: unknown) => this.stop(e))
  }

  /** The next message, which must be of `type`; a `failed` one is thrown as the error it carries. */
  async expect(type: FromSession['type']): Promise<FromSession> {
    const m = this.received.shift() ?? await new Promise<FromSession>((resolve, reject) => {
      if (this.gone !== undefined) reject(this.gone)
      else this.waiter = { resolve, reject }
    })
    if (m.type === 'failed') {
      this.gone = new HeirloomError(m.error.code as ErrorCode, m.error.message, m.error.hint)
      throw this.gone
    }
    if (m.type !== type) throw new Error(`a live session answered ${m.type} where ${type} was due`)
    return m
  }

  async ask(m: ToSession, answer: FromSession['type'], transfer: MessagePort[] = []): Promise<FromSession> {
    if (this.gone !== undefined) throw this.gone
    this.port.postMessage(m, transfer)
    return this.expect(answer)
  }

  async end(): Promise<void> {
    if (this.gone === undefined) this.port.postMessage({ type: 'end' } satisfies ToSession)
    await this.done
  }

  private stop(e: unknown): void {
    this.gone ??= e instanceof HeirloomError ? e : sourceError(this.source, undefined, e)
    const w = this.waiter
    this.waiter = undefined
    w?.reject(this.gone)
  }
}
