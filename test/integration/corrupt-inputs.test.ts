import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'
import { heirloom } from '../support/cli'
import { makeSyntheticDump, syntheticSchema } from '../support/synthetic-dump'
import { damageMember, declareSize, locateMember } from '../support/corrupt-zip'
import { makeZip } from '../support/make-zip'

const ROWS = 2000

interface Case { readonly db: TestDatabase; readonly dir: string; readonly config: string }

/**
 * A folder holding one good dump (region ok) and whatever the test adds;
 * the run must load the good dump whatever happens to the others.
 */
async function setup(ws: string, label: string, dumpsConfig = ''): Promise<Case> {
  const dir = path.join(ws, label)
  const db = await createTestDatabase()
  await makeSyntheticDump(path.join(dir, 'dumps'), { region: 'ok', exportedAt: '2026-11-01T00:00:00Z', tables: 2, rows: ROWS })
  const config = path.join(dir, 'heirloom.yml')
  fs.writeFileSync(config, `database: { url: '${db.url}' }\ndumps: { path: ./dumps${dumpsConfig} }\nmigrations: { directory: ./migrations }\n`)
  return { db, dir, config }
}

async function goodDumpLoaded(c: Case): Promise<void> {
  const [r] = await c.db.query<{ n: string }>("SELECT count(*) AS n FROM public.t01 m JOIN heirloom.dumps d ON d.id = m._dump_id WHERE d.region = 'ok'")
  assert.equal(Number(r.n), ROWS, 'the good dump still loads')
}

async function failedLoads(c: Case): Promise<{ member: string; error: string }[]> {
  return c.db.query("SELECT member, error FROM heirloom.loads WHERE status = 'failed' ORDER BY member")
}

describe('corrupt inputs fail alone, with an error naming the dump and the member', () => {
  let ws: ReturnType<typeof makeWorkspace>
  const dbs: TestDatabase[] = []
  before(() => { ws = makeWorkspace('corrupt') })
  after(async () => {
    for (const db of dbs) await db.drop()
    ws.cleanup()
  })

  async function bad(label: string, damage: (file: string) => Promise<void>, dumpsConfig = ''): Promise<Case & { run: ReturnType<typeof heirloom> }> {
    const c = await setup(ws.dir, label, dumpsConfig)
    dbs.push(c.db)
    const file = await makeSyntheticDump(path.join(c.dir, 'dumps'), { region: 'bad', exportedAt: '2026-11-02T00:00:00Z', tables: 2, rows: ROWS })
    await damage(file)
    const run = heirloom(c.dir, ['run', '--config', c.config])
    await goodDumpLoaded(c)
    assert.equal(run.status, 1, `exit 1 says something failed\n${run.stdout}${run.stderr}`)
    return { ...c, run }
  }

  it('a member with a bad CRC', async () => {
    const c = await bad('crc', (f) => damageMember(f, 'T01.dat'))
    assert.match(c.run.stdout + c.run.stderr, /shop_bad_2026-11-02\.zip: member T01\.dat is corrupt/)
    const failed = await failedLoads(c)
    assert.deepEqual(failed.map((f) => f.member), ['T01.dat'])
    assert.match(failed[0].error, /corrupt/)
    // The other member loads into its staged leaf; the region does not switch to a snapshot with a table missing.
    const [leaf] = await c.db.query<{ name: string }>(
      "SELECT quote_ident(l.leaf_schema) || '.' || quote_ident(l.leaf) AS name FROM heirloom.leaves l JOIN heirloom.dumps d ON d.id = l.dump_id WHERE d.region = 'bad' AND l.child = 't02_v1' AND l.state = 'staged'")
    const [other] = await c.db.query<{ n: string; loaded: string }>(
      `SELECT (SELECT count(*) FROM ${leaf.name}) AS n, (SELECT l.rows_loaded FROM heirloom.loads l JOIN heirloom.dumps d ON d.id = l.dump_id WHERE d.region = 'bad' AND l.member = 'T02.dat') AS loaded`)
    assert.deepEqual([Number(other.n), Number(other.loaded)], [ROWS, ROWS], 'the same dump\'s other member loads')
    const [visible] = await c.db.query<{ n: string }>("SELECT count(*) AS n FROM public.t02 m JOIN heirloom.dumps d ON d.id = m._dump_id WHERE d.region = 'bad'")
    assert.equal(visible.n, '0', 'a dump with a failed table stays staged: no reader sees half of it')
  })

  for (const cut of [0.1, 0.5, 0.999]) {
    it(`a ZIP truncated at ${cut * 100}% of its size`, async () => {
      const c = await bad(`truncated-${cut}`, async (f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size * cut)))
      assert.match(c.run.stdout + c.run.stderr, /shop_bad_2026-11-02\.zip: not a readable ZIP file/)
    })
  }

  it('a central directory that declares a smaller size than the member inflates to', async () => {
    const c = await bad('smaller', (f) => declareSize(f, 'T01.dat', 1000))
    assert.match(c.run.stdout + c.run.stderr, /T01\.dat is corrupt/)
    assert.deepEqual((await failedLoads(c)).map((f) => f.member), ['T01.dat'])
  })

  it('a central directory that declares a larger size than the member inflates to', async () => {
    const c = await bad('larger', async (f) => declareSize(f, 'T01.dat', (await locateMember(f, 'T01.dat')).compressedSize * 50))
    assert.match(c.run.stdout + c.run.stderr, /T01\.dat is corrupt/)
  })

  it('a member stored uncompressed but declared as deflate', async () => {
    const c = await bad('not-deflate', async (f) => {
      // Rebuild the dump with T01.dat stored (method 0), then claim deflate (8) in both headers.
      await makeZip(f, {
        'manifest.json': JSON.stringify({ application: 'shop', version: '1', region: 'bad', exportedAt: '2026-11-02T00:00:00Z', dialect: 'mysql', format: 'mysql-tab' }),
        'T01.json': syntheticSchema('T01'),
        'T01.dat': '1\tx\t1.00\n'.repeat(500),
      }, ['T01.dat'])
      const bytes = fs.readFileSync(f)
      const p = await locateMember(f, 'T01.dat')
      const local = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), p.dataStart)
      bytes.writeUInt16LE(8, local + 8)
      bytes.writeUInt16LE(8, p.centralRecord + 10)
      fs.writeFileSync(f, bytes)
    })
    assert.match(c.run.stdout + c.run.stderr, /T01\.dat is corrupt/)
  })

  it('a ZIP bomb: a member declaring more than dumps.maxMemberBytes is refused before it is inflated', async () => {
    const c = await bad('bomb', async (f) => declareSize(f, 'T01.dat', 4_000_000_000), ', maxMemberBytes: 10000000')
    assert.match(c.run.stdout + c.run.stderr, /T01\.dat declares 4000000000 bytes, more than dumps\.maxMemberBytes \(10000000\)/)
  })

  it('a file that is not a ZIP at all, with a .zip name', async () => {
    const c = await bad('not-zip', async (f) => fs.writeFileSync(f, 'this is a CSV file, not a ZIP\n'))
    assert.match(c.run.stdout + c.run.stderr, /shop_bad_2026-11-02\.zip: not a readable ZIP file/)
  })

  it('an empty ZIP is a dump with no tables, not a crash', async () => {
    const c = await setup(ws.dir, 'empty')
    dbs.push(c.db)
    await makeZip(path.join(c.dir, 'dumps', 'shop_empty_v1.zip'), {})
    const run = heirloom(c.dir, ['run', '--config', c.config])
    await goodDumpLoaded(c)
    assert.match(run.stdout + run.stderr, /shop_empty_v1\.zip/)
  })
})
