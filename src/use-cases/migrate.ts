import { withDatabase } from '../db/database'
import { migrate as applyMigrations, type MigrateReport } from '../db/migrate'
import { configFrom, type ConfigSource } from './config-source'

export type { MigrateReport }

/** Applies every pending migration, the framework's and the generated ones (the same as `npx knex migrate:latest`). */
export async function migrate(source?: ConfigSource): Promise<MigrateReport> {
  const config = configFrom(source)
  return withDatabase(config, (url) => applyMigrations(config, url))
}
