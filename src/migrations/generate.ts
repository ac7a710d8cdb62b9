import fs from 'node:fs'
import path from 'node:path'
import type { Config } from '../config/config'
import { HeirloomError } from '../errors'
import { versionSchemas } from '../dump/catalogue'
import type { ScannedDump } from '../dump/scan-dump'
import { ensureFrameworkMigration } from '../db/migrate'
import { refuseTooWideTables, type RefusedTable } from './check-limits'
import { readExistingMigrations } from './existing-migrations'
import { planMigrations, type MigrationPlan } from './plan'
import { renderMigration } from './render'

export interface GenerateOptions {
  /** Write nothing; report the versions no migration covers. */
  readonly check?: boolean
  readonly dryRun?: boolean
}

export interface GenerateReport {
  /** One per version no migration covered before this run. */
  readonly planned: readonly { readonly file: string; readonly application: string; readonly version: string; readonly summary: readonly string[] }[]
  /** Files written (empty for --check and --dry-run). */
  readonly written: readonly string[]
  readonly warnings: readonly string[]
  /** Tables PostgreSQL could not hold (too many columns): no migration written; the exit code says so. */
  readonly refused: readonly RefusedTable[]
}

/**
 * Writes one migration file per application version the dumps hold and the
 * migration folder does not cover yet. Never overwrites a file: the folder
 * (what is committed and reviewed) is the state it plans against.
 */
export function generateMigrations(config: Config, dumps: readonly ScannedDump[], options: GenerateOptions = {}): GenerateReport {
  const directory = config.migrations.directory
  const existing = readExistingMigrations(directory)
  const schemas = versionSchemas(dumps, config, existing.tables)
  const { versions, refused } = refuseTooWideTables(schemas.versions)
  const warnings = schemas.warnings
  const plans = planMigrations(config.target.schema, existing, versions)
  const planned = plans.map((p) => ({ file: path.join(directory, `${p.name}.ts`), application: p.version.application, version: p.version.version, summary: p.tables.map((t) => t.summary) }))
  if (options.check === true || options.dryRun === true) return { planned, written: [], warnings, refused }
  ensureFrameworkMigration(directory)
  const written = plans.map((p) => writeMigration(directory, p))
  return { planned, written, warnings, refused }
}

function writeMigration(directory: string, plan: MigrationPlan): string {
  const file = path.join(directory, `${plan.name}.ts`)
  // Written aside, then linked into place: link() never overwrites a file someone may have edited,
  // and a concurrent generate never reads a half-written one.
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, renderMigration(plan))
  try {
    fs.linkSync(tmp, file)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    throw new HeirloomError('CONCURRENT_RUN', `${file} appeared while generate was writing it: another generate ran at the same moment`,
      'run `heirloom generate` again: it plans against the files now there')
  } finally {
    fs.unlinkSync(tmp)
  }
  return file
}
