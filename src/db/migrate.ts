import fs from 'node:fs'
import path from 'node:path'
import type { Config } from '../config/config'
import { HeirloomError, messageOf } from '../errors'
import { withClient } from './database'
import { knexSettings, registerTypeScript } from './knex-config'
import { verifyMigrations } from './migration-checksums'
import { FRAMEWORK_STAMP, frameworkMigrationsDirectory } from './package-root'

export interface MigrateReport {
  /** Migration files applied by this run, in order. */
  readonly applied: readonly string[]
  /** Applied migrations edited after they were applied (their edit is not in the database). */
  readonly edited?: readonly string[]
}

/** Applies every pending migration (the framework's and the generated ones) through Knex. */
export async function migrate(config: Config, url: string): Promise<MigrateReport> {
  ensureFrameworkMigration(config.migrations.directory)
  // One migrate at a time, under a session advisory lock: a second run waits, then finds nothing to do.
  // PostgreSQL drops the lock with a dead session, where Knex's own lock row would outlive a crash.
  return withClient(url, async (lock) => {
    await lock.query("SELECT pg_advisory_lock(hashtext('heirloom'), hashtext('migrate'))")
    const applied = await applyPending(config, url)
    // Checksums of what was just applied, and of what `npx knex` applied before.
    const verified = await verifyMigrations(lock, config.migrations.directory)
    return { applied, edited: verified.edited.map((e) => e.name) }
  })
}

async function applyPending(config: Config, url: string): Promise<string[]> {
  registerTypeScript()
  // Loaded here, not at the top: every other command (ingest's workers included) starts faster without Knex.
  const { default: knex } = await import('knex')
  const db = knex(knexSettings(config, url))
  try {
    // Holding the advisory lock, no other heirloom migrate runs: a Knex lock left by a crashed one is stale.
    await db.migrate.forceFreeMigrationsLock()
    const [, log] = (await db.migrate.latest()) as [number, string[]]
    return log.map((f) => path.basename(f))
  } catch (e) {
    throw new HeirloomError('DATABASE', `migration failed: ${messageOf(e)}`,
      'the failing migration file was rolled back (generated files before it stay applied); fix it (or the database) and run `heirloom migrate` again', { cause: e })
  } finally {
    await db.destroy()
  }
}

/**
 * The framework's migrations must sit beside the generated ones (Knex
 * applies one folder): copy each one missing there when the folder is not
 * heirloom's own.
 */
export function ensureFrameworkMigration(directory: string): void {
  fs.mkdirSync(directory, { recursive: true })
  for (const name of frameworkMigrations()) {
    const target = path.join(directory, name)
    if (!fs.existsSync(target)) fs.copyFileSync(path.join(frameworkMigrationsDirectory(), name), target)
  }
}

/** The framework's own migration files (bookkeeping, checksums), in order. */
export function frameworkMigrations(): string[] {
  return fs.readdirSync(frameworkMigrationsDirectory()).filter((f) => f.startsWith(`${FRAMEWORK_STAMP}_`) && f.endsWith('.ts')).sort()
}
