import { withDatabase } from '../db/database'
import { readStatus, statusFailed, type StatusReport } from '../db/status'
import { bookkeepingMetrics } from './metrics'
import { configFrom, type ConfigSource } from './config-source'

export type { StatusReport }
export { statusFailed }

/**
 * What the bookkeeping says about every dump (state, members, rows in files
 * = loaded + rejected, failures with PostgreSQL's fields) and about the
 * migrations (applied, pending, edited since). `statusFailed(report)` is the
 * exit-1 condition of `heirloom status`.
 */
export async function status(source?: ConfigSource): Promise<StatusReport> {
  const config = configFrom(source)
  return withDatabase(config, (url) => readStatus(url, config.migrations.directory))
}

/**
 * The bookkeeping's Prometheus metrics in the text exposition format
 * (`heirloom status --metrics`, for node_exporter's textfile collector).
 */
export async function statusMetrics(source?: ConfigSource): Promise<string> {
  const config = configFrom(source)
  return withDatabase(config, (url) => bookkeepingMetrics(url))
}
