import { shortenIdentifier } from './identifiers'
import type { VersionTable } from './mother'

/**
 * Orders application versions the way people read them: numeric segments
 * numerically (`2.10` after `2.9`), other segments as text.
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.\-_]/)
  const pb = b.split(/[.\-_]/)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? ''
    const y = pb[i] ?? ''
    if (x === y) continue
    const nx = /^\d+$/.test(x) ? Number(x) : NaN
    const ny = /^\d+$/.test(y) ? Number(y) : NaN
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny
    return x < y ? -1 : 1
  }
  return 0
}

/** `{table}_v{version}` → `customers_v2_1`: every character of the version outside [a-z0-9_] becomes `_`. */
export function childTableName(pattern: string, table: string, application: string, version: string): string {
  const safeVersion = version.toLowerCase().replace(/[^a-z0-9_]/g, '_')
  return shortenIdentifier(pattern
    .replace(/\{table\}/g, table)
    .replace(/\{application\}/g, application)
    .replace(/\{version\}/g, safeVersion))
}

/** One application version as the dumps show it, ready to be planned. */
export interface VersionSchema {
  readonly application: string
  readonly version: string
  /** Earliest export time among the dumps that carry this version (ISO 8601). */
  readonly exportedAt: string | undefined
  /** The dump it was first seen in, and its region: for the reader of the migration. */
  readonly firstDump: string
  readonly region: string
  readonly tables: readonly VersionTable[]
  /** Per table, the dump it was first seen in. */
  readonly tablesFirstSeen: ReadonlyMap<string, FirstSeen>
}

/** The dump a table of a version was first seen in, its region and export time. */
export interface FirstSeen {
  readonly dump: string
  readonly region: string
  readonly exportedAt: string | undefined
}

/** The key of one application version in maps and sets. */
export function versionKey(application: string, version: string): string {
  return `${application}\u0000${version}`
}
