/**
 * What goes into each bench dump besides its data file: the manifest and
 * the schema file, in the dialect the format comes from.
 */
import { BENCH_COLUMNS, BENCH_TABLE } from './dataset'
import { BCP_FORMAT, type DumpFormat } from './render-row'

/** The dialect whose exports use each format: csv dumps here come from SQL Server, like bcp. */
export function dialectOf(format: DumpFormat): 'mysql' | 'mssql' {
  return format === 'mysql-tab' ? 'mysql' : 'mssql'
}

export function manifestOf(format: DumpFormat): string {
  return JSON.stringify({
    application: 'bench',
    version: '1',
    region: format.replace(/[^a-z]/g, ''),
    exportedAt: '2026-01-01T00:00:00Z',
    dialect: dialectOf(format),
    format,
    ...(format === 'mssql-bcp' ? { tableFormats: { [BENCH_TABLE]: BCP_FORMAT } } : {}),
  }, null, 2)
}

/**
 * Schema file form A. No primary key on purpose: heirloom would build an
 * index after the load, which none of the baselines does.
 */
export function schemaOf(format: DumpFormat): string {
  const dialect = dialectOf(format)
  return JSON.stringify({
    table: BENCH_TABLE,
    columns: BENCH_COLUMNS.map((c) => ({ name: c.name, type: c[dialect], nullable: c.nullable })),
  }, null, 2)
}

/** The dump's file name inside its own folder (heirloom's dumps.path is that folder). */
export function dumpFileName(format: DumpFormat): string {
  return `bench_${format.replace(/[^a-z]/g, '')}_v1.zip`
}
