import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ReportData, ReportDump } from '../../src/db/report-data'
import { driftMatrix } from '../../src/migrations/drift-matrix'
import { buildReportModel, regionTimelines, tableEvolution } from '../../src/report/model'
import type { VersionTable } from '../../src/schema/mother'
import { parsePgType } from '../../src/schema/parse-pg-type'

function table(version: string, columns: [string, string][]): VersionTable {
  return { application: 'shop', version, table: 'orders', sourceName: 'Orders', child: `orders_v${version}`, columns: columns.map(([n, t]) => ({ name: n, type: parsePgType(t), nullable: true })), primaryKey: [] }
}

// v1 → v2: fax dropped, total widened, qty retyped with no common type; v2 → v3: tier added.
const v1 = table('1', [['id', 'integer'], ['qty', 'integer'], ['total', 'numeric(10,2)'], ['fax', 'text']])
const v2 = table('2', [['id', 'integer'], ['qty', 'varchar(20)'], ['total', 'numeric(14,2)']])
const v3 = table('3', [['id', 'integer'], ['qty', 'varchar(20)'], ['total', 'numeric(14,2)'], ['tier', 'integer']])

function dump(id: number, region: string, version: string, exportedAt: string | null, state: string): ReportDump {
  return { id, file: `/dumps/shop_${region}_v${version}.zip`, application: 'shop', version, region, exportedAt, firstSeenAt: '2026-06-01T00:00:00Z', state }
}

describe('report model: drift marks per cell against the version before', () => {
  const e = tableEvolution(driftMatrix('orders', [v3, v1, v2]), new Set(['orders_v1', 'orders_v2']))
  const marks = (column: string): (string | null)[] => e.columns.find((c) => c.column === column)?.cells.map((c) => c.mark) ?? []

  it('marks added, dropped, widened and incompatible where they happen, nothing in the first version', () => {
    assert.deepEqual(marks('id'), [null, null, null])
    assert.deepEqual(marks('fax'), [null, 'dropped', null])
    assert.deepEqual(marks('total'), [null, 'widened', null])
    assert.deepEqual(marks('qty'), [null, 'incompatible', null])
    assert.deepEqual(marks('tier'), [null, null, 'added'])
  })

  it('counts the marks per version for the overview, and says which child tables the database has', () => {
    assert.deepEqual(e.marksPerVersion, [
      { added: 0, dropped: 0, widened: 0, incompatible: 0 },
      { added: 0, dropped: 1, widened: 1, incompatible: 1 },
      { added: 1, dropped: 0, widened: 0, incompatible: 0 },
    ])
    assert.deepEqual(e.versions.map((v) => [v.version, v.inDatabase]), [['1', true], ['2', true], ['3', false]])
  })

  it('keeps the mother type and the reason drift gives for a column out of the mother', () => {
    const qty = e.columns.find((c) => c.column === 'qty')
    assert.equal(qty?.mother, null)
    assert.equal(qty?.note, 'not in the mother: types integer and varchar(20) have no lossless common type')
    assert.equal(e.columns.find((c) => c.column === 'total')?.mother, 'numeric(14,2)')
  })
})

describe('report model: region timelines', () => {
  it('orders each region\'s dumps by export time, the newest loaded one current, superseded ones kept', () => {
    const regions = regionTimelines([
      dump(3, 'eu', '3', '2026-03-01T00:00:00Z', 'loaded'),
      dump(1, 'eu', '1', '2026-01-01T00:00:00Z', 'superseded'),
      dump(2, 'us', '2', '2026-02-01T00:00:00Z', 'loaded'),
      dump(4, 'eu', '4', '2026-04-01T00:00:00Z', 'failed'),
    ])
    assert.deepEqual(regions.map((r) => [r.region, r.version, r.entries.map((e) => `${e.version}:${e.state}${e.current ? '*' : ''}`)]), [
      ['eu', '3', ['1:superseded', '3:loaded*', '4:failed']],
      ['us', '2', ['2:loaded*']],
    ])
  })

  it('places a dump without an export time at when heirloom first saw it; a region with nothing loaded has no current snapshot', () => {
    const [r] = regionTimelines([dump(1, 'ap', '1', null, 'scanned')])
    assert.equal(r.version, null)
    assert.deepEqual(r.entries.map((e) => [e.at, e.current]), [['2026-06-01T00:00:00Z', false]])
  })

  it('spans the timeline from the first to the last dump, and adds up the loads', () => {
    const data: ReportData = {
      children: new Map([['orders', ['orders_v1']]]),
      dumps: [dump(1, 'eu', '1', '2026-01-01T00:00:00Z', 'superseded'), dump(2, 'eu', '3', '2026-03-01T00:00:00Z', 'loaded')],
      loads: [{ dumpId: 1, table: 'orders', members: 1, failed: 0, loaded: 10, rejected: 2, bytes: 1000, seconds: 0.5 }, { dumpId: 2, table: 'orders', members: 1, failed: 1, loaded: 0, rejected: 0, bytes: 0, seconds: null }],
      failures: [{ dumpId: 2, table: 'orders', member: 'Orders.dat', code: 'DUMP_UNREADABLE', message: 'bad', hint: null }],
      rejectGroups: [], rejectsTotal: 2,
      migrations: { applied: ['a'], pending: [], edited: [], missing: [], verified: true },
    }
    const m = buildReportModel({ generatedAt: '2026-06-02T00:00:00Z', schema: 'public', matrices: [driftMatrix('orders', [v1])], data })
    assert.deepEqual(m.span, { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' })
    assert.deepEqual(m.totals, { dumps: 2, tables: 1, loaded: 10, rejected: 2, bytes: 1000, failed: 1 })
    assert.deepEqual(m.loads.map((l) => [l.dump, l.region, l.version, l.table]), [['shop_eu_v1.zip', 'eu', '1', 'orders'], ['shop_eu_v3.zip', 'eu', '3', 'orders']])
    assert.equal(m.failures[0].dump, 'shop_eu_v3.zip')
  })
})
