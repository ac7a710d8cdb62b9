import path from 'node:path'
import { MessageChannel, type Worker } from 'node:worker_threads'
import { Piscina } from 'piscina'
import { holdPlaintexts, releasePlaintexts } from '../dump/decrypt-dump'
import { packageRoot } from '../db/package-root'
import type { LoadProgress } from './load-progress'
import type { ScanResult, ScanTask } from './scan-worker'
import type { MemberResult, TableTask } from './table-task'
import type { LiveSessionTask } from './live/live-session'

/** A compiled worker module; when this module runs as TypeScript (knexfile, seeds via ts-node) the one in dist/. */
function workerFile(name: string): string {
  return __filename.endsWith('.ts') ? path.join(packageRoot(), 'dist', 'src', 'ingest', name) : path.join(__dirname, name)
}

/**
 * The worker threads of one use case: dumps are scanned and tables loaded
 * in pools of their own (`ingest.workers` threads each, started at first
 * use). A thread that loads never holds the dump parsers (DDL, format
 * files): with them loaded, the same thread's COPY of the bench's 1M-row
 * bcp member cost 0.3 s more CPU (measured A/B). Scanning is over once
 * loading starts, so the scan threads are let go then.
 */
export class WorkerPools {
  private scanning: Piscina | undefined
  private loading: Piscina | undefined
  private scanEnded: Promise<void> | undefined

  private readonly plaintexts: string[] = []
  /** Live dumps (`heirloom pull`) by file: their tables load through their snapshot's sessions (live/live-snapshot.ts). */
  private readonly live = new Map<string, LiveLoader>()

  constructor(private readonly workers: number) {}

  /** Decrypted dump copies to remove when the use case ends (at exit at the latest). */
  removeAtEnd(files: readonly string[]): void {
    holdPlaintexts(files)
    this.plaintexts.push(...files)
  }

  scan(task: ScanTask): Promise<ScanResult> {
    this.scanning ??= this.start('scan-worker.js')
    return this.scanning.run(task, { name: 'scan' }) as Promise<ScanResult>
  }

  /** `onProgress`: told the counts of the member being loaded, at most ~10 times a second, through a MessagePort of the task's own. */
  async load(task: TableTask, onProgress?: (p: LoadProgress) => void): Promise<MemberResult[]> {
    if (this.scanning !== undefined) {
      this.scanEnded = this.scanning.destroy()
      this.scanning = undefined
    }
    if (task.live !== undefined) {
      const live = this.live.get(task.dumpFile)
      if (live === undefined) throw new Error(`${task.dumpFile}: no snapshot is open for its table ${task.table}`)
      return live.load(task, onProgress)
    }
    this.loading ??= this.start('load-worker.js')
    if (onProgress === undefined) return this.loading.run(task, { name: 'load' }) as Promise<MemberResult[]>
    const { port1, port2 } = new MessageChannel()
    port1.on('message', onProgress)
    try {
      return await (this.loading.run({ ...task, progress: port2 }, { name: 'load', transferList: [port2] }) as Promise<MemberResult[]>)
    } finally {
      port1.close()
    }
  }

  /** A live session: holds a loading thread until the coordinator ends it (live/live-session.ts). */
  runLiveSession(task: LiveSessionTask): Promise<void> {
    this.loading ??= this.start('load-worker.js')
    return this.loading.run(task, { name: 'liveSession', transferList: [task.port] }) as Promise<void>
  }

  /** Routes the tables of the live dump `file` to `loader` (undefined: no more). */
  serveLive(file: string, loader: LiveLoader | undefined): void {
    if (loader === undefined) this.live.delete(file)
    else this.live.set(file, loader)
  }

  /** The threads loading tables now. */
  get loadThreads(): readonly Worker[] {
    return this.loading?.threads ?? []
  }

  async destroy(): Promise<void> {
    try {
      await Promise.all([this.scanEnded, this.scanning?.destroy(), this.loading?.destroy()])
    } finally {
      releasePlaintexts(this.plaintexts)
    }
  }

  private start(file: string): Piscina {
    // Tasks are whole dumps or tables: queue them all (no maxQueue), free workers pull the next.
    return new Piscina({ filename: workerFile(file), minThreads: 1, maxThreads: this.workers })
  }
}

/** What loads a live dump's tables (live/live-snapshot.ts). */
export interface LiveLoader {
  load(task: TableTask, onProgress?: (p: LoadProgress) => void): Promise<MemberResult[]>
}

/** The worker pools for one use case, destroyed after fn. */
export async function withPool<T>(workers: number, fn: (pools: WorkerPools) => Promise<T>): Promise<T> {
  const pools = new WorkerPools(workers)
  try {
    return await fn(pools)
  } finally {
    await pools.destroy()
  }
}
