import { compareVersions } from './versions'
import { widenTypes } from './widen'
import type { PgType } from './model'

export interface ColumnDef {
  readonly name: string
  readonly type: PgType
  readonly nullable: boolean
}

/** One table as one application version has it: the child table's content. */
export interface VersionTable {
  readonly application: string
  readonly version: string
  /** Mother table name. */
  readonly table: string
  /** Source table name as in the dump. */
  readonly sourceName: string
  readonly child: string
  /** In the data files' field order; each with the version's own type. */
  readonly columns: readonly ColumnDef[]
  readonly primaryKey: readonly string[]
}

export interface MotherColumn {
  readonly name: string
  readonly type: PgType
}

/**
 * Whether a column belongs to the mother of a set of versions of one table,
 * and if not, why (docs/guarantees.md): it must be in every version, and its types must
 * have a lossless common type.
 */
export type MotherVerdict =
  | { readonly kind: 'member'; readonly type: PgType }
  | { readonly kind: 'absent'; readonly missingFrom: readonly VersionTable[] }
  | { readonly kind: 'incompatible'; readonly from: PgType; readonly to: PgType; readonly at: VersionTable }

/**
 * The verdict for one column. Versions are folded in version order, so the
 * answer does not depend on the order in which versions arrived; `from` is
 * the common type of the versions before `at`, `to` the type `at` brings.
 */
export function motherVerdict(versions: readonly VersionTable[], column: string): MotherVerdict {
  const sorted = [...versions].sort((a, b) => compareVersions(a.version, b.version))
  const missingFrom = sorted.filter((v) => !v.columns.some((c) => c.name === column))
  if (missingFrom.length > 0 || sorted.length === 0) return { kind: 'absent', missingFrom }
  let type = typeIn(sorted[0], column)
  for (const other of sorted.slice(1)) {
    const next = typeIn(other, column)
    const widened = widenTypes(type, next)
    if (widened === undefined) return { kind: 'incompatible', from: type, to: next, at: other }
    type = widened
  }
  return { kind: 'member', type }
}

/**
 * The mother's columns for a set of versions of one table (docs/guarantees.md): those
 * every version has, with a lossless common type; a column whose types have
 * none leaves the mother. Order: the lowest version's field order.
 */
export function motherColumns(versions: readonly VersionTable[]): MotherColumn[] {
  if (versions.length === 0) return []
  const lowest = [...versions].sort((a, b) => compareVersions(a.version, b.version))[0]
  const result: MotherColumn[] = []
  for (const column of lowest.columns) {
    const verdict = motherVerdict(versions, column.name)
    if (verdict.kind === 'member') result.push({ name: column.name, type: verdict.type })
  }
  return result
}

function typeIn(version: VersionTable, column: string): PgType {
  const match = version.columns.find((c) => c.name === column)
  if (match === undefined) throw new Error(`${version.table} v${version.version} has no column ${column}`)
  return match.type
}
