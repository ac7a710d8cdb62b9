import type { DriftMatrix } from '../migrations/drift-matrix'
import { textTable } from './text-table'

const ABSENT = '—'

/**
 * The drift matrix as an aligned text table: one row per column, one column
 * per version, `*` marking the columns the mother holds, and a note saying
 * why a column is not in the mother.
 */
export function describeDriftMatrix(m: DriftMatrix): string[] {
  const several = new Set(m.versions.map((v) => v.application)).size > 1
  const heads = m.versions.map((v) => `${several ? `${v.application} ` : ''}v${v.version}${v.generated ? '' : ' (not generated)'}`)
  const header = ['', 'column', 'mother', ...heads, 'note']
  const rows = m.columns.map((r) => [
    r.mother === null ? ' ' : '*',
    r.column,
    r.mother ?? ABSENT,
    ...r.cells.map((c) => (c === null ? ABSENT : `${c.type}${c.nullable ? '' : ' not null'}`)),
    r.note,
  ])
  const generated = m.versions.filter((v) => v.generated).length
  return [
    `${m.table} (${m.sourceName}): ${m.versions.length} version(s)${generated === m.versions.length ? '' : `, ${m.versions.length - generated} not generated yet`}; * = column of the mother`,
    ...textTable(header, rows),
  ]
}
