import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ReportData, ReportDump, ReportLoad } from '../../src/db/report-data'
import { driftMatrix } from '../../src/migrations/drift-matrix'
import { buildReportModel } from '../../src/report/model'
import { escapeHtml, renderReportHtml } from '../../src/report/render-html'
import type { VersionTable } from '../../src/schema/mother'
import { parsePgType } from '../../src/schema/parse-pg-type'

const TABLES = 50
const VERSIONS = 20
const REGIONS = 10
const COLUMNS = 20

/** 200 dumps (20 versions × 10 regions) of 50 tables of 20 columns, each version adding a column and widening one. */
function scaleData(): { matrices: ReturnType<typeof driftMatrix>[]; data: ReportData } {
  const versions: VersionTable[] = []
  for (let t = 0; t < TABLES; t++) {
    for (let v = 1; v <= VERSIONS; v++) {
      const columns = Array.from({ length: COLUMNS + v }, (_, c) => ({ name: `column_${c}`, type: parsePgType(c === 1 ? `numeric(${10 + v},2)` : c % 3 === 0 ? 'integer' : 'varchar(50)'), nullable: true }))
      versions.push({ application: 'shop', version: String(v), table: `table_${t}`, sourceName: `Table${t}`, child: `table_${t}_v${v}`, columns, primaryKey: [] })
    }
  }
  const matrices = Array.from({ length: TABLES }, (_, t) => driftMatrix(`table_${t}`, versions))
  const dumps: ReportDump[] = []
  const loads: ReportLoad[] = []
  for (let v = 1; v <= VERSIONS; v++) {
    for (let r = 0; r < REGIONS; r++) {
      const id = dumps.length + 1
      dumps.push({ id, file: `/dumps/shop_region${r}_v${v}.zip`, application: 'shop', version: String(v), region: `region${r}`, exportedAt: new Date(Date.UTC(2026, 0, v, r)).toISOString(), firstSeenAt: '2026-06-01T00:00:00Z', state: v === VERSIONS ? 'loaded' : 'superseded' })
      for (let t = 0; t < TABLES; t++) loads.push({ dumpId: id, table: `table_${t}`, members: 1, failed: 0, loaded: 100_000, rejected: 3, bytes: 12_345_678, seconds: 1.5 })
    }
  }
  const rejectGroups = Array.from({ length: 50 }, (_, i) => ({ reason: `column column_${i}: invalid input <${i}>`, count: 1000 - i, samples: [{ file: 'x.zip', member: 'T.dat', line: i + 1, raw: 'a\tb<c>&d'.repeat(30) }] }))
  const data: ReportData = {
    children: new Map(matrices.map((m) => [m.table, m.versions.map((v) => v.child)])),
    dumps, loads, failures: [], rejectGroups, rejectsTotal: 50_000,
    migrations: { applied: Array.from({ length: 1000 }, (_, i) => `2026${String(i).padStart(10, '0')}_shop.ts`), pending: [], edited: [], missing: [], verified: true },
  }
  return { matrices, data }
}

describe('the HTML report at scale', () => {
  it('renders 200 dumps × 50 tables (20 versions, 10 regions) in under 2 s and under 5 MB', () => {
    const input = scaleData()
    const started = process.hrtime.bigint()
    const model = buildReportModel({ generatedAt: '2026-06-02T00:00:00Z', schema: 'public', ...input })
    const html = renderReportHtml(model)
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    const bytes = Buffer.byteLength(html)
    process.stdout.write(`# 200 dumps × 50 tables: model + HTML in ${seconds.toFixed(2)} s, ${(bytes / 1e6).toFixed(2)} MB\n`)
    assert.equal(model.loads.length, 200 * TABLES)
    assert.equal(model.regions.length, REGIONS)
    assert.ok(seconds < 2, `took ${seconds} s`)
    assert.ok(bytes < 5_000_000, `${bytes} bytes`)
    assert.equal((html.match(/<tr/g) ?? []).length > 200 * TABLES, true, 'every load has its row')
  })

  it('escapes what comes from dumps, in text and in attributes', () => {
    assert.equal(escapeHtml(`<script>alert("1")</script> & 'x'`), '&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; &amp; &#39;x&#39;')
    const { matrices, data } = scaleData()
    const html = renderReportHtml(buildReportModel({ generatedAt: 'now', schema: '<b>s</b>', matrices: matrices.slice(0, 1), data: { ...data, dumps: data.dumps.slice(0, 1), loads: [] } }))
    assert.doesNotMatch(html, /<b>s<\/b>|<c>/)
    assert.equal((html.match(/<script>/g) ?? []).length, 1, 'the report\'s own script only')
  })
})
