import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { run as runPipeline, type RunReport } from '../../src/use-cases/run'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'
import { makeZip } from '../support/make-zip'

/*
 * Issue #13, "Silent data changes": two ways the reader changed data while
 * the load said "loaded". One mysql-tab dump, loaded once through the whole
 * pipeline into a real PostgreSQL.
 */

const WIDE_COLUMNS = 40
/** Field numbers (1-based) where the reader's field array grows: a NULL there became ''. */
const GROWS_AT = [17, 33]

/** Row `id` of the wide table: Id, Ref (a uuid: only the checks load it), then text; NULL at GROWS_AT, '' beside them. */
function wideRow(id: number): (string | null)[] {
  return Array.from({ length: WIDE_COLUMNS }, (_, i) => {
    const field = i + 1
    if (field === 1) return String(id)
    if (field === 2) return '6f9619ff-8b86-d011-b42d-00c04fc964ff'
    if (GROWS_AT.includes(field)) return null
    if (GROWS_AT.includes(field - 1) || GROWS_AT.includes(field + 1)) return ''
    return `v${id}.${field}`
  })
}

const mysqlTab = (rows: readonly (readonly (string | null)[])[]): string => rows.map((r) => `${r.map((v) => v ?? '\\N').join('\t')}\n`).join('')

const SHORT_COLUMNS = [
  { name: 'Id', type: 'int', nullable: false },
  { name: 'Name', type: 'varchar', length: 20 },
  { name: 'Amount', type: 'decimal', precision: 10, scale: 2 },
  { name: 'Day', type: 'date' },
]

const TABLES: Readonly<Record<string, { readonly columns: readonly object[]; readonly data: string }>> = {
  Wide: {
    columns: Array.from({ length: WIDE_COLUMNS }, (_, i) => (i === 0 ? { name: 'Id', type: 'int', nullable: false } : { name: `C${i + 1}`, type: i === 1 ? 'char' : 'varchar', length: i === 1 ? 36 : 20 })),
    data: mysqlTab([wideRow(1), wideRow(2)]),
  },
  // The issue's example, byte for byte.
  Short: { columns: SHORT_COLUMNS, data: '3\ttoo few\n4\tok2\t2.00\t2025-01-02\n' },
  Long: { columns: SHORT_COLUMNS, data: '1\ta\t1.00\t2025-01-01\textra\n2\tb\t2.00\t2025-01-02\n' },
  ShortLast: { columns: SHORT_COLUMNS, data: '1\ta\t1.00\t2025-01-01\n2\tshort' },
}

describe('reader: no silent data changes (issue #13)', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  let report: RunReport

  before(async () => {
    db = await createTestDatabase()
    ws = makeWorkspace('reader-silent')
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    const members: Record<string, string> = {
      'manifest.json': JSON.stringify({ application: 'rd', version: '1', region: 'eu', dialect: 'mysql', format: 'mysql-tab' }),
    }
    for (const [table, t] of Object.entries(TABLES)) {
      members[`${table}.json`] = JSON.stringify({ table, columns: t.columns })
      members[`${table}.dat`] = t.data
    }
    await makeZip(path.join(ws.dir, 'dumps', 'rd_eu_v1.zip'), members)
    // MySQL has no uuid type: the column is char(36), mapped to uuid, which only the checks convert.
    report = await runPipeline(writeConfig(ws.dir, [
      `database: { url: '${db.url}' }`, 'dumps: { path: ./dumps }', 'migrations: { directory: ./migrations }',
      'types: { columns: { Wide.C2: uuid } }', 'ingest: { workers: 2 }', '',
    ].join('\n')))
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  /** The member's rejects (line, raw, reason), the ids loaded, and rows in file = loaded + rejected. */
  async function loadOf(table: string): Promise<{ rejects: { line: number; raw: string; reason: string }[]; ids: number[] }> {
    const rejects = (await db.query<{ line: string; raw: string; reason: string }>(
      'SELECT line, raw, reason FROM heirloom.rejects WHERE member = $1 ORDER BY line', [`${table}.dat`])).map((r) => ({ ...r, line: Number(r.line) }))
    const ids = (await db.query<{ id: number }>(`SELECT id FROM public.${table.toLowerCase()}_v1 ORDER BY id`)).map((r) => r.id)
    const [load] = await db.query<{ rows_in_file: string; rows_loaded: string; rows_rejected: string }>(
      'SELECT rows_in_file, rows_loaded, rows_rejected FROM heirloom.loads WHERE member = $1', [`${table}.dat`])
    assert.deepEqual([load.rows_loaded, load.rows_rejected].map(Number), [ids.length, rejects.length], `${table}: counts`)
    assert.equal(Number(load.rows_in_file), ids.length + rejects.length, `${table}: rows in file = loaded + rejected`)
    return { rejects, ids }
  }

  it('keeps a NULL at fields 17 and 33 of a wide record read by the checks NULL, not the empty string', async () => {
    assert.equal(report.ok, true, JSON.stringify(report.ingest, null, 2))
    assert.deepEqual(await loadOf('Wide'), { rejects: [], ids: [1, 2] })
    const names = Array.from({ length: WIDE_COLUMNS - 1 }, (_, i) => `c${i + 2}`)
    const rows = await db.query<Record<string, string | null>>(`SELECT ${names.map((n) => `${n}::text`).join(', ')} FROM public.wide_v1 ORDER BY id`)
    assert.deepEqual(rows.map((r) => names.map((n) => r[n])), [wideRow(1).slice(1), wideRow(2).slice(1)])
  })

  it('mysql-tab: a short row is a reject of its own line, and the next row loads', async () => {
    const { rejects, ids } = await loadOf('Short')
    assert.deepEqual(rejects, [{ line: 1, raw: '3\ttoo few', reason: 'expected 4 fields, found 2' }])
    assert.deepEqual(ids, [4])
    const [row] = await db.query('SELECT id, name, amount::text AS amount, day::text AS day FROM public.short_v1')
    assert.deepEqual(row, { id: 4, name: 'ok2', amount: '2.00', day: '2025-01-02' })
  })

  it('mysql-tab: a row with a field too many is a reject of its own line, and the next row loads', async () => {
    assert.deepEqual(await loadOf('Long'), { rejects: [{ line: 1, raw: '1\ta\t1.00\t2025-01-01\textra', reason: 'expected 4 fields, found 5' }], ids: [2] })
  })

  it('mysql-tab: a short last line without LF is a reject of that line', async () => {
    assert.deepEqual(await loadOf('ShortLast'), { rejects: [{ line: 2, raw: '2\tshort', reason: 'expected 4 fields, found 2' }], ids: [1] })
  })
})
