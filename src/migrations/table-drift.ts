import type { Config } from '../config/config'
import { versionSchemas } from '../dump/catalogue'
import type { ScannedDump } from '../dump/scan-dump'
import { HeirloomError } from '../errors'
import { driftMatrix, type DriftMatrix } from './drift-matrix'
import { readExistingMigrations } from './existing-migrations'
import { versionKey } from '../schema/versions'

/**
 * The drift matrix of one table as the migration folder records it (the
 * version blocks: what the database has, hand edits included), plus, given
 * the dumps, the versions no migration covers yet. `table` is the mother's
 * name or the dump's table name, in any case.
 */
export function tableDrift(config: Config, table: string, dumps?: readonly ScannedDump[]): DriftMatrix {
  const directory = config.migrations.directory
  const existing = readExistingMigrations(directory)
  const covered = new Set(existing.versions)
  const pending = dumps === undefined ? [] : versionSchemas(dumps, config, existing.tables).versions
    .filter((v) => !covered.has(versionKey(v.application, v.version)))
    .flatMap((v) => v.tables)
  const known = [...existing.tables, ...pending]
  const wanted = table.toLowerCase()
  const match = known.find((t) => t.table === table) ?? known.find((t) => t.table.toLowerCase() === wanted || t.sourceName.toLowerCase() === wanted)
  if (match === undefined) {
    const names = [...new Set(known.map((t) => t.table))].sort()
    throw new HeirloomError('USAGE', `no table "${table}" in the migrations of ${directory}${dumps === undefined ? '' : ' or in the dumps'}`,
      names.length === 0 ? 'run `heirloom generate` first (or pass --dumps to read the dumps)' : `name one of: ${names.join(', ')}`)
  }
  return driftMatrix(match.table, existing.tables, pending)
}
