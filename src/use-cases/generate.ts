import fs from 'node:fs'
import path from 'node:path'
import type { Config } from '../config/config'
import { embeddedDataDir, withClient, withDatabase } from '../db/database'
import { serverDataDir } from '../db/embedded-server'
import { verifyMigrations, type MigrationsStatus } from '../db/migration-checksums'
import { withPool } from '../ingest/pool'
import type { ScanReport } from '../ingest/scan-dumps'
import { scanDumpsAndSources } from './scan'
import { generateMigrations, type GenerateReport } from '../migrations/generate'
import { configFrom, type ConfigSource } from './config-source'

export interface GenerateOptions {
  /** Write nothing; report versions no migration covers and applied migrations edited since (a CI gate). */
  readonly check?: boolean
  /** Say what would be written; write nothing. */
  readonly dryRun?: boolean
}

export interface GenerateResult {
  readonly scan: ScanReport
  readonly generate: GenerateReport
  /** With `check`: the applied migrations as the database has them (undefined when it has none yet). */
  readonly migrations: MigrationsStatus | undefined
}

/**
 * Writes one reviewable Knex migration per newly discovered application
 * version (of the dumps and the live sources) into `migrations.directory`;
 * deterministic, never overwrites.
 */
export async function generate(source?: ConfigSource, options: GenerateOptions = {}): Promise<GenerateResult> {
  const config = configFrom(source)
  const scanned = await withPool(config.ingest.workers, (pools) => scanDumpsAndSources(config, pools))
  const report = generateMigrations(config, scanned.dumps, { check: options.check, dryRun: options.dryRun })
  // The gate also fails on an applied migration edited since: the database does not have the edit.
  const migrations = options.check === true ? await checkAppliedMigrations(config) : undefined
  return { scan: scanned, generate: report, migrations }
}

/**
 * For `generate --check`: verifies the configured database, but does not
 * create one — with no `database.url` and no embedded data folder yet, no
 * migration can have been applied, and a CI gate should not initialise a server.
 */
async function checkAppliedMigrations(config: Config): Promise<MigrationsStatus | undefined> {
  if (config.database.url === undefined && !fs.existsSync(path.join(serverDataDir(embeddedDataDir(config)), 'PG_VERSION'))) return undefined
  return withDatabase(config, (url) => withClient(url, (client) => verifyMigrations(client, config.migrations.directory)))
}
