import path from 'node:path'
import type { MigrationsStatus } from '../db/migration-checksums'

/** The `migrations` section of `heirloom status` and `generate --check`, in plain lines. */
export function describeMigrations(status: MigrationsStatus | undefined, directory: string): string[] {
  if (status === undefined) return []
  const folder = path.relative(process.cwd(), directory) || '.'
  const lines = [`migrations: ${status.applied.length} applied, ${status.pending.length} pending${status.pending.length === 0 ? '' : ` (${status.pending.join(', ')})`}` +
    (status.verified || status.applied.length === 0 ? '' : '; checksums not verified until `heirloom migrate` applies the checksums migration')]
  for (const e of status.edited) {
    lines.push(`  ! ${e.name} was edited after it was applied (sha256 ${e.appliedSha256.slice(0, 12)} then, ${e.currentSha256.slice(0, 12)} now): ` +
      'the database does not have the edit → restore the file from version control and put the change in a new migration')
  }
  for (const m of status.missing) lines.push(`  ! ${m} is applied but no longer in ${folder} → restore it from version control`)
  return lines
}

/** Whether the migration folder no longer matches what was applied. */
export function migrationsDiverged(status: MigrationsStatus | undefined): boolean {
  return status !== undefined && (status.edited.length > 0 || status.missing.length > 0)
}
