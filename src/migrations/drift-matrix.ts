import { formatPgType, samePgType } from '../schema/model'
import { motherVerdict, type VersionTable } from '../schema/mother'
import { compareVersions } from '../schema/versions'
import { compareText } from '../schema/compare-text'
import { verdictReason } from './describe-drift'

/** One application version of the table: a column of the matrix. */
export interface DriftVersion {
  readonly application: string
  readonly version: string
  readonly child: string
  /** False for a version only the dumps hold: no migration covers it yet. */
  readonly generated: boolean
}

/** One column in one version. */
export interface DriftCell {
  /** The type this version's dumps give the column. */
  readonly type: string
  readonly nullable: boolean
  /** The column's type in the child table: the mother's while the column is in the mother. */
  readonly childType: string
}

/** One column of the table across the versions: a row of the matrix. */
export interface DriftRow {
  readonly column: string
  /** The column's type in the mother, or null when it is not in the mother. */
  readonly mother: string | null
  /** One per version, in the order of `versions`; null where that version has no such column. */
  readonly cells: readonly (DriftCell | null)[]
  /** Why the column is not in the mother, or that the mother widened it; empty when nothing needs saying. */
  readonly note: string
  /** The column's place: in the mother, out of it because a version lacks it, or out of it because its types have no lossless common type. */
  readonly place: 'member' | 'absent' | 'incompatible'
}

/** `heirloom drift <table>`: columns × versions, with each column's type per version and its place in the mother. */
export interface DriftMatrix {
  readonly table: string
  readonly sourceName: string
  readonly versions: readonly DriftVersion[]
  readonly columns: readonly DriftRow[]
}

/**
 * The drift matrix of one table from its version schemas (the generated
 * migrations' version blocks, plus versions only the dumps hold yet). Rows
 * in order of first appearance, walking versions from the lowest; pure.
 */
export function driftMatrix(table: string, generated: readonly VersionTable[], pending: readonly VersionTable[] = []): DriftMatrix {
  const all = [...generated.map((t) => ({ t, generated: true })), ...pending.map((t) => ({ t, generated: false }))]
    .filter((e) => e.t.table === table)
    .sort((a, b) => compareVersions(a.t.version, b.t.version) || compareText(a.t.application, b.t.application))
  const tables = all.map((e) => e.t)
  const names = [...new Set(tables.flatMap((t) => t.columns.map((c) => c.name)))]
  return {
    table,
    sourceName: tables.length === 0 ? table : tables[tables.length - 1].sourceName,
    versions: all.map(({ t, generated: g }) => ({ application: t.application, version: t.version, child: t.child, generated: g })),
    columns: names.map((name) => driftRow(tables, name)),
  }
}

function driftRow(tables: readonly VersionTable[], name: string): DriftRow {
  const verdict = motherVerdict(tables, name)
  const mother = verdict.kind === 'member' ? verdict.type : undefined
  const cells = tables.map((t): DriftCell | null => {
    const c = t.columns.find((x) => x.name === name)
    if (c === undefined) return null
    return { type: formatPgType(c.type), nullable: c.nullable, childType: formatPgType(mother ?? c.type) }
  })
  const widened = mother !== undefined && tables.some((t) => t.columns.some((c) => c.name === name && !samePgType(c.type, mother)))
  const note = verdict.kind !== 'member' ? `not in the mother: ${verdictReason(verdict)}`
    : widened ? `mother widened to ${formatPgType(verdict.type)}` : ''
  return { column: name, mother: mother === undefined ? null : formatPgType(mother), cells, note, place: verdict.kind }
}
