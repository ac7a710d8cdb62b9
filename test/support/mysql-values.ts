/**
 * Comparing a MariaDB value with what heirloom loaded into PostgreSQL: each
 * side selected as text, then normalised per kind of column (zero dates are
 * NULL, floats compared at their precision, timestamps without trailing zeros).
 */

/** How a column's value is compared once it has gone MariaDB → tab file → heirloom → PostgreSQL. */
export type Kind = 'integer' | 'boolean' | 'decimal' | 'float' | 'double' | 'date' | 'time' | 'datetime' | 'timestamp' | 'year' | 'text' | 'binary' | 'bit'

export interface Column {
  readonly name: string
  readonly declaration: string
  readonly kind: Kind
  /** bit(n): the width BIN() output is padded to. */
  readonly bits?: number
}

/** MariaDB side: the value as text, hex-wrapped so batch output needs no unescaping; 'NULL' for NULL. */
export function mariaSelect(c: Column): string {
  const text = c.kind === 'binary' ? c.name : c.kind === 'bit' ? `BIN(${c.name})` : c.kind === 'text' ? c.name : `CAST(${c.name} AS CHAR)`
  return `IFNULL(HEX(${text}), 'NULL')`
}

/** PostgreSQL side: the value as text (timestamptz in UTC, bytea as hex). */
export function pgSelect(c: Column): string {
  const q = `"${c.name}"`
  if (c.kind === 'binary') return `encode(${q}, 'hex')`
  if (c.kind === 'timestamp') return `(${q} AT TIME ZONE 'UTC')::text`
  return `${q}::text`
}

function trimFraction(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s
}

/** MariaDB's text → what heirloom must have stored, in PostgreSQL's text form. */
export function expectedFrom(c: Column, hex: string): string | null {
  if (hex === 'NULL') return null
  if (c.kind === 'binary') return hex.toLowerCase()
  const s = Buffer.from(hex, 'hex').toString('utf8')
  switch (c.kind) {
    case 'boolean': return s === '0' ? 'false' : 'true'
    case 'float': return String(Math.fround(Number(s)))
    case 'double': return String(Number(s))
    case 'date': return s.startsWith('0000-00-00') ? null : s
    case 'datetime':
    case 'timestamp': return s.startsWith('0000-00-00') ? null : trimFraction(s)
    case 'year': return s === '0000' ? null : s
    case 'bit': return s.padStart(c.bits ?? 1, '0')
    default: return s
  }
}

export function actualFrom(c: Column, value: string | null): string | null {
  if (value === null) return null
  switch (c.kind) {
    case 'float': return String(Math.fround(Number(value)))
    case 'double': return String(Number(value))
    case 'datetime':
    case 'timestamp': return trimFraction(value)
    default: return value
  }
}
