import path from 'node:path'
import type { Config } from '../config/config'
import type { VersionTable } from '../schema/mother'
import type { TargetTable } from '../schema/model'
import { tableIdentifiers, type RecordedName } from '../schema/identifiers'
import { toTargetTable } from '../schema/target-table'
import { childTableName } from '../schema/versions'
import type { FirstSeen, VersionSchema } from '../schema/versions'
import { compareText } from '../schema/compare-text'
import type { DumpTable, ScannedDump } from './scan-dump'

/** One dump table as PostgreSQL will hold it. */
export interface ResolvedTable {
  readonly dumpTable: DumpTable
  readonly target: TargetTable
  readonly child: string
}

/** Source table name → mother-table name, for every table of a set of dumps (see `tableNamesOf`). */
export type TableNames = ReadonlyMap<string, string>

/**
 * The mother-table names of every table the dumps hold: two names that
 * normalise to one (`Items`, `ITEMS`) each keep a mother of their own, the
 * same one whichever dump shows them first; names `recorded` by generated
 * migrations never change.
 */
export function tableNamesOf(dumps: readonly ScannedDump[], recorded: readonly RecordedName[], config: Config): TableNames {
  return tableIdentifiers(recorded, dumps.flatMap((d) => d.tables.map((t) => t.schema.name)), config.target.identifiers)
}

/** A dump table resolved against the config: target names and types, child table name. */
export function resolveTable(dump: ScannedDump, t: DumpTable, config: Config, names: TableNames): { table: ResolvedTable; warnings: string[] } {
  const { table: target, warnings } = toTargetTable(t.schema, dump.identity.dialect, config)
  const table = { ...target, name: names.get(t.schema.name) ?? target.name }
  const child = childTableName(config.target.child, table.name, dump.identity.application, dump.identity.version)
  return { table: { dumpTable: t, target: table, child }, warnings }
}

/**
 * The application versions the dumps hold, each with its tables as the
 * earliest dump of that version describes them (tables only other regions'
 * dumps have are added from those).
 */
export function versionSchemas(dumps: readonly ScannedDump[], config: Config, recorded: readonly RecordedName[]): { versions: VersionSchema[]; warnings: string[] } {
  const warnings: string[] = []
  const names = tableNamesOf(dumps, recorded, config)
  const byVersion = new Map<string, { first: ScannedDump; exportedAt: string | undefined; tables: Map<string, VersionTable>; firstSeen: Map<string, FirstSeen> }>()
  const ordered = [...dumps].sort((a, b) => compareText(a.identity.exportedAt ?? '', b.identity.exportedAt ?? '') || compareText(a.file, b.file))
  for (const dump of ordered) {
    const { application, version } = dump.identity
    const key = `${application}\u0000${version}`
    const entry = byVersion.get(key) ?? { first: dump, exportedAt: dump.identity.exportedAt, tables: new Map<string, VersionTable>(), firstSeen: new Map<string, FirstSeen>() }
    byVersion.set(key, entry)
    for (const t of dump.tables) {
      const { table, warnings: w } = resolveTable(dump, t, config, names)
      warnings.push(...w.map((m) => `${path.basename(dump.file)}: ${m}`))
      if (entry.tables.has(table.target.name)) continue
      entry.firstSeen.set(table.target.name, { dump: path.basename(dump.file), region: dump.identity.region, exportedAt: dump.identity.exportedAt })
      entry.tables.set(table.target.name, {
        application, version,
        table: table.target.name,
        sourceName: table.target.sourceName,
        child: table.child,
        columns: table.target.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
        primaryKey: table.target.primaryKey,
      })
    }
  }
  const versions = [...byVersion.values()].map((e): VersionSchema => ({
    application: e.first.identity.application,
    version: e.first.identity.version,
    exportedAt: e.exportedAt,
    firstDump: path.basename(e.first.file),
    region: e.first.identity.region,
    tables: [...e.tables.values()].sort((a, b) => compareText(a.table, b.table)),
    tablesFirstSeen: e.firstSeen,
  }))
  return { versions, warnings: [...new Set(warnings)] }
}
