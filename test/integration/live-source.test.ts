import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Config } from '../../src/config/config'
import { pull, type PullReport } from '../../src/use-cases/pull'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'
import { makeZip } from '../support/make-zip'
import { heirloom, startHeirloom } from '../support/cli'
import { connectMariaDb, MARIADB_HOST, MARIADB_PORT, type MariaDb } from '../support/mariadb'
import { COLUMNS, ROWS, TABLE } from '../support/mysql-everything'
import { actualFrom, expectedFrom, mariaSelect, pgSelect } from '../support/mysql-values'

const tag = `${process.pid}_${Date.now().toString(36)}`
const DATABASE = `heirloom_live_${tag}`
/** A user of its own with a password, so that the password's absence from every output can be checked. */
const USER = `hl_live_${tag}`
const PASSWORD = `Pw-${tag}-s3cr3t`
const WRONG_PASSWORD = `Wr0ng-${tag}-guess`

const CONFIG = (url: string): string => [
  `database: { url: '${url}' }`,
  'dumps: { path: ./dumps }',
  'migrations: { directory: ./migrations }',
  'ingest: { workers: 2 }',
  'sources:',
  `  - { name: live, url: 'mysql://${USER}:\${LIVE_PW}@${MARIADB_HOST}:${MARIADB_PORT}', database: ${DATABASE}, tables: ['every*'],`,
  "      application: shop, versionQuery: 'SELECT v FROM app_version', region: live }",
  '',
].join('\n')

describe('heirloom pull: a live MariaDB loads as the same table from mariadb-dump --tab would', () => {
  let maria: MariaDb | undefined
  let unreachable = ''
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  let tabRoot = ''
  let config: Config
  let first: PullReport

  before(async () => {
    const connected = connectMariaDb()
    if ('unreachable' in connected) {
      unreachable = connected.unreachable
      return
    }
    maria = connected
    const inserts = ROWS.map((row) => `(${COLUMNS.map((c) => row[c.name] ?? 'NULL').join(', ')})`).join(',\n')
    maria.query(`CREATE DATABASE ${DATABASE} CHARACTER SET utf8mb4`)
    maria.query([
      'SET NAMES utf8mb4', "SET SESSION sql_mode = ''", "SET SESSION time_zone = '+00:00'",
      `CREATE TABLE ${TABLE} (${COLUMNS.map((c) => `${c.name} ${c.declaration}`).join(', ')}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `INSERT INTO ${TABLE} VALUES ${inserts}`,
      // Outside sources.tables: read by versionQuery, not pulled.
      "CREATE TABLE app_version (v varchar(10)) ENGINE=InnoDB", "INSERT INTO app_version VALUES ('1')",
      `CREATE USER '${USER}'@'%' IDENTIFIED BY '${PASSWORD}'`, `CREATE USER '${USER}'@'localhost' IDENTIFIED BY '${PASSWORD}'`,
      `GRANT SELECT ON ${DATABASE}.* TO '${USER}'@'%'`, `GRANT SELECT ON ${DATABASE}.* TO '${USER}'@'localhost'`,
    ].join(';\n'), DATABASE)
    db = await createTestDatabase()
    ws = makeWorkspace('live-source')
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    // The same table through the dump path, as region `dump` of the same version.
    const [[priv]] = maria.query("SELECT IFNULL(@@secure_file_priv, '')")
    tabRoot = fs.mkdtempSync(path.join(priv !== '' ? priv : os.tmpdir(), 'heirloom-live-tab-'))
    fs.chmodSync(tabRoot, 0o777)
    maria.dumpTab(DATABASE, TABLE, tabRoot)
    await makeZip(path.join(ws.dir, 'dumps', 'shop_dump_v1.zip'), {
      'manifest.json': JSON.stringify({ application: 'shop', version: '1', region: 'dump', dialect: 'mysql', format: 'mysql-tab' }),
      ...Object.fromEntries(fs.readdirSync(tabRoot).map((f) => [f, fs.readFileSync(path.join(tabRoot, f))])),
    })
    process.env.LIVE_PW = PASSWORD
    config = writeConfig(ws.dir, CONFIG(db.url))
    first = await pull(config)
  })

  after(async () => {
    if (maria === undefined) return
    maria.query(`DROP DATABASE IF EXISTS ${DATABASE}; DROP USER IF EXISTS '${USER}'@'%'; DROP USER IF EXISTS '${USER}'@'localhost'`)
    fs.rmSync(tabRoot, { recursive: true, force: true })
    await db.drop()
    ws.cleanup()
    delete process.env.LIVE_PW
  })

  const skipped = `MariaDB not reachable at ${MARIADB_HOST}:${MARIADB_PORT}: `
  const dumpIdOf = async (region: string): Promise<number> =>
    (await db.query<{ id: number }>("SELECT max(id) AS id FROM heirloom.dumps WHERE region = $1 AND application = 'shop'", [region]))[0].id
  const selectLoaded = (dumpId: number, table = `${TABLE}_v1`): Promise<Record<string, string | null>[]> => db.query<Record<string, string | null>>(
    `SELECT ${COLUMNS.map((c) => `${pgSelect(c)} AS "${c.name}"`).join(', ')} FROM public.${table} WHERE _dump_id = $1 ORDER BY id`, [dumpId])

  it('pulls one snapshot as one dump: the version read by versionQuery, the export time the server\'s clock, only the tables matched', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    assert.equal(first.ok, true, JSON.stringify(first, null, 2))
    assert.deepEqual(first.failed, [])
    assert.equal(first.pulled.length, 1)
    const [snapshot] = first.pulled
    assert.deepEqual([snapshot.version, snapshot.tables], ['1', 1])
    assert.equal(first.runs[0]?.ingest?.dumps[0]?.tables[0]?.loaded, ROWS.length)
    const [[serverNow]] = maria.query("SELECT DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%dT%H:%i:%s.%fZ')")
    const age = Date.parse(serverNow) - Date.parse(snapshot.exportedAt)
    assert.ok(age >= 0 && age < 120_000, `snapshot ${snapshot.exportedAt}, server now ${serverNow}`)
    const dumps = await db.query<{ file: string; version: string; region: string; exported_at: Date; dialect: string }>(
      "SELECT file, version, region, exported_at, dialect FROM heirloom.dumps WHERE region = 'live'")
    assert.equal(dumps.length, 1)
    assert.deepEqual([dumps[0].file, dumps[0].version, dumps[0].dialect], [snapshot.file, '1', 'mysql'])
    assert.equal(dumps[0].exported_at.toISOString(), new Date(snapshot.exportedAt).toISOString())
    assert.equal(await db.query("SELECT 1 FROM pg_tables WHERE tablename LIKE 'app_version%'").then((r) => r.length), 0, 'app_version is outside sources.tables')
  })

  it('holds every value MariaDB holds, and exactly what the same rows give through mariadb-dump --tab (one converter)', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    const source = maria.query(`SET SESSION time_zone = '+00:00'; SELECT ${COLUMNS.map(mariaSelect).join(', ')} FROM ${TABLE} ORDER BY id`, DATABASE)
    const live = await selectLoaded(await dumpIdOf('live'))
    const dumped = await selectLoaded(await dumpIdOf('dump'))
    assert.equal(live.length, ROWS.length)
    assert.deepEqual(live, dumped)
    source.forEach((fields, r) => {
      COLUMNS.forEach((c, i) => assert.equal(actualFrom(c, live[r][c.name]), expectedFrom(c, fields[i]), `row ${r + 1}, column ${c.name}`))
    })
    const rejects = await db.query('SELECT line, reason FROM heirloom.rejects')
    assert.deepEqual(rejects, [])
  })

  it('a second pull after an ALTER TABLE and row changes writes the next version\'s migration and replaces the region at once; the password appears nowhere', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    maria.query([
      `ALTER TABLE ${TABLE} ADD COLUMN extra int`, "UPDATE app_version SET v = '2'",
      `DELETE FROM ${TABLE} WHERE id = 3`, `INSERT INTO ${TABLE} (id, vc, extra) VALUES (5, 'new', 7)`,
    ].join(';\n'), DATABASE)
    const r = heirloom(ws.dir, ['pull', 'live', '--json'], { LIVE_PW: PASSWORD })
    assert.equal(r.status, 0, r.stderr + r.stdout)
    const report = JSON.parse(r.stdout) as PullReport
    assert.equal(report.pulled[0]?.version, '2')
    assert.ok(fs.readdirSync(path.join(ws.dir, 'migrations')).some((f) => f.endsWith('_shop_v2.ts')), 'a v2 migration')
    // Readers of the mother see the region's newest snapshot only: the deleted row gone, the new one there.
    const visible = await db.query<{ id: number; version: string }>(
      `SELECT e.id, d.version FROM public.${TABLE} e JOIN heirloom.dumps d ON d.id = e._dump_id WHERE d.region = 'live' ORDER BY e.id`)
    assert.deepEqual(visible.map((v) => [v.id, v.version]), [[1, '2'], [2, '2'], [4, '2'], [5, '2']])
    const added = await db.query<{ id: number; extra: number | null }>(`SELECT id, extra FROM public.${TABLE}_v2 ORDER BY id`)
    assert.deepEqual(added.map((v) => [v.id, v.extra]), [[1, null], [2, null], [4, null], [5, 7]])
    assert.equal(await db.query(`SELECT 1 FROM public.${TABLE} e JOIN heirloom.dumps d ON d.id = e._dump_id WHERE d.region = 'dump'`).then((x) => x.length), ROWS.length)
    // The password in no output and nowhere in the bookkeeping.
    assert.ok(!(r.stdout + r.stderr).includes(PASSWORD))
    assert.ok((r.stdout + r.stderr).includes(`mysql://${USER}@`) || !(r.stdout + r.stderr).includes('mysql://'))
    const tables = await db.query<{ t: string }>("SELECT format('%I.%I', schemaname, tablename) AS t FROM pg_tables WHERE schemaname = 'heirloom'")
    for (const { t: table } of tables) {
      const rows = await db.query<{ j: string }>(`SELECT row_to_json(x)::text AS j FROM ${table} x`)
      for (const row of rows) assert.ok(!row.j.includes(PASSWORD), `${table} holds the password`)
    }
    for (const f of fs.readdirSync(path.join(ws.dir, 'dumps'), { recursive: true, encoding: 'utf8' })) {
      const file = path.join(ws.dir, 'dumps', f)
      if (fs.statSync(file).isFile()) assert.ok(!fs.readFileSync(file).includes(PASSWORD), `${f} holds the password`)
    }
  })

  it('a wrong password is a clear error (exit 1) that never shows the password; the region stays on its previous snapshot', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    const before = await dumpIdOf('live')
    const r = heirloom(ws.dir, ['pull', 'live'], { LIVE_PW: WRONG_PASSWORD })
    assert.equal(r.status, 1, r.stderr + r.stdout)
    assert.match(r.stderr, /source live \(mysql:\/\/hl_live_[^@]*@127\.0\.0\.1:3306.*refused the login/)
    assert.match(r.stderr, /check the user and the password/)
    assert.ok(!(r.stdout + r.stderr).includes(WRONG_PASSWORD))
    const json = heirloom(ws.dir, ['pull', 'live', '--json'], { LIVE_PW: WRONG_PASSWORD })
    assert.equal(json.status, 1)
    const report = JSON.parse(json.stdout) as PullReport
    assert.equal(report.failed[0]?.code, 'SOURCE_FAILED')
    assert.ok(!json.stdout.includes(WRONG_PASSWORD))
    assert.equal(await dumpIdOf('live'), before)
    assert.deepEqual(fs.readdirSync(path.join(ws.dir, 'dumps', 'live')).filter((f) => !f.endsWith('.zip')), [], 'no partial snapshot left')
  })

  it('an unreachable source names the source and what to do (exit 1)', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    const dir = path.join(ws.dir, 'unreachable')
    fs.mkdirSync(path.join(dir, 'dumps'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'heirloom.yml'), CONFIG(db.url).replace(`${MARIADB_HOST}:${MARIADB_PORT}`, '127.0.0.1:1'))
    const r = heirloom(dir, ['pull'], { LIVE_PW: PASSWORD })
    assert.equal(r.status, 1, r.stderr)
    assert.match(r.stderr, /source live \(mysql:\/\/.*127\.0\.0\.1:1.*\): the server cannot be reached \(ECONNREFUSED\)/)
    assert.match(r.stderr, /region stays on its previous snapshot/)
    assert.ok(!r.stderr.includes(PASSWORD))
  })
})

/** Rows of the table read first, so that the pull is still running when the test changes or breaks the source. */
const BIG_ROWS = 400_000

describe('heirloom pull reads one point in time, and a pull broken mid-table loads nothing and completes when run again', () => {
  let maria: MariaDb | undefined
  let unreachable = ''
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  const database = `heirloom_snap_${tag}`

  before(async () => {
    const connected = connectMariaDb()
    if ('unreachable' in connected) {
      unreachable = connected.unreachable
      return
    }
    maria = connected
    maria.query(`CREATE DATABASE ${database} CHARACTER SET utf8mb4`)
    maria.query([
      // `every_a_big` sorts before `everything`: it is read first.
      'CREATE TABLE every_a_big (id int NOT NULL PRIMARY KEY, pad varchar(40)) ENGINE=InnoDB',
      `INSERT INTO every_a_big SELECT seq, REPEAT('x', 40) FROM seq_1_to_${BIG_ROWS}`,
      'CREATE TABLE everything (id int NOT NULL PRIMARY KEY) ENGINE=InnoDB',
      'INSERT INTO everything VALUES (1), (2)',
    ].join(';\n'), database)
    db = await createTestDatabase()
    ws = makeWorkspace('live-snapshot')
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    fs.writeFileSync(path.join(ws.dir, 'heirloom.yml'), [
      `database: { url: '${db.url}' }`, 'dumps: { path: ./dumps }', 'migrations: { directory: ./migrations }', 'ingest: { workers: 2 }',
      `sources: [{ name: snap, url: 'mysql://root@${MARIADB_HOST}:${MARIADB_PORT}', database: ${database}, tables: ['every*'], version: '1', region: r1 }]`, '',
    ].join('\n'))
  })

  after(async () => {
    if (maria === undefined) return
    maria.query(`DROP DATABASE IF EXISTS ${database}`)
    await db.drop()
    ws.cleanup()
  })

  const skipped = `MariaDB not reachable at ${MARIADB_HOST}:${MARIADB_PORT}: `
  const partFile = (): boolean => fs.existsSync(path.join(ws.dir, 'dumps', 'snap')) && fs.readdirSync(path.join(ws.dir, 'dumps', 'snap')).some((f) => f.endsWith('.zip.part'))
  /** Waits until the pull has started its snapshot (its ZIP is being written), while it still runs. */
  const whilePulling = async (done: Promise<unknown>, act: () => void): Promise<boolean> => {
    let ended = false
    void done.then(() => { ended = true })
    while (!ended && !partFile()) await new Promise((r) => setTimeout(r, 5))
    if (ended) return false
    act()
    return !ended
  }
  const loadedIds = async (table: string): Promise<number[]> =>
    (await db.query<{ id: number }>(`SELECT id FROM public.${table} ORDER BY id`)).map((r) => r.id)

  it('a pull killed on the source mid-table names the table, loads nothing, leaves no partial dump; run again, it completes', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    const run = startHeirloom(ws.dir, ['pull'])
    const m = maria
    const acted = await whilePulling(run.done, () => {
      for (let i = 0; i < 200; i++) {
        const ids = m.query(`SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '${database}' AND INFO LIKE 'SELECT %every_a_big%'`)
        if (ids.length > 0) { m.query(ids.map(([id]) => `KILL CONNECTION ${id}`).join(';\n')); return }
      }
    })
    const r = await run.done
    assert.ok(acted, 'the pull ended before the test could break it')
    assert.equal(r.status, 1, r.stderr + r.stdout)
    assert.match(r.stderr, /source snap \(mysql:\/\/root@127\.0\.0\.1:3306, database [^)]*\), table every_a_big: /)
    assert.match(r.stderr, /nothing of this pull was loaded: the region stays on its previous snapshot; run `heirloom pull snap` again/)
    assert.deepEqual(fs.readdirSync(path.join(ws.dir, 'dumps', 'snap')), [], 'no partial snapshot left')
    assert.equal((await db.query("SELECT 1 FROM pg_namespace WHERE nspname = 'heirloom'")).length === 0 ||
      (await db.query('SELECT 1 FROM heirloom.dumps')).length === 0, true, 'no dump registered')
    const again = heirloom(ws.dir, ['pull'])
    assert.equal(again.status, 0, again.stderr + again.stdout)
    assert.equal((await db.query<{ n: string }>('SELECT count(*) AS n FROM public.every_a_big'))[0].n, String(BIG_ROWS))
    assert.deepEqual(await loadedIds('everything'), [1, 2])
  })

  it('rows written to the source during a pull are not in it: every table is read at the snapshot\'s start', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    const m = maria
    assert.ok(!partFile(), 'no partial snapshot left by the test before')
    const run = startHeirloom(ws.dir, ['pull', 'snap'])
    const acted = await whilePulling(run.done, () => {
      m.query(`INSERT INTO everything VALUES (3); DELETE FROM everything WHERE id = 1; INSERT INTO every_a_big VALUES (${BIG_ROWS + 1}, 'late')`, database)
    })
    const r = await run.done
    assert.ok(acted, 'the pull ended before the test could write to the source')
    assert.equal(r.status, 0, r.stderr + r.stdout)
    // The region now holds the second snapshot only: the rows as they were when it started.
    const newest = (await db.query<{ id: number }>("SELECT max(id) AS id FROM heirloom.dumps WHERE region = 'r1'"))[0].id
    assert.deepEqual((await db.query<{ id: number }>('SELECT id FROM public.everything WHERE _dump_id = $1 ORDER BY id', [newest])).map((x) => x.id), [1, 2])
    assert.equal((await db.query<{ n: string }>('SELECT count(*) AS n FROM public.every_a_big WHERE _dump_id = $1', [newest]))[0].n, String(BIG_ROWS))
    const third = heirloom(ws.dir, ['pull', 'snap'])
    assert.equal(third.status, 0, third.stderr)
    assert.deepEqual(await loadedIds('everything'), [2, 3], 'the next pull sees the changes')
  })
})
