import { formatPgType, samePgType } from '../schema/model'
import { motherVerdict, type MotherColumn, type MotherVerdict, type VersionTable } from '../schema/mother'
import { compareVersions } from '../schema/versions'

/**
 * The drift of one table's new version in plain words, against the closest
 * earlier version (or the closest later one when it is the oldest):
 * `customers v2.1 (region eu) against v2.0: + loyalty_tier varchar(20); − fax, leaves the mother; price numeric(10,2) → numeric(14,2), mother widened`.
 */
export function describeDrift(previous: readonly VersionTable[], next: VersionTable, region: string,
  before: readonly MotherColumn[] | undefined, after: readonly MotherColumn[]): string {
  const head = `${next.table} v${next.version} (region ${region})`
  const base = closestVersion(previous, next.version)
  if (base === undefined) return `${head}: new table, ${next.columns.length} columns: ${next.columns.map((c) => `${c.name} ${formatPgType(c.type)}`).join(', ')}`
  const parts: string[] = []
  for (const c of next.columns) {
    const old = base.columns.find((o) => o.name === c.name)
    if (old === undefined) parts.push(`+ ${c.name} ${formatPgType(c.type)}`)
    else if (!samePgType(old.type, c.type)) parts.push(`${c.name} ${formatPgType(old.type)} → ${formatPgType(c.type)}${motherFate(c.name, before, after, [...previous, next])}`)
    else if (old.nullable !== c.nullable) parts.push(`${c.name} ${c.nullable ? 'now nullable' : 'now NOT NULL'}`)
  }
  for (const old of base.columns) {
    if (!next.columns.some((c) => c.name === old.name)) parts.push(`− ${old.name}${motherFate(old.name, before, after)}`)
  }
  if (!sameOrder(base, next)) parts.push('columns reordered (no drift: columns are matched by name)')
  return `${head} against v${base.version}: ${parts.length === 0 ? 'no column changes' : parts.join('; ')}`
}

/** Why a column is not in the mother, in plain words: `not in v2, v3` or `types integer and varchar(20) have no lossless common type`. */
export function verdictReason(verdict: MotherVerdict): string {
  switch (verdict.kind) {
    case 'member': return `in the mother as ${formatPgType(verdict.type)}`
    case 'absent': return `not in ${verdict.missingFrom.map((v) => `v${v.version}`).join(', ')}`
    case 'incompatible': return `types ${formatPgType(verdict.from)} and ${formatPgType(verdict.to)} have no lossless common type`
  }
}

function sameOrder(a: VersionTable, b: VersionTable): boolean {
  const common = (x: VersionTable, y: VersionTable): string[] => x.columns.map((c) => c.name).filter((n) => y.columns.some((c) => c.name === n))
  return common(a, b).join('\u0000') === common(b, a).join('\u0000')
}

function motherFate(column: string, before: readonly MotherColumn[] | undefined, after: readonly MotherColumn[], versions?: readonly VersionTable[]): string {
  const was = before?.find((m) => m.name === column)
  const now = after.find((m) => m.name === column)
  // A retyped column an earlier arrival already took out of the mother: say so, or the reader looks for its ALTER.
  if (was === undefined) return versions !== undefined && now === undefined ? ', not in the mother' : ''
  if (now === undefined) {
    // A retype that empties the mother deserves its reason; a dropped column's is plain.
    const verdict = versions === undefined ? undefined : motherVerdict(versions, column)
    return verdict?.kind === 'incompatible' ? `, leaves the mother: ${verdictReason(verdict)}` : ', leaves the mother'
  }
  if (!samePgType(was.type, now.type)) return `, mother widened to ${formatPgType(now.type)}`
  // A narrower type than the mother's: the child takes the mother's, which the reader would not guess.
  const own = versions?.[versions.length - 1].columns.find((c) => c.name === column)
  return own !== undefined && !samePgType(own.type, now.type) ? `, the child takes the mother's ${formatPgType(now.type)}` : ''
}

function closestVersion(previous: readonly VersionTable[], version: string): VersionTable | undefined {
  const sorted = [...previous].sort((a, b) => compareVersions(a.version, b.version))
  const lower = sorted.filter((t) => compareVersions(t.version, version) < 0)
  return lower.length > 0 ? lower[lower.length - 1] : sorted.find((t) => compareVersions(t.version, version) > 0)
}
