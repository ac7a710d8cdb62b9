import { withDatabase } from '../db/database'
import { forgetDump, type ForgetReport } from '../db/forget-dump'
import { configFrom, type ConfigSource } from './config-source'

export type { ForgetReport }

/** Removes a dump (its id or file name, as `status` lists it) and all its rows, atomically; the next ingest loads it again as new. */
export async function forget(source: ConfigSource, dump: string): Promise<ForgetReport> {
  const config = configFrom(source)
  return withDatabase(config, (url) => forgetDump(url, dump))
}
