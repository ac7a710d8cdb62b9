import { createHash } from 'node:crypto'
import type { IdentifierPolicy } from '../config/config'

/** PostgreSQL truncates identifiers longer than this many bytes (NAMEDATALEN - 1). */
export const MAX_IDENTIFIER_BYTES = 63

/**
 * The PostgreSQL name of a dump identifier under a naming policy, shortened
 * deterministically to 63 bytes. Dump names are untrusted: the result is only
 * ever used through `quoteIdentifier`.
 */
export function toIdentifier(name: string, policy: IdentifierPolicy): string {
  // PostgreSQL cannot store NUL in a name; nothing else needs replacing since names are always quoted.
  const clean = name.replace(/\0/g, '_')
  const normalised = policy === 'preserve' ? clean : policy === 'lower' ? clean.toLowerCase() : toSnakeCase(clean)
  return shortenIdentifier(normalised === '' ? '_' : normalised)
}

function toSnakeCase(name: string): string {
  return name
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1_$2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1_$2')
    .replace(/[\s-]+/g, '_')
    .toLowerCase()
}

/**
 * Names over 63 bytes keep a prefix and end in 8 hex digits of a hash of the
 * whole name, so two long names that share a prefix stay distinct and the
 * same name always shortens the same way.
 */
export function shortenIdentifier(name: string): string {
  if (Buffer.byteLength(name, 'utf8') <= MAX_IDENTIFIER_BYTES) return name
  const suffix = `_${createHash('sha256').update(name).digest('hex').slice(0, 8)}`
  let prefix = ''
  for (const ch of name) {
    if (Buffer.byteLength(prefix + ch, 'utf8') + suffix.length > MAX_IDENTIFIER_BYTES) break
    prefix += ch
  }
  return prefix + suffix
}

/** The one quoting function: every identifier reaching SQL goes through it. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** `schema.table`, both quoted. */
export function qualifiedName(schema: string, table: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`
}

/**
 * Makes names that collide (after lower-casing, or after shortening) distinct
 * by suffixing `_2`, `_3`, … in order of appearance; deterministic. A name
 * in `reserved` (the provenance column) is never handed out.
 */
export function makeDistinct(names: readonly string[], reserved: readonly string[] = []): string[] {
  const taken = new Set<string>(reserved)
  return names.map((name) => {
    let candidate = name
    for (let n = 2; taken.has(candidate); n++) candidate = shortenIdentifier(`${name}_${n}`)
    taken.add(candidate)
    return candidate
  })
}

/** A source table name and the mother-table name a generated migration gave it. */
export interface RecordedName {
  readonly sourceName: string
  readonly table: string
}

/**
 * The mother-table names of every source table name seen (`Items` and
 * `ITEMS` both lower-case to `items`). Names the migration folder records
 * keep their table: it exists, with data. The others are normalised and made
 * distinct in sorted source-name order, over the names of ALL dumps at once,
 * so which dump is seen first never changes a name.
 */
export function tableIdentifiers(recorded: readonly RecordedName[], sourceNames: readonly string[], policy: IdentifierPolicy): ReadonlyMap<string, string> {
  const names = new Map<string, string>()
  // Recorded in file order: should two files disagree, the earlier (applied first) wins.
  for (const r of recorded) if (!names.has(r.sourceName)) names.set(r.sourceName, r.table)
  const fresh = [...new Set(sourceNames)].filter((n) => !names.has(n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const distinct = makeDistinct(fresh.map((n) => toIdentifier(n, policy)), [...names.values()])
  fresh.forEach((n, i) => names.set(n, distinct[i]))
  return names
}
