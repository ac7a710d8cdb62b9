import { withPool } from '../ingest/pool'
import { scanDumps } from '../ingest/scan-dumps'
import type { DriftMatrix } from '../migrations/drift-matrix'
import { tableDrift } from '../migrations/table-drift'
import { configFrom, type ConfigSource } from './config-source'

export type { DriftMatrix }

/**
 * One table's columns × versions from the generated migrations: each
 * version's type, the mother's columns, and why a column left the mother.
 * With `dumps`, also the versions the dumps hold that no migration covers yet.
 */
export async function drift(source: ConfigSource, table: string, options: { readonly dumps?: boolean } = {}): Promise<DriftMatrix> {
  const config = configFrom(source)
  const dumps = options.dumps === true ? (await withPool(config.ingest.workers, (pools) => scanDumps(config, pools))).dumps : undefined
  return tableDrift(config, table, dumps)
}
