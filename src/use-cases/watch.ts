import fs from 'node:fs'
import path from 'node:path'
import chokidar, { type FSWatcher } from 'chokidar'
import picomatch from 'picomatch'
import type { WatchSettings } from '../config/config'
import { isDumpName } from '../dump/find-dumps'
import type { IngestOptions } from './ingest'
import { configFrom, type ConfigSource } from './config-source'
import { run as runPipeline, type RunReport } from './run'

/** A sender writes `X.zip.part` (or `X.zip.tmp`) and renames it to `X.zip` when done: the rename says the dump is complete. */
export const IN_PROGRESS_SUFFIXES: readonly string[] = ['.part', '.tmp']

export type WatchEvent =
  | { readonly kind: 'watching'; readonly folder: string; readonly polling: boolean }
  | { readonly kind: 'polling-fallback'; readonly reason: string }
  | { readonly kind: 'arrived'; readonly file: string }
  | { readonly kind: 'complete'; readonly file: string; readonly how: 'stable' | 'renamed' }
  | { readonly kind: 'run-started'; readonly files: readonly string[] }
  | { readonly kind: 'run-finished'; readonly report: RunReport; readonly seconds: number }
  | { readonly kind: 'run-failed'; readonly error: unknown; readonly seconds: number }

export interface WatchOptions {
  /** The ingest callbacks of each run (progress, log events). */
  readonly runOptions?: () => IngestOptions
  readonly onEvent?: (event: WatchEvent) => void
  /** Aborting stops watching; a run in progress is left to finish. */
  readonly signal?: AbortSignal
}

/**
 * `heirloom watch`: runs the pipeline (scan → generate → migrate → ingest)
 * whenever complete dumps have arrived in `dumps.path`, and keeps going. A
 * dump is complete once its size and modification time have not changed
 * for `watch.stabilityMs`, or at once when it was renamed into place from
 * `X.part`/`X.tmp`. A burst of arrivals is one run: a run starts only when
 * no dump is still arriving, and arrivals during a run make one more run.
 * A run that fails is reported and the watch goes on. Files still arriving
 * are left out of every run. Resolves when `signal` aborts.
 */
export async function watchDumps(source?: ConfigSource, options: WatchOptions = {}): Promise<void> {
  const config = configFrom(source)
  const folder = watchedFolder(config.dumps.path)
  const emit = (e: WatchEvent): void => options.onEvent?.(e)
  const pending = new Map<string, { size: number; mtimeMs: number; since: number }>()
  const complete = new Set<string>()
  const partials = new Set<string>()
  let fresh = false
  let running: Promise<void> | undefined

  const arrived = (file: string): void => {
    const plain = IN_PROGRESS_SUFFIXES.find((s) => file.endsWith(s))
    if (plain !== undefined) {
      partials.add(file)
      return
    }
    if (!isDumpName(file)) return
    complete.delete(file)
    const renamed = IN_PROGRESS_SUFFIXES.map((s) => file + s).find((p) => partials.has(p) && !fs.existsSync(p))
    if (renamed !== undefined) {
      partials.delete(renamed)
      pending.delete(file)
      markComplete(file, 'renamed')
      return
    }
    emit({ kind: 'arrived', file })
    pending.set(file, { ...stamp(file), since: Date.now() })
  }
  const markComplete = (file: string, how: 'stable' | 'renamed'): void => {
    complete.add(file)
    fresh = true
    emit({ kind: 'complete', file, how })
  }
  const gone = (file: string): void => {
    pending.delete(file)
    complete.delete(file)
    if (!IN_PROGRESS_SUFFIXES.some((s) => file.endsWith(s))) partials.delete(file)
  }
  const tick = (): void => {
    const now = Date.now()
    for (const [file, seen] of pending) {
      const current = stamp(file)
      if (current.size !== seen.size || current.mtimeMs !== seen.mtimeMs) pending.set(file, { ...current, since: now })
      else if (now - seen.since >= config.watch.stabilityMs) {
        pending.delete(file)
        markComplete(file, 'stable')
      }
    }
    if (fresh && pending.size === 0 && running === undefined && options.signal?.aborted !== true) running = run().finally(() => { running = undefined })
  }
  const run = async (): Promise<void> => {
    fresh = false
    const started = performance.now()
    emit({ kind: 'run-started', files: [...complete].sort() })
    try {
      const report = await runPipeline(config, options.runOptions?.() ?? {}, (f) => complete.has(f) && !pending.has(f))
      emit({ kind: 'run-finished', report, seconds: (performance.now() - started) / 1000 })
    } catch (e) {
      emit({ kind: 'run-failed', error: e, seconds: (performance.now() - started) / 1000 })
    }
  }

  let polling = config.watch.usePolling
  const fallBack = (e: unknown): void => {
    if (polling) return
    // inotify watches run out (ENOSPC), too many open files, a share that sends no events: poll instead.
    polling = true
    emit({ kind: 'polling-fallback', reason: e instanceof Error ? e.message : String(e) })
    void watcher.close()
    watcher = startWatcher(folder, { ...config.watch, usePolling: true }, { arrived, gone, failed: fallBack })
  }
  let watcher = startWatcher(folder, config.watch, { arrived, gone, failed: fallBack })
  await new Promise<void>((resolve) => watcher.once('ready', resolve))
  emit({ kind: 'watching', folder, polling })
  const timer = setInterval(tick, Math.max(50, Math.min(250, Math.floor(config.watch.stabilityMs / 4))))
  try {
    await new Promise<void>((resolve) => {
      if (options.signal?.aborted === true) resolve()
      options.signal?.addEventListener('abort', () => resolve(), { once: true })
    })
  } finally {
    clearInterval(timer)
    await watcher.close()
    await running
  }
}

/** The folder to watch: `dumps.path`, or the fixed part of a glob. */
function watchedFolder(dumpsPath: string): string {
  const scanned = picomatch.scan(dumpsPath)
  return scanned.isGlob ? (scanned.base === '' ? '.' : scanned.base) : dumpsPath
}

interface WatcherEvents {
  readonly arrived: (file: string) => void
  readonly gone: (file: string) => void
  readonly failed: (e: unknown) => void
}

function startWatcher(folder: string, settings: WatchSettings, on: WatcherEvents): FSWatcher {
  const watcher = chokidar.watch(folder, {
    ignoreInitial: false,
    usePolling: settings.usePolling,
    interval: settings.pollIntervalMs,
    binaryInterval: settings.pollIntervalMs,
    // heirloom's own folder (decrypted copies) is never a dump that arrived.
    ignored: (p: string) => path.relative(folder, p).split(path.sep).includes('.heirloom'),
  })
  watcher.on('add', on.arrived).on('change', on.arrived).on('unlink', on.gone).on('error', on.failed)
  return watcher
}

function stamp(file: string): { size: number; mtimeMs: number } {
  try {
    const s = fs.statSync(file)
    return { size: s.size, mtimeMs: s.mtimeMs }
  } catch {
    return { size: -1, mtimeMs: -1 }
  }
}
