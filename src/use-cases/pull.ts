import type pg from 'pg'
import type { Config, LiveSource } from '../config/config'
import { tryPullLock, unfinishedDumpsNamed } from '../db/bookkeeping'
import { withClient, withDatabase } from '../db/database'
import { forgetDump } from '../db/forget-dump'
import { pauseAt } from '../db/test-pause'
import { HeirloomError, isHeirloomError, messageOf, type ErrorCode } from '../errors'
import { openLiveSnapshot } from '../ingest/live/live-snapshot'
import { withPool, type WorkerPools } from '../ingest/pool'
import { livePullPrefix } from '../source/mysql-connection'
import { configFrom, type ConfigSource } from './config-source'
import { loadScanned, type RunOptions, type RunReport } from './run'

/** A source whose snapshot could not be opened: nothing of it was loaded. */
export interface PullFailure {
  readonly source: string
  readonly code: ErrorCode
  readonly message: string
  readonly hint: string | undefined
}

/** A source's snapshot as it opened, before any row is read. */
export interface PulledSnapshot {
  readonly source: string
  /** The dump's label in the bookkeeping: `source <name> (<host>:<port>, database <db>)`. */
  readonly file: string
  /** The snapshot's start on the source's clock. */
  readonly exportedAt: string
  readonly version: string
  readonly tables: number
  /** Connections that read the tables in parallel, all at the same point in time. */
  readonly connections: number
  /** Said when the tables could not be read in parallel (LOCK TABLES refused). */
  readonly note: string | undefined
}

export interface PullReport {
  readonly pulled: readonly PulledSnapshot[]
  readonly failed: readonly PullFailure[]
  /** Per pulled source, the generate → migrate → ingest of its snapshot. */
  readonly runs: readonly RunReport[]
  readonly ok: boolean
}

export interface PullOptions extends RunOptions {
  /** Called as each source's snapshot opens, before its tables load. */
  readonly onPulled?: (snapshot: PulledSnapshot) => void
}

/**
 * Loads each named source (all of `sources` when none is named) as one
 * dump, one source after another: its snapshot opens in the worker pool
 * (ingest/live/live-snapshot.ts), then generate → migrate → ingest → switch
 * run on it as on a dump file, its tables' rows streamed from the source
 * straight into COPY. No file is written. Before loading, the source's
 * earlier pulls that never switched (killed or failed: their snapshot is
 * gone) are forgotten, leaves and bookkeeping, so a re-run loads exactly
 * once. One pull of a source at a time (an advisory lock).
 */
export async function pull(source?: ConfigSource, names: readonly string[] = [], options: PullOptions = {}): Promise<PullReport> {
  const config = configFrom(source)
  if (config.sources.length === 0) {
    throw new HeirloomError('CONFIG_INVALID', `${config.file ?? 'the default configuration'}: no sources are configured, so there is nothing to pull`,
      'add a sources: list (name, url, database, version or versionQuery) to the config')
  }
  const unknown = names.filter((n) => !config.sources.some((s) => s.name === n))
  if (unknown.length > 0) {
    throw new HeirloomError('USAGE', `no source is named ${unknown.join(', ')}`, `name one of: ${config.sources.map((s) => s.name).join(', ')}`)
  }
  const chosen = names.length === 0 ? config.sources : config.sources.filter((s) => names.includes(s.name))
  const pulled: PulledSnapshot[] = []
  const failed: PullFailure[] = []
  const runs: RunReport[] = []
  await withPool(config.ingest.workers, (pools) => withDatabase(config, async (url) => {
    for (const s of chosen) {
      try {
        runs.push(await pullOne(config, url, pools, s, options, (p) => pulled.push(p)))
      } catch (e) {
        if (!isHeirloomError(e)) throw e
        failed.push({ source: s.name, code: e.code, message: messageOf(e), hint: e.hint })
      }
    }
  }))
  return { pulled, failed, runs, ok: failed.length === 0 && runs.every((r) => r.ok) }
}

async function pullOne(config: Config, url: string, pools: WorkerPools, source: LiveSource, options: PullOptions, opened: (p: PulledSnapshot) => void): Promise<RunReport> {
  return withClient(url, async (guard) => {
    await holdPullLock(guard, source)
    const snapshot = await openLiveSnapshot(config, pools, source)
    const { dump } = snapshot
    try {
      pools.serveLive(dump.file, snapshot)
      const p: PulledSnapshot = {
        source: source.name, file: dump.file, exportedAt: dump.identity.exportedAt ?? '', version: dump.identity.version,
        tables: dump.tables.length, connections: snapshot.sessions, note: snapshot.note,
      }
      opened(p)
      options.onPulled?.(p)
      await pauseAt(guard, 'snapshot-opened', { inTransaction: false })
      const scan = { dumps: [dump], failed: [] }
      options.onScanned?.(scan)
      return await loadScanned(config, url, pools, scan, options, () => forgetUnfinishedPulls(url, guard, source))
    } finally {
      pools.serveLive(dump.file, undefined)
      await snapshot.end()
    }
  })
}

/** One pull of a source at a time: the lock is held as long as `client` (the pull). */
async function holdPullLock(client: pg.Client, source: LiveSource): Promise<void> {
  if (!(await tryPullLock(client, source.name))) {
    throw new HeirloomError('CONCURRENT_RUN', `source ${source.name}: another heirloom pull of it is running against this database`,
      `wait for it to end, then run \`heirloom pull ${source.name}\` again if needed`)
  }
}

/** Forgets (leaves and bookkeeping) the source's earlier pulls that never switched: their snapshots are gone, they can never finish. */
async function forgetUnfinishedPulls(url: string, client: pg.Client, source: LiveSource): Promise<void> {
  for (const id of await unfinishedDumpsNamed(client, livePullPrefix(source))) await forgetDump(url, String(id))
}
