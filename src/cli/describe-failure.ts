import type { PostgresErrorFields } from '../errors'

/** A failure as a run reports it (`Failure`) or as the bookkeeping keeps it (nulls for absent fields). */
interface FailureText {
  readonly message: string
  readonly hint?: string | null
  readonly postgres?: PostgresErrorFields | null
  readonly unrecorded?: string
}

/**
 * A failure for a person: the message and the way out on the first line;
 * then what PostgreSQL said (SQLSTATE, where, detail, its own hint) and,
 * when the bookkeeping could not record it, that too — one line each.
 */
export function describeFailure(f: FailureText, prefix: string, indent: string): string[] {
  return [
    `${prefix}${f.message}${f.hint === undefined || f.hint === null ? '' : ` → ${f.hint}`}`,
    ...describePostgres(f.postgres).map((line) => `${indent}${line}`),
    ...(f.unrecorded === undefined ? [] : [`${indent}${f.unrecorded}`]),
  ]
}

/** PostgreSQL's fields of an error, the hint last: the message is already in the failure's own. */
export function describePostgres(p: PostgresErrorFields | null | undefined): string[] {
  if (p === undefined || p === null) return []
  const relation = p.table === undefined ? undefined : p.schema === undefined ? p.table : `${p.schema}.${p.table}`
  const place = [relation && `table ${relation}`, p.column && `column ${p.column}`, p.dataType && `type ${p.dataType}`, p.constraint && `constraint ${p.constraint}`]
  return [
    [`PostgreSQL ${p.severity} ${p.sqlstate}`, ...place.filter((x) => x !== undefined && x !== '')].join(', '),
    ...(p.detail === undefined ? [] : [`detail: ${oneLine(p.detail)}`]),
    ...(p.where === undefined ? [] : [`context: ${oneLine(p.where)}`]),
    ...(p.hint === undefined ? [] : [`PostgreSQL's hint: ${oneLine(p.hint)}`]),
  ]
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' | ')
}
