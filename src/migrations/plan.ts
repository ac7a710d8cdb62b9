import { DUMP_ID_COLUMN, DUMP_ID_TYPE, formatPgType, samePgType, type PgType } from '../schema/model'
import { qualifiedName, quoteIdentifier } from '../schema/identifiers'
import { motherColumns, type ColumnDef, type MotherColumn, type VersionTable } from '../schema/mother'
import { compareVersions, versionKey, type VersionSchema } from '../schema/versions'
import { compareText } from '../schema/compare-text'
import { assertDistinctRelations } from './check-names'
import { describeDrift } from './describe-drift'
import type { ExistingMigrations } from './existing-migrations'

export interface PlannedTable {
  readonly table: string
  readonly child: string
  /** The drift in plain words, for the file's header. */
  readonly summary: string
  readonly up: readonly string[]
  readonly down: readonly string[]
}

/**
 * At most this many tables per migration file. Each file runs in a
 * transaction of its own, and each table it creates holds about five locks
 * (more with TOAST) until it commits; PostgreSQL's shared lock table has
 * room for max_locks_per_transaction (64) × max_connections (100) in all.
 */
export const MAX_TABLES_PER_MIGRATION = 100

/**
 * One migration file to write: one newly discovered application version,
 * or the tables a version's later dumps brought that its migration lacks;
 * a version of more than `MAX_TABLES_PER_MIGRATION` tables takes several.
 */
export interface MigrationPlan {
  /** File name without extension: sortable timestamp, application, version (`_tables` for added tables, `_partNNofMM` for a part). */
  readonly name: string
  /** The version, with only the tables this file creates. */
  readonly version: VersionSchema
  /** The version has a migration already; this one adds tables to it. */
  readonly addsTables: boolean
  /** Which of the version's files this is (1 of 1 for most). */
  readonly part: { readonly index: number; readonly of: number }
  readonly tables: readonly PlannedTable[]
}

/**
 * Plans one migration per version the existing migrations do not cover,
 * and one per covered version whose dumps hold tables its migrations do
 * not (a region exporting a table the first region's dump lacked), in order
 * of export time, each on top of everything before it. Pure and
 * deterministic: same inputs, same plans.
 */
export function planMigrations(schema: string, existing: ExistingMigrations, discovered: readonly VersionSchema[]): MigrationPlan[] {
  const covered = new Set(existing.versions)
  const coveredTables = new Set(existing.tables.map((t) => tableKey(t.application, t.version, t.table)))
  const pending = discovered
    .flatMap((v) => {
      if (!covered.has(versionKey(v.application, v.version))) return [{ version: v, addsTables: false }]
      const tables = v.tables.filter((t) => !coveredTables.has(tableKey(v.application, v.version, t.table)))
      if (tables.length === 0) return []
      const first = v.tablesFirstSeen.get(tables[0].table)
      const seen = first === undefined ? {} : { firstDump: first.dump, region: first.region, exportedAt: first.exportedAt }
      return [{ version: { ...v, tables, ...seen }, addsTables: true }]
    })
    .sort((a, b) => compareText(a.version.exportedAt ?? '', b.version.exportedAt ?? '') || compareVersions(a.version.version, b.version.version) ||
      compareText(a.version.application, b.version.application))
  const state = [...existing.tables]
  if (pending.length > 0) assertDistinctRelations(schema, [...state, ...pending.flatMap((p) => p.version.tables)])
  let lastStamp = existing.names.map(stampOf).reduce((a, b) => (b > a ? b : a), '00000000000000')
  const plans: MigrationPlan[] = []
  for (const { version, addsTables } of pending) {
    const parts = chunks(version.tables, MAX_TABLES_PER_MIGRATION)
    for (const [i, part] of parts.entries()) {
      // Every part has a stamp of its own: files sort by it, whatever follows in the name.
      const stamp = nextStamp(version.exportedAt, lastStamp)
      lastStamp = stamp
      const tables = part.map((t) => planTable(schema, state.filter((k) => k.table === t.table), t, version.region))
      const suffix = `${addsTables ? '_tables' : ''}${parts.length > 1 ? `_part${String(i + 1).padStart(String(parts.length).length, '0')}of${parts.length}` : ''}`
      plans.push({ name: `${stamp}_${safe(version.application)}_v${safe(version.version)}${suffix}`, version: { ...version, tables: part }, addsTables, part: { index: i + 1, of: parts.length }, tables })
      state.push(...part)
    }
  }
  return plans
}

/** Consecutive slices of at most `size` items; always one at least, so a version without tables keeps its file. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [items.slice(0, size)]
  for (let i = size; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}


function tableKey(application: string, version: string, table: string): string {
  return `${versionKey(application, version)}\u0000${table}`
}

function planTable(schema: string, previous: readonly VersionTable[], next: VersionTable, region: string): PlannedTable {
  const mother = qualifiedName(schema, next.table)
  const child = qualifiedName(schema, next.child)
  const before = previous.length === 0 ? undefined : motherColumns(previous)
  const after = motherColumns([...previous, next])
  const up: string[] = []
  const down: string[] = []
  if (before === undefined) {
    up.push(createTable(mother, after.map((c) => ({ ...c, nullable: true }))))
  } else {
    const changes = motherChanges(mother, schema, previous, before, after)
    up.push(...changes.up)
    down.push(...changes.down)
  }
  const effective = next.columns.map((c) => ({ ...c, type: after.find((m) => m.name === c.name)?.type ?? c.type }))
  up.push(createTable(child, effective), `ALTER TABLE ${child} INHERIT ${mother}`)
  down.unshift(dropLeavesOf(child), `DROP TABLE ${child}`)
  if (before === undefined) down.push(`DROP TABLE ${mother}`)
  return { table: next.table, child: next.child, summary: describeDrift(previous, next, region, before, after), up, down }
}

/** What the mother must change for one more version: columns leave it, or widen. */
function motherChanges(mother: string, schema: string, previous: readonly VersionTable[], before: readonly MotherColumn[], after: readonly MotherColumn[]): { up: string[]; down: string[] } {
  const up: string[] = []
  const down: string[] = []
  for (const column of before) {
    const kept = after.find((c) => c.name === column.name)
    const col = quoteIdentifier(column.name)
    if (kept === undefined) {
      // Children declare every column locally, so dropping it from the mother keeps their data.
      up.push(`ALTER TABLE ${mother} DROP COLUMN ${col}`)
      const reverts: string[] = []
      for (const p of previous) {
        const own = p.columns.find((c) => c.name === column.name)
        if (own === undefined || samePgType(own.type, column.type)) continue
        // Off the mother, each child goes back to its own version's type, whatever order versions came in.
        const childName = qualifiedName(schema, p.child)
        up.push(alterType(childName, column.name, own.type))
        reverts.push(alterType(childName, column.name, column.type))
      }
      down.unshift(...reverts, `ALTER TABLE ${mother} ADD COLUMN ${col} ${formatPgType(column.type)}`)
    } else if (!samePgType(kept.type, column.type)) {
      // Altering the mother's type recurses to every child.
      up.push(alterType(mother, column.name, kept.type))
      down.unshift(alterType(mother, column.name, column.type))
    }
  }
  return { up, down }
}

function createTable(name: string, columns: readonly ColumnDef[]): string {
  const lines = columns.map((c) => `  ${quoteIdentifier(c.name)} ${formatPgType(c.type)}${c.nullable ? '' : ' NOT NULL'}`)
  lines.push(`  ${quoteIdentifier(DUMP_ID_COLUMN)} ${formatPgType(DUMP_ID_TYPE)} NOT NULL`)
  return `CREATE TABLE ${name} (\n${lines.join(',\n')}\n)`
}

function alterType(table: string, column: string, type: PgType): string {
  const col = quoteIdentifier(column)
  return `ALTER TABLE ${table} ALTER COLUMN ${col} TYPE ${formatPgType(type)} USING ${col}::${formatPgType(type)}`
}


function stampOf(name: string): string {
  return /^\d{14}/.exec(name)?.[0] ?? '00000000000000'
}

/** The export time as YYYYMMDDHHMMSS, pushed past the last existing file so new files always sort last. */
function nextStamp(exportedAt: string | undefined, last: string): string {
  const fromExport = exportedAt === undefined ? '' : exportedAt.replace(/[^0-9]/g, '').slice(0, 14)
  if (fromExport.length === 14 && fromExport > last) return fromExport
  return addSecond(last)
}

/** One second later; stamps below year 1000 are plain counters (dumps without an export time). */
function addSecond(stamp: string): string {
  if (stamp < '10000101000000') return (BigInt(stamp) + 1n).toString().padStart(14, '0')
  const d = new Date(Date.UTC(+stamp.slice(0, 4), +stamp.slice(4, 6) - 1, +stamp.slice(6, 8), +stamp.slice(8, 10), +stamp.slice(10, 12), +stamp.slice(12, 14) + 1))
  return d.toISOString().replace(/[^0-9]/g, '').slice(0, 14)
}

function safe(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'x'
}

/**
 * The rows of a version live in leaf tables inheriting its child (one per
 * dump and table, made by ingest): rolling the version back drops them
 * with the child, and nothing else that depends on it (no CASCADE).
 */
function dropLeavesOf(child: string): string {
  let tag = '$leaves$'
  for (let n = 1; child.includes(tag); n++) tag = `$leaves_${n}$`
  return [
    `DO ${tag} DECLARE leaf regclass; BEGIN`,
    `  FOR leaf IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = '${child.replace(/'/g, "''")}'::regclass LOOP`,
    "    EXECUTE format('DROP TABLE %s', leaf);",
    `  END LOOP;`,
    `END ${tag}`,
  ].join('\n')
}
