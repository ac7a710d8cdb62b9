import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type pg from 'pg'
import { FRAMEWORK_STAMP } from './package-root'

/** An applied migration whose file no longer says what it said when it was applied. */
export interface EditedMigration {
  readonly name: string
  /** sha256 of the file when it was applied (or first seen applied). */
  readonly appliedSha256: string
  readonly currentSha256: string
}

/** How the migration folder stands against the database (`heirloom status`, `generate --check`). */
export interface MigrationsStatus {
  /** Migrations Knex has applied, in order of application. */
  readonly applied: readonly string[]
  /** Files in the folder Knex has not applied yet. */
  readonly pending: readonly string[]
  /** Applied migrations edited since: Knex will not run them again, so the database does not have the edit. */
  readonly edited: readonly EditedMigration[]
  /** Applied migrations whose file is gone from the folder. */
  readonly missing: readonly string[]
  /** False while the checksums migration is not applied: nothing could be verified. */
  readonly verified: boolean
}

/** Knex's default table, found through the search path as Knex finds it. */
const KNEX_MIGRATIONS = 'knex_migrations'
const MIGRATION_FILE = /\.(ts|js)$/

interface AppliedRow {
  readonly name: string
  readonly appliedAt: string
  readonly sha256: string | null
  readonly sameApplication: boolean
}

/**
 * Records the checksum of every applied migration that has none yet (applied
 * by `npx knex migrate:latest`, say) or was applied again since, then
 * compares the others with their files. The framework's own migrations are
 * heirloom's to change and are not checked.
 */
export async function verifyMigrations(client: pg.Client, directory: string): Promise<MigrationsStatus> {
  const files = migrationFiles(directory)
  const exists = await client.query<{ knex: boolean; sums: boolean }>(
    `SELECT to_regclass('${KNEX_MIGRATIONS}') IS NOT NULL AS knex, to_regclass('heirloom.migration_checksums') IS NOT NULL AS sums`)
  const { knex, sums } = exists.rows[0]
  if (!knex) return { applied: [], pending: files, edited: [], missing: [], verified: false }
  const rows = await appliedRows(client, sums)
  const applied = rows.map((r) => r.name)
  const inFolder = new Set(files)
  const edited: EditedMigration[] = []
  for (const row of rows) {
    if (!sums || row.name.startsWith(`${FRAMEWORK_STAMP}_`) || !inFolder.has(row.name)) continue
    const current = fileChecksum(path.join(directory, row.name))
    if (row.sha256 !== null && row.sameApplication) {
      if (row.sha256 !== current) edited.push({ name: row.name, appliedSha256: row.sha256, currentSha256: current })
    } else {
      await recordChecksum(client, row, current)
    }
  }
  const done = new Set(applied)
  return { applied, pending: files.filter((f) => !done.has(f)), edited, missing: applied.filter((a) => !inFolder.has(a)), verified: sums }
}

/**
 * sha256 of a migration file's text, line endings normalised: a checkout
 * that turns LF into CRLF has not edited the migration.
 */
export function fileChecksum(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n')).digest('hex')
}

async function appliedRows(client: pg.Client, sums: boolean): Promise<AppliedRow[]> {
  // migration_time goes through text: a JS Date would drop the microseconds and never compare equal.
  const sql = sums
    ? `SELECT k.name, k.migration_time::text AS "appliedAt", c.sha256, coalesce(c.applied_at = k.migration_time, false) AS "sameApplication"
       FROM ${KNEX_MIGRATIONS} k LEFT JOIN heirloom.migration_checksums c ON c.name = k.name ORDER BY k.id`
    : `SELECT k.name, k.migration_time::text AS "appliedAt", NULL AS sha256, false AS "sameApplication" FROM ${KNEX_MIGRATIONS} k ORDER BY k.id`
  return (await client.query<AppliedRow>(sql)).rows
}

async function recordChecksum(client: pg.Client, row: AppliedRow, sha256: string): Promise<void> {
  // Two heirloom processes may record at once; the first one's row stands.
  await client.query(`
    INSERT INTO heirloom.migration_checksums (name, sha256, applied_at) VALUES ($1, $2, $3::timestamptz)
    ON CONFLICT (name) DO UPDATE SET sha256 = EXCLUDED.sha256, applied_at = EXCLUDED.applied_at, recorded_at = now()
    WHERE migration_checksums.applied_at IS DISTINCT FROM EXCLUDED.applied_at`, [row.name, sha256, row.appliedAt])
}

function migrationFiles(directory: string): string[] {
  if (!fs.existsSync(directory)) return []
  return fs.readdirSync(directory).filter((f) => MIGRATION_FILE.test(f) && !f.endsWith('.d.ts')).sort()
}
