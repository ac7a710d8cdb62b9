import type { ErrorCode } from '../errors'
import { DUMP_ID_COLUMN } from '../schema/model'
import type { VersionTable } from '../schema/mother'
import type { VersionSchema } from '../schema/versions'

/** PostgreSQL's MaxHeapAttributeNumber: no table holds more columns. */
export const MAX_TABLE_COLUMNS = 1600

/** A table `generate` wrote no migration for, and why. */
export interface RefusedTable {
  readonly dump: string
  readonly application: string
  readonly version: string
  readonly table: string
  readonly columns: number
  readonly code: Extract<ErrorCode, 'TABLE_TOO_WIDE'>
  readonly message: string
  readonly hint: string
}

/**
 * Takes out of each version the tables PostgreSQL could not create, so the
 * others are generated; a version left with no table plans nothing. The
 * child is the widest table: every column of its version plus `_dump_id`
 * (the mother holds only the columns all versions share, so never more).
 */
export function refuseTooWideTables(versions: readonly VersionSchema[]): { versions: VersionSchema[]; refused: RefusedTable[] } {
  const refused: RefusedTable[] = []
  const fitting = versions.map((v) => {
    const tables = v.tables.filter((t) => {
      if (t.columns.length + 1 <= MAX_TABLE_COLUMNS) return true
      refused.push(tooWide(v, t))
      return false
    })
    return tables.length === v.tables.length ? v : { ...v, tables }
  })
  return { versions: fitting.filter((v) => v.tables.length > 0), refused }
}

function tooWide(version: VersionSchema, t: VersionTable): RefusedTable {
  const dump = version.tablesFirstSeen.get(t.table)?.dump ?? version.firstDump
  const message =
    `${dump}: table "${t.sourceName}" (${t.application} v${t.version}) has ${t.columns.length} columns; with ${DUMP_ID_COLUMN} its child table ${t.child} ` +
    `would have ${t.columns.length + 1}, over PostgreSQL's limit of ${MAX_TABLE_COLUMNS} columns per table: no migration written for it, its data will not load`
  const hint = `export it as two or more tables of at most ${MAX_TABLE_COLUMNS - 1} columns each (e.g. split by column group, each with the key), then run \`heirloom generate\` again; the other tables are generated`
  return { dump, application: t.application, version: t.version, table: t.sourceName, columns: t.columns.length, code: 'TABLE_TOO_WIDE', message, hint }
}
