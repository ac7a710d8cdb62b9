import { samePgType, type PgType } from './model'

/** Integer digits each integer type can hold, for widening into numeric. */
const INTEGER_DIGITS: Readonly<Record<string, number>> = { smallint: 5, integer: 10, bigint: 19 }
const INTEGER_RANK: Readonly<Record<string, number>> = { smallint: 1, integer: 2, bigint: 3 }
const MAX_NUMERIC_PRECISION = 1000
/** Types whose only modifier is a fractional-second precision, absent meaning 6. */
const PRECISION_TYPES = new Set(['timestamp', 'timestamptz', 'time'])
const TEXT_TYPES = new Set(['varchar', 'text'])

/**
 * The narrowest type both a and b convert to without loss (docs/guarantees.md: integer
 * family, numeric, varchar length, timestamp precision), or undefined when
 * none exists and the column must leave the mother.
 */
export function widenTypes(a: PgType, b: PgType): PgType | undefined {
  if (samePgType(a, b)) return a
  if (a.name in INTEGER_RANK && b.name in INTEGER_RANK) {
    return INTEGER_RANK[a.name] >= INTEGER_RANK[b.name] ? a : b
  }
  if (isNumericLike(a) && isNumericLike(b)) return widenNumeric(a, b)
  if (TEXT_TYPES.has(a.name) && TEXT_TYPES.has(b.name)) {
    const unbounded = (t: PgType): boolean => t.name === 'text' || t.modifiers.length === 0
    if (unbounded(a) || unbounded(b)) return { name: 'text', modifiers: [] }
    return { name: 'varchar', modifiers: [Math.max(a.modifiers[0], b.modifiers[0])] }
  }
  if (a.name === b.name && PRECISION_TYPES.has(a.name)) {
    return { name: a.name, modifiers: [Math.max(a.modifiers[0] ?? 6, b.modifiers[0] ?? 6)] }
  }
  if (a.name === 'real' && b.name === 'double precision') return b
  if (a.name === 'double precision' && b.name === 'real') return a
  return undefined
}

function isNumericLike(t: PgType): boolean {
  return t.name === 'numeric' || t.name in INTEGER_DIGITS
}

/** numeric(p,s) ∪ numeric(q,t) = numeric(max integer digits + max scale, max scale). */
function widenNumeric(a: PgType, b: PgType): PgType {
  const shape = (t: PgType): { digits: number; scale: number } | undefined => {
    if (t.name in INTEGER_DIGITS) return { digits: INTEGER_DIGITS[t.name], scale: 0 }
    if (t.modifiers.length === 0) return undefined
    const scale = t.modifiers[1] ?? 0
    return { digits: t.modifiers[0] - scale, scale }
  }
  const sa = shape(a)
  const sb = shape(b)
  if (sa === undefined || sb === undefined) return { name: 'numeric', modifiers: [] }
  const scale = Math.max(sa.scale, sb.scale)
  const precision = Math.max(sa.digits, sb.digits) + scale
  return precision > MAX_NUMERIC_PRECISION ? { name: 'numeric', modifiers: [] } : { name: 'numeric', modifiers: [precision, scale] }
}
