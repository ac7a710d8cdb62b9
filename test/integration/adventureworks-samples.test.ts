import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { run as runPipeline, type RunReport } from '../../src/use-cases/run'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'
import { ADVENTUREWORKS_ROW_COUNTS, adventureWorksConfig } from '../support/adventureworks'
import { makeZip } from '../support/make-zip'
import { findSharedDir } from '../support/shared-dir'

const ROW_COUNTS = ADVENTUREWORKS_ROW_COUNTS

const SAMPLES = (() => {
  const shared = findSharedDir()
  const dir = shared === undefined ? undefined : path.join(shared, 'samples', 'adventureworks-dw')
  return dir !== undefined && fs.existsSync(dir) ? dir : undefined
})()
const ABSENT = 'shared/samples/adventureworks-dw not found beside the repository'

/** The sample's records: LF-terminated, `|`-separated, one record per line (no field holds a newline). */
function sampleRows(table: string): string[][] {
  const text = fs.readFileSync(path.join(SAMPLES ?? '', `${table}.csv`), 'utf8')
  return text.split('\n').filter((line, i, all) => i < all.length - 1 || line !== '').map((line) => line.split('|'))
}

/** `2010-11-29 00:00:00.000` as PostgreSQL prints a timestamp: no trailing fractional zeros. */
function withoutTrailingZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s
}

describe('the AdventureWorksDW bulk-load files (SQL Server character mode, written by SQL Server tooling)', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  let report: RunReport

  before(async () => {
    if (SAMPLES === undefined) return
    db = await createTestDatabase()
    ws = makeWorkspace('adventureworks')
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    const members: Record<string, Buffer> = {}
    for (const file of fs.readdirSync(SAMPLES)) members[`AdventureWorksDW/${file}`] = fs.readFileSync(path.join(SAMPLES, file))
    await makeZip(path.join(ws.dir, 'dumps', 'adventureworks_v2022.zip'), members)
    const config = adventureWorksConfig(ws.dir, db.url)
    report = await runPipeline(config)
  })
  after(async () => {
    if (SAMPLES === undefined) return
    await db.drop()
    ws.cleanup()
  })

  it('loads every table with the row count the README lists, and rejects nothing', async (t) => {
    if (SAMPLES === undefined) return t.skip(ABSENT)
    assert.equal(report.ok, true, JSON.stringify(report.ingest, null, 2))
    assert.deepEqual(await db.query('SELECT member, line, reason FROM heirloom.rejects'), [])
    for (const [table, expected] of Object.entries(ROW_COUNTS)) {
      const [{ n }] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM public.${table.toLowerCase()}_v2022`)
      assert.equal(Number(n), expected, table)
    }
    const loads = await db.query<{ rows_in_file: string; rows_loaded: string; rows_rejected: string }>('SELECT rows_in_file, rows_loaded, rows_rejected FROM heirloom.loads')
    assert.equal(loads.length, Object.keys(ROW_COUNTS).length)
    for (const l of loads) assert.equal(Number(l.rows_in_file), Number(l.rows_loaded) + Number(l.rows_rejected))
  })

  it('keeps the varbinary images (40–55 KB each, 80–110 KB of hex) byte for byte', async (t) => {
    if (SAMPLES === undefined) return t.skip(ABSENT)
    const expected = sampleRows('DimSalesTerritory').map((f) => ({
      key: Number(f[0]),
      sha256: f[5] === '' ? null : createHash('sha256').update(Buffer.from(f[5], 'hex')).digest('hex'),
      bytes: f[5] === '' ? null : f[5].length / 2,
    }))
    assert.ok(expected.filter((e) => (e.bytes ?? 0) > 30_000).length >= 10, 'the sample holds ten images of 60–110 KB of hex each')
    const loaded = await db.query<{ key: number; sha256: string | null; bytes: number | null }>(
      `SELECT salesterritorykey AS key, encode(sha256(salesterritoryimage), 'hex') AS sha256, octet_length(salesterritoryimage) AS bytes
       FROM public.dimsalesterritory_v2022 ORDER BY 1`)
    assert.deepEqual(loaded, expected.sort((a, b) => a.key - b.key))
  })

  it('keeps multilingual text (Arabic, Han, Devanagari, Cyrillic, Hangul … scripts) and literal double quotes equal to the file', async (t) => {
    if (SAMPLES === undefined) return t.skip(ABSENT)
    const expected = new Map(sampleRows('FactAdditionalInternationalProductDescription').map((f) => [`${f[0]}|${f[1]}`, f.slice(2).join('|')]))
    const loaded = await db.query<{ productkey: number; culturename: string; productdescription: string }>(
      'SELECT productkey, culturename, productdescription FROM public.factadditionalinternationalproductdescription_v2022')
    assert.equal(loaded.length, expected.size)
    for (const row of loaded) {
      assert.equal(row.productdescription, expected.get(`${row.productkey}|${row.culturename}`), `${row.productkey} ${row.culturename}`)
    }
    const text = loaded.map((r) => r.productdescription).join('')
    for (const script of [/\p{Script=Arabic}/u, /\p{Script=Han}/u, /\p{Script=Devanagari}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u, /\p{Script=Hangul}/u, /\p{Script=Tamil}/u]) {
      assert.match(text, script)
    }
    assert.ok(loaded.some((r) => r.culturename === 'Albanian' && r.productdescription.startsWith('"')), 'double quotes are data')
  })

  it('reads SQL Server float and datetime text, and an empty field as NULL', async (t) => {
    if (SAMPLES === undefined) return t.skip(ABSENT)
    const promotions = new Map(sampleRows('DimPromotion').map((f) => [Number(f[0]), f]))
    const loaded = await db.query<{ key: number; pct: number | null; start: string; finish: string | null; maxqty: number | null }>(
      `SELECT promotionkey AS key, discountpct AS pct, startdate::text AS start, enddate::text AS finish, maxqty
       FROM public.dimpromotion_v2022 ORDER BY 1`)
    for (const row of loaded) {
      const f = promotions.get(row.key) ?? []
      assert.equal(row.pct, f[5] === '' ? null : Number(f[5]), `discount of ${row.key}`)
      assert.equal(row.start, withoutTrailingZeros(f[12]), `start of ${row.key}`)
      assert.equal(row.finish, f[13] === '' ? null : withoutTrailingZeros(f[13]), `end of ${row.key}`)
      assert.equal(row.maxqty, f[15] === '' ? null : Number(f[15]), `max quantity of ${row.key}`)
    }
    assert.ok(loaded.some((r) => r.maxqty === null), 'some promotions have no maximum')
    const [account] = await db.query<{ parentaccountkey: number | null; custommembers: string | null }>(
      'SELECT parentaccountkey, custommembers FROM public.dimaccount_v2022 WHERE accountkey = 1')
    assert.deepEqual(account, { parentaccountkey: null, custommembers: null })
  })
})
