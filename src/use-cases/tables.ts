import type { Config } from '../config/config'
import { tableNamesOf, type TableNames } from '../dump/catalogue'
import type { ScannedDump } from '../dump/scan-dump'
import { readExistingMigrations } from '../migrations/existing-migrations'

/** The table names generate gave: the migrations' records first, then the same rule over the same dumps. */
export function tableNamesFor(config: Config, dumps: readonly ScannedDump[]): TableNames {
  return tableNamesOf(dumps, readExistingMigrations(config.migrations.directory).tables, config)
}
