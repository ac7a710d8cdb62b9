import type { ReportData, ReportDump, ReportFailure, ReportRejectGroup } from '../db/report-data'
import type { MigrationsStatus } from '../db/migration-checksums'
import type { DriftMatrix, DriftRow } from '../migrations/drift-matrix'
import { compareVersions } from '../schema/versions'
import type { TableLoadCounts } from '../schema/table-load'

/**
 * What a column's cell in one version says against the version before it
 * (of the same table): `added` (the earlier had no such column), `dropped`
 * (the earlier had it, this one has not: the cell is empty), `widened` (its
 * type changed and the mother takes both) or `incompatible` (its type
 * changed to one with no lossless common type: it left the mother).
 */
export type DriftMark = 'added' | 'dropped' | 'widened' | 'incompatible'

export interface EvolutionCell {
  /** The version's own type; null where the version has no such column. */
  readonly type: string | null
  readonly nullable: boolean
  readonly mark: DriftMark | null
}

export interface EvolutionColumn {
  readonly column: string
  /** The mother's type, or null when the column is not in the mother. */
  readonly mother: string | null
  /** Why the column is not in the mother, or that the mother widened it (as `heirloom drift` says it). */
  readonly note: string
  readonly cells: readonly EvolutionCell[]
}

export interface EvolutionVersion {
  readonly application: string
  readonly version: string
  readonly child: string
  /** A migration covers it. */
  readonly generated: boolean
  /** The child table exists in the database (pg_inherits). */
  readonly inDatabase: boolean
}

/** One table across the versions: columns × versions. */
export interface TableEvolution {
  readonly table: string
  readonly sourceName: string
  readonly versions: readonly EvolutionVersion[]
  readonly columns: readonly EvolutionColumn[]
  /** Marks per version, in the order of `versions`. */
  readonly marksPerVersion: readonly Readonly<Record<DriftMark, number>>[]
}

/** One dump in its region's timeline. */
export interface TimelineEntry {
  readonly dumpId: number
  readonly file: string
  readonly version: string
  /** exportedAt, or when heirloom first saw the dump when the dump did not say. */
  readonly at: string
  readonly state: string
  /** The region's current snapshot: the newest dump loaded and not superseded. */
  readonly current: boolean
}

export interface RegionTimeline {
  readonly application: string
  readonly region: string
  /** The version of the current snapshot, or null when none is loaded. */
  readonly version: string | null
  readonly entries: readonly TimelineEntry[]
}

export interface LoadRow extends TableLoadCounts {
  readonly dump: string
  readonly application: string
  readonly version: string
  readonly region: string
  readonly seconds: number | null
}

export interface ReportModel {
  /** When the report was made (UTC ISO 8601): given, so the model stays a pure function of its input. */
  readonly generatedAt: string
  readonly schema: string
  /** Every (application, version) of any table, lowest first: the overview's columns. */
  readonly versions: readonly { readonly application: string; readonly version: string }[]
  readonly tables: readonly TableEvolution[]
  readonly regions: readonly RegionTimeline[]
  /** First and last instant of the timelines; null with no dump. */
  readonly span: { readonly from: string; readonly to: string } | null
  readonly loads: readonly LoadRow[]
  readonly failures: readonly (ReportFailure & { readonly dump: string })[]
  readonly rejects: { readonly total: number; readonly groups: readonly ReportRejectGroup[] }
  readonly migrations: Pick<MigrationsStatus, 'applied' | 'pending' | 'edited' | 'missing'>
  readonly totals: { readonly dumps: number; readonly tables: number; readonly loaded: number; readonly rejected: number; readonly bytes: number; readonly failed: number }
}

export interface ReportInput {
  readonly generatedAt: string
  readonly schema: string
  readonly matrices: readonly DriftMatrix[]
  readonly data: ReportData
}

/** The report's model from the drift matrices and what the database says: pure. */
export function buildReportModel(input: ReportInput): ReportModel {
  const { data } = input
  const tables = input.matrices.map((m) => tableEvolution(m, new Set(data.children.get(m.table) ?? [])))
  const versionKeys = new Map<string, { application: string; version: string }>()
  for (const t of tables) for (const v of t.versions) versionKeys.set(`${v.application}\u0000${v.version}`, { application: v.application, version: v.version })
  const byId = new Map(data.dumps.map((d) => [d.id, d]))
  const name = (id: number): string => baseName(byId.get(id)?.file ?? `dump ${id}`)
  const loads = data.loads.map((l): LoadRow => {
    const d = byId.get(l.dumpId)
    return { dump: name(l.dumpId), application: d?.application ?? '', version: d?.version ?? '', region: d?.region ?? '', ...without(l) }
  })
  const regions = regionTimelines(data.dumps)
  const times = regions.flatMap((r) => r.entries.map((e) => e.at)).sort()
  return {
    generatedAt: input.generatedAt,
    schema: input.schema,
    versions: [...versionKeys.values()].sort((a, b) => a.application.localeCompare(b.application) || compareVersions(a.version, b.version)),
    tables,
    regions,
    span: times.length === 0 ? null : { from: times[0], to: times[times.length - 1] },
    loads,
    failures: data.failures.map((f) => ({ ...f, dump: name(f.dumpId) })),
    rejects: { total: data.rejectsTotal, groups: data.rejectGroups },
    migrations: { applied: data.migrations.applied, pending: data.migrations.pending, edited: data.migrations.edited, missing: data.migrations.missing },
    totals: {
      dumps: data.dumps.length,
      tables: tables.length,
      loaded: loads.reduce((n, l) => n + l.loaded, 0),
      rejected: loads.reduce((n, l) => n + l.rejected, 0),
      bytes: loads.reduce((n, l) => n + l.bytes, 0),
      failed: data.failures.length,
    },
  }
}

function without(l: ReportData['loads'][number]): Omit<LoadRow, 'dump' | 'application' | 'version' | 'region'> {
  const { dumpId: _dumpId, ...rest } = l
  return rest
}

/** The drift matrix with a mark per cell against the previous version of the table. */
export function tableEvolution(m: DriftMatrix, inDatabase: ReadonlySet<string>): TableEvolution {
  const columns = m.columns.map((row) => ({ column: row.column, mother: row.mother, note: row.note, cells: row.cells.map((c, i) => cellOf(row, i, c)) }))
  const marksPerVersion = m.versions.map((_, i) => {
    const counts: Record<DriftMark, number> = { added: 0, dropped: 0, widened: 0, incompatible: 0 }
    for (const c of columns) {
      const mark = c.cells[i].mark
      if (mark !== null) counts[mark]++
    }
    return counts
  })
  return {
    table: m.table,
    sourceName: m.sourceName,
    versions: m.versions.map((v) => ({ ...v, inDatabase: inDatabase.has(v.child) })),
    columns,
    marksPerVersion,
  }
}

function cellOf(row: DriftRow, i: number, cell: DriftRow['cells'][number]): EvolutionCell {
  const before = i === 0 ? undefined : row.cells[i - 1]
  if (cell === null) return { type: null, nullable: true, mark: before !== undefined && before !== null ? 'dropped' : null }
  let mark: DriftMark | null = null
  if (i > 0 && before === null) mark = 'added'
  else if (before !== undefined && before !== null && before.type !== cell.type) mark = row.place === 'incompatible' ? 'incompatible' : 'widened'
  return { type: cell.type, nullable: cell.nullable, mark }
}

/** Per (application, region): its dumps in time order, the newest loaded one current. */
export function regionTimelines(dumps: readonly ReportDump[]): RegionTimeline[] {
  const groups = new Map<string, ReportDump[]>()
  for (const d of dumps) {
    const key = `${d.application}\u0000${d.region}`
    groups.set(key, [...(groups.get(key) ?? []), d])
  }
  return [...groups.values()].map((ds) => {
    const ordered = ds.map((d) => ({ d, at: d.exportedAt ?? d.firstSeenAt })).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.d.id - b.d.id))
    const loaded = ordered.filter((e) => e.d.state === 'loaded')
    const current = loaded.length === 0 ? undefined : loaded[loaded.length - 1].d.id
    const entries = ordered.map(({ d, at }) => ({ dumpId: d.id, file: baseName(d.file), version: d.version, at, state: d.state, current: d.id === current }))
    return { application: ds[0].application, region: ds[0].region, version: entries.find((e) => e.current)?.version ?? null, entries }
  }).sort((a, b) => a.application.localeCompare(b.application) || a.region.localeCompare(b.region))
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file
}
