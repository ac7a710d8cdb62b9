import { HeirloomError, isHeirloomError, messageOf, type ErrorCode } from '../errors'
import { pullSnapshot, type PulledSnapshot } from '../source/pull-snapshot'
import { configFrom, type ConfigSource } from './config-source'
import { run, type RunOptions, type RunReport } from './run'

/** A source whose snapshot could not be taken: nothing of it was written or loaded. */
export interface PullFailure {
  readonly source: string
  readonly code: ErrorCode
  readonly message: string
  readonly hint: string | undefined
}

export interface PullReport {
  readonly pulled: readonly PulledSnapshot[]
  readonly failed: readonly PullFailure[]
  /** The run that loaded them (scan → generate → migrate → ingest); undefined when no source could be pulled. */
  readonly run: RunReport | undefined
  readonly ok: boolean
}

export interface PullOptions extends RunOptions {
  /** Called as each source's snapshot is written, before the load starts. */
  readonly onPulled?: (snapshot: PulledSnapshot) => void
}

/**
 * Takes a consistent snapshot of each named source (all of `sources` when
 * none is named) and writes it as a dump into the dumps folder, then runs
 * scan → generate → migrate → ingest as `run` does: a pulled snapshot is
 * loaded, planned and bookkept as any dump (one pull = one dump).
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
  for (const s of chosen) {
    try {
      const snapshot = await pullSnapshot(config, s)
      pulled.push(snapshot)
      options.onPulled?.(snapshot)
    } catch (e) {
      if (!isHeirloomError(e)) throw e
      failed.push({ source: s.name, code: e.code, message: messageOf(e), hint: e.hint })
    }
  }
  if (pulled.length === 0) return { pulled, failed, run: undefined, ok: false }
  const loaded = await run(config, options)
  return { pulled, failed, run: loaded, ok: loaded.ok && failed.length === 0 }
}
