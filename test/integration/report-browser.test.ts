/**
 * Issue #16: `heirloom report` opened in a real browser (playwright-core
 * driving Chromium), as a person sees it: a drift series v1 → v2 → v3 over
 * two regions (an added, a dropped, a widened and an incompatible column; a
 * column named `<script>alert(1)</script>`; a rejected line holding HTML),
 * and the demo. Screenshots of each section go to a folder named in the
 * test's output.
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { chromium, type Browser, type Page } from 'playwright-core'
import { findChromium, NO_BROWSER } from '../support/browser'
import { heirloom } from '../support/cli'
import { writeDump, type DumpSpec } from '../support/drift-dumps'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'

const XSS = '<script>alert(1)</script>'
const HTML_LINE = '<img src=x onerror=alert(2)>'
const ID = ['id', 'int not null'] as const
const V1: DumpSpec = {
  version: '1', region: 'eu', exportedAt: '2026-01-01T00:00:00Z', tables: {
    Orders: { columns: [ID, ['qty', 'int'], ['total', 'decimal(10,2)'], ['fax', 'varchar(20)'], [XSS, 'varchar(20)']], rows: [['1', '5', '1.50', '555', 'a'], [HTML_LINE, '1', '2.00', 'f', 'b'], ['3', '7', '3.25', null, 'c']] },
  },
}
const V2: DumpSpec = {
  version: '2', region: 'us', exportedAt: '2026-02-01T00:00:00Z', tables: {
    Orders: { columns: [ID, ['qty', 'varchar(20)'], ['total', 'decimal(14,2)'], [XSS, 'varchar(20)']], rows: [['1', 'five', '10.50', 'x'], ['2', 'six', '11.00', 'y']] },
  },
}
const V3: DumpSpec = {
  version: '3', region: 'eu', exportedAt: '2026-03-01T00:00:00Z', tables: {
    Orders: { columns: [ID, ['qty', 'varchar(20)'], ['total', 'decimal(14,2)'], [XSS, 'varchar(20)'], ['tier', 'int']], rows: [['1', 'one', '1.00', 'z', '4']] },
  },
}

const SHOTS = path.join(os.tmpdir(), 'heirloom-report-screenshots')
const CHROMIUM = findChromium()

describe('heirloom report in a real browser', { skip: CHROMIUM === undefined ? NO_BROWSER : false }, () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  let browser: Browser
  let page: Page
  const dialogs: string[] = []

  before(async () => {
    db = await createTestDatabase()
    ws = makeWorkspace('report-browser')
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    writeConfig(ws.dir, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { workers: 1 }\n`)
    // One dump at a time, as the nightly loads would bring them: eu v1, us v2, then eu v3 replacing eu v1.
    for (const spec of [V1, V2, V3]) {
      await writeDump(path.join(ws.dir, 'dumps'), spec)
      const r = heirloom(ws.dir, ['run'])
      assert.ok(r.status === 0 || r.status === 1, r.stderr)
    }
    fs.mkdirSync(SHOTS, { recursive: true })
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
  })
  after(async () => {
    await browser?.close()
    await db?.drop()
    ws?.cleanup()
  })

  async function open(file: string): Promise<void> {
    // Offline: every request but the file itself fails, so the page must hold all it needs.
    await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()))
    await page.goto(`file://${file}`)
    // A string: this project's TypeScript has no DOM types.
    await page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true })")
  }

  async function shoot(name: string, section: string): Promise<void> {
    await page.locator(section).screenshot({ path: path.join(SHOTS, `${name}.png`) })
  }

  it('the drift series: matrix cells and their marks, the mother column marked, the region timeline, loads, rejects, migrations', async (t) => {
    const out = path.join(ws.dir, 'out', 'report.html')
    const r = heirloom(ws.dir, ['report', '--out', out])
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /^wrote .*report\.html \(.*\): 1 tables, 3 versions, 2 regions/)
    await open(out)
    t.diagnostic(`screenshots in ${SHOTS}`)

    // The overview: orders in v1, v2, v3, with v2's marks (a dropped, a widened, an incompatible) and v3's added.
    const overview = await page.locator('table.overview tbody tr').first().locator('td').allInnerTexts()
    assert.deepEqual(overview.map((c) => c.trim()), ['✓', '✓ −1 ↑1 ✕1', '✓ +1'])
    await shoot('drift-evolution', '#evolution')

    const matrix = page.locator('#table-0 table')
    const row = async (column: string): Promise<string[]> => (await matrix.locator('tbody tr').filter({ has: page.locator('th', { hasText: column }) }).first().locator('td').allInnerTexts()).map((c) => c.trim())
    // column | mother | v1 | v2 | v3 | note
    assert.deepEqual(await row('qty'), ['—', 'integer', 'varchar(20) incompatible', 'varchar(20)', 'not in the mother: types integer and varchar(20) have no lossless common type'])
    assert.deepEqual(await row('total'), ['numeric(14,2)', 'numeric(10,2)', 'numeric(14,2) widened', 'numeric(14,2)', 'mother widened to numeric(14,2)'])
    assert.deepEqual(await row('fax'), ['—', 'varchar(20)', '— dropped', '—', 'not in the mother: not in v2, v3'])
    assert.deepEqual(await row('tier'), ['—', '—', '—', 'integer added', 'not in the mother: not in v1, v2'])
    assert.equal(await matrix.locator('tbody tr', { hasText: 'total' }).locator('th .mother-dot').count(), 1, 'total is a column of the mother')
    assert.equal(await matrix.locator('tbody tr', { hasText: 'qty' }).locator('th .mother-dot').count(), 0, 'qty is not')

    // The hostile column name is text on the page, and no script but the report's own exists.
    const hostile = matrix.locator('tbody th', { hasText: XSS })
    assert.equal(await hostile.count(), 1)
    assert.equal(await hostile.isVisible(), true)
    assert.equal(await page.evaluate('document.scripts.length'), 1)

    // Regions: eu runs v3 (v1 superseded), us runs v2; the timeline has the three entries.
    const regions = (await page.locator('table.regions tbody tr').allInnerTexts()).map((l) => l.split('\t').slice(0, 3).join(' '))
    assert.deepEqual(regions, ['shop eu v3', 'shop us v2'])
    const entries = await page.locator('.timeline g.entry title').allTextContents()
    assert.deepEqual(entries, ['shop_eu_v1.zip: v1, 2026-01-01T00:00:00Z, superseded', 'shop_eu_v3.zip: v3, 2026-03-01T00:00:00Z, loaded (current)', 'shop_us_v2.zip: v2, 2026-02-01T00:00:00Z, loaded (current)'])
    assert.equal(await page.locator('.timeline g.entry.current').count(), 2)
    await shoot('drift-regions', '#regions')

    // Loads: one row per dump and table, the rejected line counted.
    const loads = (await page.locator('table.loads tbody tr').allInnerTexts()).map((l) => l.split('\t').slice(0, 6).join(' '))
    assert.deepEqual(loads, ['shop_eu_v1.zip eu 1 orders 2 1', 'shop_us_v2.zip us 2 orders 2 0', 'shop_eu_v3.zip eu 3 orders 1 0'])
    await page.fill('#load-filter', 'us')
    assert.equal(await page.locator('table.loads tbody tr:visible').count(), 1, 'the filter keeps the rows that match')
    await page.fill('#load-filter', '')
    await shoot('drift-loads', '#loads')

    // Rejects: the line holding HTML is shown as text, never as an element.
    const rejects = page.locator('#rejects')
    assert.match(await rejects.locator('p').first().innerText(), /^1 rows rejected/)
    assert.equal(await rejects.locator('pre', { hasText: HTML_LINE }).isVisible(), true)
    assert.equal(await page.locator('img').count(), 0)
    await shoot('drift-rejects', '#rejects')

    assert.match(await page.locator('#migrations p').first().innerText(), /^\d+ applied · 0 pending · 0 edited after applied/)
    await shoot('drift-migrations', '#migrations')
    assert.deepEqual(dialogs, [], 'no dialog opened: nothing from the dumps ran as script')
  })

  it('the demo: `heirloom demo` ends by writing the report and printing its path; the browser shows its versions, regions and loads', async () => {
    // The demo's own config (heirloom.yml at the package root) on a database of its own.
    const demoDb = await createTestDatabase()
    const demo = heirloom(ws.dir, ['demo'], { DATABASE_URL: demoDb.url })
    await demoDb.drop()
    assert.equal(demo.status, 0, demo.stderr)
    const file = /^report: (.+)$/m.exec(demo.stdout)?.[1]
    assert.ok(file !== undefined && fs.existsSync(file), demo.stdout)
    await open(file)
    const overview = (await page.locator('table.overview tbody tr').allInnerTexts()).map((l) => l.replace(/\s+/g, ' ').trim())
    assert.deepEqual(overview, ['customers ✓ ✓ +1', 'orders ✓ ✓ ↑1', 'products ✓ ✓ −1'])
    const regions = (await page.locator('table.regions tbody tr').allInnerTexts()).map((l) => l.split('\t').slice(0, 3).join(' '))
    assert.deepEqual(regions, ['shop eu v1', 'shop us v2'])
    assert.equal(await page.locator('table.loads tbody tr').count(), 6)
    await page.screenshot({ path: path.join(SHOTS, 'demo.png'), fullPage: true })
    assert.deepEqual(dialogs, [])
  })
})
