import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'
import { heirloom, type CliResult } from '../support/cli'
import { makeSyntheticDump, syntheticSchema } from '../support/synthetic-dump'
import { locateMember } from '../support/corrupt-zip'
import { makeZip } from '../support/make-zip'

const ROWS = 50
const MANIFEST = (region: string, exportedAt = '2026-11-02T00:00:00Z'): string =>
  JSON.stringify({ application: 'shop', version: '1', region, exportedAt, dialect: 'mysql', format: 'mysql-tab' })
const rows = (region: string): string => Array.from({ length: ROWS }, (_, i) => `${i + 1}\t${region}-${i + 1}\t1.00`).join('\n') + '\n'

interface Problem { file: string; member?: string; severity: string; code: string; message: string; hint?: string }
interface StatusJson { dumps: { file: string; state: string; problems: Problem[] }[]; fileProblems: Problem[] }
interface IngestJson { dumps: { file: string; outcome: string; problems: Problem[] }[]; unreadable: Problem[] }

interface Case { readonly db: TestDatabase; readonly dir: string; readonly config: string; readonly dumps: string }

/**
 * Silent skips (issue #13): each input problem is named by the run that
 * meets it, by every later run and by `status` (text and --json), with what
 * to do, and shows in the exit code.
 */
describe('dump problems are named, kept in the bookkeeping and shown by status', () => {
  let ws: ReturnType<typeof makeWorkspace>
  const dbs: TestDatabase[] = []
  before(() => { ws = makeWorkspace('problems') })
  after(async () => {
    for (const db of dbs) await db.drop()
    ws.cleanup()
  })

  /** A folder with one good dump (region ok), unless `good` is false. */
  async function setup(label: string, good = true): Promise<Case> {
    const dir = path.join(ws.dir, label)
    const dumps = path.join(dir, 'dumps')
    fs.mkdirSync(dumps, { recursive: true })
    const db = await createTestDatabase()
    dbs.push(db)
    if (good) await makeSyntheticDump(dumps, { region: 'ok', exportedAt: '2026-11-01T00:00:00Z', tables: 2, rows: ROWS })
    const config = path.join(dir, 'heirloom.yml')
    fs.writeFileSync(config, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\n`)
    return { db, dir, config, dumps }
  }

  const cli = (c: Case, ...args: string[]): CliResult => heirloom(c.dir, [...args, '--config', c.config])

  /** Rows of the region's dumps loaded into the table's leaves, switched (visible) or staged (a dump with an error problem does not switch). */
  async function regionRows(c: Case, region: string, table = 't01'): Promise<number> {
    const leaves = await c.db.query<{ name: string }>(
      `SELECT quote_ident(l.leaf_schema) || '.' || quote_ident(l.leaf) AS name FROM heirloom.leaves l JOIN heirloom.dumps d ON d.id = l.dump_id
       WHERE d.region = $1 AND l.child = $2 AND l.state IN ('staged', 'attached')`, [region, `${table}_v1`])
    let n = 0
    for (const l of leaves) n += Number((await c.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${l.name}`))[0].n)
    return n
  }

  /** Rows of the region a reader of the mother sees. */
  async function visibleRows(c: Case, region: string, table = 't01'): Promise<number> {
    const [r] = await c.db.query<{ n: string }>(`SELECT count(*) AS n FROM public.${table} m JOIN heirloom.dumps d ON d.id = m._dump_id WHERE d.region = $1`, [region])
    return Number(r.n)
  }

  /**
   * The problem is named with its way out by `run`, again by a later
   * `ingest` (text and --json), and by `status` (text and --json); every one
   * of them exits `code`; the good dump loads whatever happens.
   */
  async function assertNamedEverywhere(c: Case, named: RegExp, hint: RegExp, code = 1): Promise<Problem> {
    const run = cli(c, 'run')
    assert.equal(run.status, code, `run exits ${code}\n${run.stdout}${run.stderr}`)
    assert.match(run.stdout, named)
    assert.match(run.stdout, hint)
    if (fs.readdirSync(c.dumps).some((f) => f.startsWith('shop_ok_'))) assert.equal(await visibleRows(c, 'ok'), ROWS, 'the good dump loads')
    const later = cli(c, 'ingest')
    assert.equal(later.status, code, `a later ingest exits ${code} too\n${later.stdout}${later.stderr}`)
    assert.match(later.stdout, named)
    const laterJson = cli(c, 'ingest', '--json')
    assert.equal(laterJson.status, code)
    const report = JSON.parse(laterJson.stdout) as IngestJson
    const inJson = [...report.unreadable, ...report.dumps.flatMap((d) => d.problems)]
    assert.ok(inJson.some((p) => named.test(p.message) && hint.test(p.hint ?? '')), laterJson.stdout)
    const status = cli(c, 'status')
    assert.equal(status.status, 1, `status exits 1 while the problem is current\n${status.stdout}`)
    assert.match(status.stdout, named)
    assert.match(status.stdout, hint)
    const statusJson = cli(c, 'status', '--json')
    assert.equal(statusJson.status, 1)
    const current = JSON.parse(statusJson.stdout) as StatusJson
    const problem = [...current.fileProblems, ...current.dumps.flatMap((d) => d.problems)].find((p) => named.test(p.message))
    assert.ok(problem !== undefined && hint.test(problem.hint ?? ''), statusJson.stdout)
    return problem
  }

  async function stateOf(c: Case, region: string): Promise<string> {
    const [r] = await c.db.query<{ state: string }>('SELECT state FROM heirloom.dumps WHERE region = $1', [region])
    return r.state
  }

  it('a table\'s schema file without its data file fails that table instead of "loaded, 0 rows"', async () => {
    const c = await setup('no-data')
    await makeZip(path.join(c.dumps, 'shop_bad_2026-11-02.zip'), {
      'manifest.json': MANIFEST('bad'), 'T01.json': syntheticSchema('T01'), 'T01.dat': rows('bad'), 'T02.json': syntheticSchema('T02'),
    })
    const p = await assertNamedEverywhere(c, /shop_bad_2026-11-02\.zip: table T02 has a schema file \(T02\.json\) but no data file \(T02\.dat or T02\.txt\)/, /export the dump again with the table's data file/)
    assert.deepEqual([p.member, p.code, p.severity], ['T02.json', 'DATA_MISSING', 'error'])
    assert.equal(await regionRows(c, 'bad'), ROWS, 'the dump\'s other table loads')
    assert.equal(await visibleRows(c, 'bad'), 0, 'staged: a dump missing a table does not switch, no reader sees half of it')
    assert.equal(await stateOf(c, 'bad'), 'partly loaded')
  })

  it('a ZIP with no table is named, and does not replace its region\'s loaded snapshot', async () => {
    const c = await setup('no-tables')
    // Same region as the good dump, exported later: taken as a dump, it would retire the good one's rows.
    await makeZip(path.join(c.dumps, 'shop_ok_2026-11-02.zip'), { 'manifest.json': MANIFEST('ok'), 'README.txt': 'nothing here', 'T01.csv': '1,a,1.00\n' })
    const p = await assertNamedEverywhere(c, /shop_ok_2026-11-02\.zip: the ZIP holds no table: none of its files is a schema file \(\*\.json, \*\.sql\): manifest\.json, README\.txt, T01\.csv/, /dumps\.schemaExt/)
    assert.equal(p.code, 'DUMP_EMPTY')
    assert.equal(await visibleRows(c, 'ok'), ROWS, 'the region keeps its rows')
  })

  it('an empty ZIP is said to be empty, not "version cannot be determined"', async () => {
    const c = await setup('empty-zip')
    await makeZip(path.join(c.dumps, 'shop_empty_v1.zip'), {})
    const p = await assertNamedEverywhere(c, /shop_empty_v1\.zip: the ZIP is empty: it holds no file at all/, /export the dump again/)
    assert.equal(p.code, 'DUMP_EMPTY')
  })

  it('a dumps folder with no ZIP is a configuration error naming dumps.path (exit 2), cleared once a dump arrives', async () => {
    const c = await setup('no-zip', false)
    fs.writeFileSync(path.join(c.dumps, 'notes.txt'), 'the export writes here')
    const p = await assertNamedEverywhere(c, /heirloom\.yml: dumps\.path: .*dumps holds no \.zip file, so there is no dump to load/, /check that the night's export arrived/, 2)
    assert.equal(p.code, 'CONFIG_INVALID')
    assert.match(cli(c, 'scan').stdout, /holds no \.zip file/)
    assert.equal(cli(c, 'scan').status, 2)
    await makeSyntheticDump(c.dumps, { region: 'ok', exportedAt: '2026-11-01T00:00:00Z', tables: 2, rows: ROWS })
    assert.equal(cli(c, 'run').status, 0)
    const status = cli(c, 'status', '--json')
    assert.equal(status.status, 0, status.stdout)
    assert.deepEqual((JSON.parse(status.stdout) as StatusJson).fileProblems, [], 'a fixed problem no longer shows')
  })

  it('two members with one name fail that table instead of the last one silently winning', async () => {
    const c = await setup('same-name')
    const file = path.join(c.dumps, 'shop_bad_2026-11-02.zip')
    // yazl writes both entries; rename the second copy in place (same length) to the first one's name.
    await makeZip(file, { 'manifest.json': MANIFEST('bad'), 'T01.json': syntheticSchema('T01'), 'T01.dat': rows('bad'), 'T02.json': syntheticSchema('T02'), 'T02.dat': rows('bad'), 'T02.daX': '1\tother\t9.00\n' }, ['T02.daX'])
    fs.writeFileSync(file, Buffer.from(fs.readFileSync(file).toString('latin1').split('T02.daX').join('T02.dat'), 'latin1'))
    const p = await assertNamedEverywhere(c, /shop_bad_2026-11-02\.zip: T02\.dat appears 2 times in the ZIP; table T02 is not loaded/, /each member name appears once/)
    assert.equal(p.code, 'MEMBER_AMBIGUOUS')
    assert.equal(await regionRows(c, 'bad', 't01'), ROWS)
    assert.equal(await regionRows(c, 'bad', 't02'), 0, 'neither copy is loaded')
  })

  it('the same table at two depths fails that table instead of merging both into one', async () => {
    const c = await setup('two-depths')
    await makeZip(path.join(c.dumps, 'shop_bad_2026-11-02.zip'), {
      'manifest.json': MANIFEST('bad'), 'T01.json': syntheticSchema('T01'), 'T01.dat': rows('bad'),
      'T02.json': syntheticSchema('T02'), 'T02.dat': rows('bad'), 'archive/T02.dat': rows('old'),
    })
    const p = await assertNamedEverywhere(c, /shop_bad_2026-11-02\.zip: table T02 has files in 2 folders \(\/, archive\/\); table T02 is not loaded/, /each table's files in one folder/)
    assert.equal(p.code, 'MEMBER_AMBIGUOUS')
    assert.equal(await regionRows(c, 'bad', 't01'), ROWS)
    assert.equal(await regionRows(c, 'bad', 't02'), 0)
  })

  it('members named with ../, an absolute path or a drive letter are refused one by one; the others load', async () => {
    const c = await setup('unsafe-names')
    const file = path.join(c.dumps, 'shop_dots_2026-11-02.zip')
    // yazl refuses such names: write same-length names and patch them in both headers.
    const unsafe: Record<string, string> = { 'xx/evil.dat': '../evil.dat', '_abs.dat': '/abs.dat', 'C__x.dat': 'C:\\x.dat' }
    await makeZip(file, {
      'manifest.json': MANIFEST('dots'), 'T01.json': syntheticSchema('T01'), 'T01.dat': rows('dots'), 'T02.json': syntheticSchema('T02'), 'T02.dat': rows('dots'),
      ...Object.fromEntries(Object.keys(unsafe).map((name) => [name, '1\tescaped\t1.00\n'])),
    }, Object.keys(unsafe))
    let bytes = fs.readFileSync(file).toString('latin1')
    for (const [from, to] of Object.entries(unsafe)) bytes = bytes.split(from).join(to)
    fs.writeFileSync(file, Buffer.from(bytes, 'latin1'))
    await assertNamedEverywhere(c, /shop_dots_2026-11-02\.zip: member \.\.\/evil\.dat refused: its name climbs out of its folder with \.\./, /the other members load/)
    const out = cli(c, 'status').stdout
    assert.match(out, /member \/abs\.dat refused: its name is an absolute path/)
    assert.match(out, /member C:\\x\.dat refused: its name starts with a drive letter/)
    assert.equal(await regionRows(c, 'dots', 't01'), ROWS)
    assert.equal(await regionRows(c, 'dots', 't02'), ROWS)
    assert.deepEqual(fs.readdirSync(c.dir).sort(), ['dumps', 'heirloom.yml', 'migrations'], 'nothing written outside')
    assert.equal(fs.existsSync(path.join(ws.dir, 'evil.dat')), false)
  })

  it('an encrypted member is said to be encrypted, with what to do, not "corrupt, export again"', async () => {
    const c = await setup('encrypted')
    const file = path.join(c.dumps, 'shop_bad_2026-11-02.zip')
    await makeZip(file, { 'manifest.json': MANIFEST('bad'), 'T01.json': syntheticSchema('T01'), 'T01.dat': rows('bad'), 'T02.json': syntheticSchema('T02'), 'T02.dat': rows('bad') })
    // General purpose bit 0 (encrypted) in T02.dat's local header and central-directory record.
    const at = await locateMember(file, 'T02.dat')
    const bytes = fs.readFileSync(file)
    const local = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), at.dataStart)
    bytes.writeUInt16LE(bytes.readUInt16LE(local + 6) | 1, local + 6)
    bytes.writeUInt16LE(bytes.readUInt16LE(at.centralRecord + 8) | 1, at.centralRecord + 8)
    fs.writeFileSync(file, bytes)
    const p = await assertNamedEverywhere(c, /shop_bad_2026-11-02\.zip: member T02\.dat is encrypted with a ZIP password, which heirloom does not read; table T02 is not loaded/, /export the dump again without ZIP encryption/)
    assert.equal(p.code, 'MEMBER_ENCRYPTED')
    assert.equal(await regionRows(c, 'bad', 't01'), ROWS)
    // PKWARE strong encryption (bit 6 as well) stops yauzl at the central directory: the whole dump, said to be encrypted.
    bytes.writeUInt16LE(bytes.readUInt16LE(at.centralRecord + 8) | 0x40, at.centralRecord + 8)
    fs.writeFileSync(file, bytes)
    const scan = cli(c, 'scan')
    assert.equal(scan.status, 1)
    assert.match(scan.stdout, /shop_bad_2026-11-02\.zip: the ZIP uses PKWARE strong encryption, which heirloom does not read → export the dump again without ZIP encryption/)
  })

  it('a zero date loaded as NULL stays a warning in the bookkeeping, shown by status on later runs', async () => {
    const c = await setup('zero-date')
    await makeZip(path.join(c.dumps, 'shop_dates_2026-11-02.zip'), {
      'manifest.json': MANIFEST('dates'),
      'E01.json': JSON.stringify({ table: 'E01', columns: [{ name: 'id', type: 'int', nullable: false }, { name: 'due', type: 'date' }, { name: 'shape', type: 'frobnicate' }] }),
      'E01.dat': '1\t0000-00-00\tsquare\n2\t2025-01-02\tround\n',
    })
    const run = cli(c, 'run')
    assert.equal(run.status, 0, `a warning is not a failure\n${run.stdout}${run.stderr}`)
    assert.match(run.stdout, /warning: shop_dates_2026-11-02\.zip: E01\.dat: column due: 1 zero date\(s\) loaded as NULL/)
    const later = cli(c, 'ingest')
    assert.equal(later.status, 0)
    assert.doesNotMatch(later.stdout, /zero date/, 'nothing was loaded again')
    const status = cli(c, 'status')
    assert.equal(status.status, 0, status.stdout)
    assert.match(status.stdout, /warning: shop_dates_2026-11-02\.zip: E01\.dat: column due: 1 zero date\(s\) loaded as NULL → MySQL zero dates have no PostgreSQL value/)
    const json = JSON.parse(cli(c, 'status', '--json').stdout) as StatusJson
    const dates = json.dumps.find((d) => d.file.endsWith('shop_dates_2026-11-02.zip'))
    assert.deepEqual(dates?.problems.map((p) => [p.member, p.severity, p.code]), [['E01.dat', 'warning', 'VALUE_CHANGED'], ['E01.json', 'warning', 'TYPE_UNKNOWN']])
    assert.match(status.stdout, /warning: shop_dates_2026-11-02\.zip: E01\.shape: unknown mysql type "frobnicate" loaded as text/)
  })

  it('a dump\'s problem stops showing once a newer export of its region replaces it', async () => {
    const c = await setup('fixed-later')
    await makeZip(path.join(c.dumps, 'shop_bad_2026-11-02.zip'), {
      'manifest.json': MANIFEST('bad'), 'T01.json': syntheticSchema('T01'), 'T01.dat': rows('bad'), 'T02.json': syntheticSchema('T02'),
    })
    assert.equal(cli(c, 'run').status, 1)
    await makeSyntheticDump(c.dumps, { region: 'bad', exportedAt: '2026-11-03T00:00:00Z', tables: 2, rows: ROWS })
    fs.rmSync(path.join(c.dumps, 'shop_bad_2026-11-02.zip'))
    const run = cli(c, 'run')
    assert.equal(run.status, 0, run.stdout + run.stderr)
    const status = cli(c, 'status', '--json')
    assert.equal(status.status, 0, status.stdout)
    const json = JSON.parse(status.stdout) as StatusJson
    assert.deepEqual(json.dumps.map((d) => [path.basename(d.file), d.state, d.problems.length]), [
      ['shop_ok_2026-11-01.zip', 'loaded', 0], ['shop_bad_2026-11-02.zip', 'superseded', 0], ['shop_bad_2026-11-03.zip', 'loaded', 0],
    ])
  })
})
