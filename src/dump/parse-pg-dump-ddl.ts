/**
 * Form D of docs/dump-layout.md for PostgreSQL: what `pg_dump --schema-only -t T`
 * writes (SET lines, comments, `\restrict`, CREATE TABLE, ALTER TABLE … OWNER,
 * sequences, defaults, `ALTER TABLE ONLY … ADD CONSTRAINT … PRIMARY KEY`),
 * read with PostgreSQL's own grammar (libpg-query) into the table model.
 *
 * Of the file only what the model holds is read: the member's table's
 * columns in order with their type and NOT NULL, and its primary key, inline
 * or added by ALTER TABLE. A column type is named as information_schema's
 * udt_name names it (`int8`, `varchar`, `timestamptz`, `_int4` for
 * `integer[]`), which the postgresql map knows as Form B's spellings; a
 * domain whose CREATE DOMAIN the file holds is its base type. Generated
 * columns are left out: COPY … TO does not write them.
 */
import type { ColumnDef, Constraint, CreateStmt, Node, TypeName } from 'libpg-query'
import type { SourceColumn } from '../schema/model'
import type { PgParse } from './load-pg-parser'
import type { DdlResult } from './parse-mysql-ddl'

const EXPORT_AGAIN = 'export the table again with `pg_dump --schema-only -t T`, or its information_schema.columns as T.json (Form B)'

/** Types whose first modifier is a length. */
const LENGTH_TYPES: ReadonlySet<string> = new Set(['varchar', 'bpchar', 'bit', 'varbit'])
/** Types whose modifier is fractional-second digits; without one PostgreSQL keeps 6, as information_schema's datetime_precision says. */
const TIME_TYPES: ReadonlySet<string> = new Set(['time', 'timetz', 'timestamp', 'timestamptz'])
const DEFAULT_SECONDS_DIGITS = 6
/** psql meta-commands pg_dump writes (`\restrict key` since 17.6 / 15.14, `\connect` with -C): psql's, not SQL's. */
const PSQL_META = /^\\(?:restrict|unrestrict|connect)\b[^\n]*$/gm
/** Domains over domains resolve at most this deep (PostgreSQL has no cycles; a file could). */
const MAX_DOMAIN_DEPTH = 16

/** Reads the CREATE TABLE of `table` (the member's base name) from pg_dump output. */
export function parsePgDumpDdl(sql: string, table: string, parse: PgParse): DdlResult {
  const parsed = parseSql(sql.replace(PSQL_META, (line) => ' '.repeat(line.length)), parse)
  if (!parsed.ok) return parsed
  const creates = parsed.stmts.flatMap((s) => ('CreateStmt' in s ? [s.CreateStmt] : []))
  if (creates.length === 0) return fail(`holds no CREATE TABLE statement (for table "${table}")`, EXPORT_AGAIN)
  const create = tableNamed(creates, table)
  if (create === undefined) {
    return fail(`holds no CREATE TABLE for table "${table}" (the member's name), only for ${creates.map((c) => `"${qualifiedName(c)}"`).join(', ')}`,
      `name the member after its table (${creates.map((c) => `${c.relation?.relname ?? ''}.sql`).join(', ')}), or export "${table}" with \`pg_dump --schema-only -t '"${table}"'\``)
  }
  const name = create.relation?.relname ?? table
  if ((create.inhRelations ?? []).length > 0 || create.partbound !== undefined || create.ofTypename !== undefined) {
    const how = create.ofTypename !== undefined ? 'is a typed table (OF a composite type)' : create.partbound !== undefined ? 'is a partition (PARTITION OF)' : 'inherits columns (INHERITS)'
    return fail(`table "${name}" ${how}, so its CREATE TABLE does not list every column COPY writes`,
      `export the table's information_schema.columns as ${name}.json (Form B) instead`)
  }
  const domains = domainsOf(parsed.stmts)
  const columns: SourceColumn[] = []
  const primaryKey = new Set<string>()
  const notNull = new Set<string>()
  for (const element of create.tableElts ?? []) {
    if ('Constraint' in element) {
      const keys = namesOf(element.Constraint.keys)
      if (element.Constraint.contype === 'CONSTR_PRIMARY') keys.forEach((k) => primaryKey.add(k))
      if (element.Constraint.contype === 'CONSTR_NOTNULL') keys.forEach((k) => notNull.add(k))
      continue
    }
    if (!('ColumnDef' in element)) continue
    const column = element.ColumnDef
    const constraints = constraintsOf(column.constraints)
    if (constraints.some((c) => c.contype === 'CONSTR_GENERATED')) continue
    const read = readColumn(column, domains)
    if (!read.ok) return fail(`table "${name}": ${read.problem}`, EXPORT_AGAIN)
    if (constraints.some((c) => c.contype === 'CONSTR_PRIMARY')) primaryKey.add(read.column.name)
    if (column.is_not_null === true || constraints.some((c) => c.contype === 'CONSTR_NOTNULL')) notNull.add(read.column.name)
    columns.push(read.column)
  }
  if (columns.length === 0) return fail(`has a CREATE TABLE "${name}" with no columns COPY writes`, EXPORT_AGAIN)
  for (const key of alteredPrimaryKey(parsed.stmts, create)) primaryKey.add(key)
  const missing = [...primaryKey].find((k) => !columns.some((c) => c.name === k))
  if (missing !== undefined) return fail(`table "${name}" has primary-key column "${missing}", which is not among its columns`, EXPORT_AGAIN)
  return {
    ok: true,
    schema: {
      name,
      columns: columns.map((c) => ({ ...c, nullable: !notNull.has(c.name) && !primaryKey.has(c.name) })),
      primaryKey: columns.filter((c) => primaryKey.has(c.name)).map((c) => c.name),
      fieldOrderFromHeader: false,
    },
  }
}

type Statement = Node

function parseSql(sql: string, parse: PgParse): { readonly ok: true; readonly stmts: readonly Statement[] } | { readonly ok: false; readonly problem: string; readonly fix: string } {
  try {
    return { ok: true, stmts: (parse(sql).stmts ?? []).flatMap((s) => (s.stmt === undefined ? [] : [s.stmt])) }
  } catch (error) {
    const details = typeof error === 'object' && error !== null && 'sqlDetails' in error ? (error as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails : undefined
    const message = details?.message ?? (error instanceof Error ? error.message : String(error))
    const at = details?.cursorPosition
    // libpg-query gives the cursor in the string's own units (a test with non-BMP text before the error holds it to that).
    const where = at === undefined ? '' : ` at line ${sql.slice(0, at).split('\n').length}`
    return fail(`is not SQL PostgreSQL reads (${message}${where})`, 'export the table again with `pg_dump --schema-only -t T`, unedited')
  }
}

/** The member's table: its name exactly, or `schema.name`, else the one name equal to it ignoring case. */
function tableNamed(creates: readonly CreateStmt[], table: string): CreateStmt | undefined {
  const exact = creates.find((c) => c.relation?.relname === table || qualifiedName(c) === table)
  if (exact !== undefined) return exact
  const folded = creates.filter((c) => c.relation?.relname?.toLowerCase() === table.toLowerCase() || qualifiedName(c).toLowerCase() === table.toLowerCase())
  return folded.length === 1 ? folded[0] : undefined
}

function qualifiedName(c: CreateStmt): string {
  const schema = c.relation?.schemaname
  return schema === undefined ? c.relation?.relname ?? '' : `${schema}.${c.relation?.relname ?? ''}`
}

type ColumnResult = { readonly ok: true; readonly column: SourceColumn } | { readonly ok: false; readonly problem: string }

function readColumn(column: ColumnDef, domains: ReadonlyMap<string, TypeName>): ColumnResult {
  const name = column.colname
  if (name === undefined) return { ok: false, problem: 'a column has no name' }
  const declared = column.typeName
  if (declared === undefined) return { ok: false, problem: `column "${name}" has no type` }
  const typeName = baseOfDomain(declared, domains)
  const type = typeNameOf(typeName)
  if (type === undefined) return { ok: false, problem: `column "${name}" has a type without a name` }
  const isArray = (typeName.arrayBounds ?? []).length > 0 || (declared.arrayBounds ?? []).length > 0
  if (isArray) return { ok: true, column: { name, type: `_${type}`, nullable: true } }
  const mods = modifiersOf(typeName)
  return { ok: true, column: { name, type, ...modifierFields(type, mods), nullable: true } }
}

/** The type named, its domain chain followed to the base type when the file defines the domains. */
function baseOfDomain(typeName: TypeName, domains: ReadonlyMap<string, TypeName>): TypeName {
  let current = typeName
  for (let depth = 0; depth < MAX_DOMAIN_DEPTH; depth++) {
    const name = typeNameOf(current)
    const base = name === undefined || (current.arrayBounds ?? []).length > 0 ? undefined : domains.get(name)
    if (base === undefined) return current
    current = base
  }
  return current
}

/** `CREATE DOMAIN s.d AS base`: d → base. */
function domainsOf(stmts: readonly Statement[]): Map<string, TypeName> {
  const domains = new Map<string, TypeName>()
  for (const s of stmts) {
    if (!('CreateDomainStmt' in s)) continue
    const name = namesOf(s.CreateDomainStmt.domainname).at(-1)
    if (name !== undefined && s.CreateDomainStmt.typeName !== undefined) domains.set(name.toLowerCase(), s.CreateDomainStmt.typeName)
  }
  return domains
}

/** The type's own name in lower case: `pg_catalog.int8` → `int8`, `public.mood` → `mood`. */
function typeNameOf(typeName: TypeName): string | undefined {
  return namesOf(typeName.names).at(-1)?.toLowerCase()
}

function modifiersOf(typeName: TypeName): number[] {
  return (typeName.typmods ?? []).flatMap((m) => ('A_Const' in m && m.A_Const.ival !== undefined ? [m.A_Const.ival.ival ?? 0] : []))
}

function modifierFields(type: string, mods: readonly number[]): Partial<SourceColumn> {
  const [first, second] = mods
  if (LENGTH_TYPES.has(type)) return first === undefined ? {} : { length: first }
  if (TIME_TYPES.has(type)) return { datetimePrecision: first ?? DEFAULT_SECONDS_DIGITS }
  if (type === 'numeric') return { ...(first === undefined ? {} : { precision: first }), ...(second === undefined ? {} : { scale: second }) }
  return {}
}

/** `ALTER TABLE [ONLY] t ADD [CONSTRAINT c] PRIMARY KEY (…)` on the chosen table, as pg_dump writes the key. */
function alteredPrimaryKey(stmts: readonly Statement[], create: CreateStmt): string[] {
  const keys: string[] = []
  for (const s of stmts) {
    if (!('AlterTableStmt' in s)) continue
    const relation = s.AlterTableStmt.relation
    if (relation?.relname !== create.relation?.relname || (relation?.schemaname ?? '') !== (create.relation?.schemaname ?? '')) continue
    for (const cmd of s.AlterTableStmt.cmds ?? []) {
      if (!('AlterTableCmd' in cmd) || cmd.AlterTableCmd.subtype !== 'AT_AddConstraint') continue
      const def = cmd.AlterTableCmd.def
      if (def !== undefined && 'Constraint' in def && def.Constraint.contype === 'CONSTR_PRIMARY') keys.push(...namesOf(def.Constraint.keys))
    }
  }
  return keys
}

function constraintsOf(nodes: readonly Node[] | undefined): Constraint[] {
  return (nodes ?? []).flatMap((n) => ('Constraint' in n ? [n.Constraint] : []))
}

function namesOf(nodes: readonly Node[] | undefined): string[] {
  return (nodes ?? []).flatMap((n) => ('String' in n && n.String.sval !== undefined ? [n.String.sval] : []))
}

function fail(problem: string, fix: string): { readonly ok: false; readonly problem: string; readonly fix: string } {
  return { ok: false, problem, fix }
}
