import fs from 'node:fs'
import path from 'node:path'
import { withClient, withDatabase } from '../db/database'
import { readReportData } from '../db/report-data'
import { driftMatrix } from '../migrations/drift-matrix'
import { readExistingMigrations } from '../migrations/existing-migrations'
import { buildReportModel, type ReportModel } from '../report/model'
import { renderReportHtml } from '../report/render-html'
import { configFrom, type ConfigSource } from './config-source'

/** The report's file when `--out` is not given: beside the config. */
export const DEFAULT_REPORT_FILE = 'heirloom-report.html'

export interface ReportResult {
  /** The HTML file written; undefined when only the model was asked for. */
  readonly file: string | undefined
  readonly bytes: number
  readonly model: ReportModel
}

/**
 * The report's model: each table's columns × versions from the migration
 * folder's version records (the versions' own types, as `heirloom drift`
 * reads them), which child tables exist from the database's catalog, and
 * the regions, loads, rejects and migrations from heirloom's bookkeeping.
 */
export async function readReport(source?: ConfigSource, now: Date = new Date()): Promise<ReportModel> {
  const config = configFrom(source)
  const existing = readExistingMigrations(config.migrations.directory)
  const tables = [...new Set(existing.tables.map((t) => t.table))].sort()
  const matrices = tables.map((t) => driftMatrix(t, existing.tables))
  const data = await withDatabase(config, (url) => withClient(url, (client) => readReportData(client, config.target.schema, config.migrations.directory)))
  return buildReportModel({ generatedAt: now.toISOString(), schema: config.target.schema, matrices, data })
}

/** Writes the self-contained HTML report to `out` (default: heirloom-report.html beside the config); `out` undefined with `html: false` writes nothing. */
export async function writeReport(source?: ConfigSource, options: { readonly out?: string; readonly html?: boolean } = {}): Promise<ReportResult> {
  const config = configFrom(source)
  const model = await readReport(config)
  if (options.html === false && options.out === undefined) return { file: undefined, bytes: 0, model }
  const file = path.resolve(options.out ?? path.join(config.file === undefined ? process.cwd() : path.dirname(config.file), DEFAULT_REPORT_FILE))
  const html = renderReportHtml(model)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const tmp = `${file}.tmp`
  fs.writeFileSync(tmp, html)
  fs.renameSync(tmp, file)
  return { file, bytes: Buffer.byteLength(html), model }
}
