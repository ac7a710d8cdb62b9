import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Config } from '../../src/config/config'
import { pull, type PullReport } from '../../src/use-cases/pull'
import { run } from '../../src/use-cases/run'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'
import { makeZip } from '../support/make-zip'
import { heirloom, startHeirloom } from '../support/cli'
import { pausedAt, sessionGone } from '../support/pause'
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
    // A pull loads its source only: the dump file goes through `run`.
    assert.equal((await run(config)).ok, true)
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
    assert.equal(snapshot.connections, 1, 'one table: one snapshot connection')
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
    // The same version change as two dumps (mariadb-dump --tab before and after the ALTER) plans the same v2 migration.
    const twin = makeWorkspace('live-source-twin')
    const tab2 = fs.mkdtempSync(path.join(path.dirname(tabRoot), 'heirloom-live-tab-v2-'))
    try {
      fs.chmodSync(tab2, 0o777)
      maria.dumpTab(DATABASE, TABLE, tab2)
      fs.mkdirSync(path.join(twin.dir, 'dumps'))
      fs.copyFileSync(path.join(ws.dir, 'dumps', 'shop_dump_v1.zip'), path.join(twin.dir, 'dumps', 'shop_dump_v1.zip'))
      await makeZip(path.join(twin.dir, 'dumps', 'shop_dump_v2.zip'), {
        'manifest.json': JSON.stringify({ application: 'shop', version: '2', region: 'dump', dialect: 'mysql', format: 'mysql-tab' }),
        ...Object.fromEntries(fs.readdirSync(tab2).map((f) => [f, fs.readFileSync(path.join(tab2, f))])),
      })
      fs.writeFileSync(path.join(twin.dir, 'heirloom.yml'), 'dumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\n')
      const g = heirloom(twin.dir, ['generate'])
      assert.equal(g.status, 0, g.stderr + g.stdout)
      const v2Sql = (dir: string): string => {
        const file = fs.readdirSync(path.join(dir, 'migrations')).find((f) => f.endsWith('_shop_v2.ts'))
        assert.ok(file !== undefined, `${dir}: a v2 migration`)
        const text = fs.readFileSync(path.join(dir, 'migrations', file), 'utf8')
        // The SQL of up and down; the header and the version record name the dump (a ZIP or the source) it was first seen in.
        return text.slice(text.indexOf('export async function up'), text.indexOf('/* heirloom:version'))
      }
      assert.equal(v2Sql(ws.dir), v2Sql(twin.dir))
      assert.match(v2Sql(ws.dir), /extra/)
    } finally {
      fs.rmSync(tab2, { recursive: true, force: true })
      twin.cleanup()
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
    assert.deepEqual(fs.readdirSync(path.join(ws.dir, 'dumps')), ['shop_dump_v1.zip'], 'a pull writes no file')
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
    const check = heirloom(dir, ['generate', '--check'], { LIVE_PW: PASSWORD })
    assert.notEqual(check.status, 0, check.stdout + check.stderr)
    assert.match(check.stdout + check.stderr, /source live \(mysql:\/\/.*127\.0\.0\.1:1.*\): the server cannot be reached \(ECONNREFUSED\)/)
  })

  it('scan lists the source and generate --check covers it: schema and version read, no row; a new version fails the check', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    const scanned = heirloom(ws.dir, ['scan', '--json'], { LIVE_PW: PASSWORD })
    assert.equal(scanned.status, 0, scanned.stderr + scanned.stdout)
    assert.ok(!scanned.stdout.includes(PASSWORD))
    const report = JSON.parse(scanned.stdout) as { dumps: { file: string; source?: string; identity: { version: string; region: string }; tables: { schema: { name: string } }[] }[] }
    const live = report.dumps.filter((d) => d.source === 'live')
    assert.deepEqual(live.map((d) => [d.identity.version, d.identity.region, d.tables.map((x) => x.schema.name)]), [['2', 'live', [TABLE]]])
    assert.match(live[0].file, /^source live \(127\.0\.0\.1:3306, database heirloom_live_/)
    const covered = heirloom(ws.dir, ['generate', '--check'], { LIVE_PW: PASSWORD })
    assert.equal(covered.status, 0, covered.stdout + covered.stderr)
    const loadsBefore = (await db.query('SELECT id FROM heirloom.loads')).length
    maria.query([`ALTER TABLE ${TABLE} ADD COLUMN later int`, "UPDATE app_version SET v = '3'"].join(';\n'), DATABASE)
    const stale = heirloom(ws.dir, ['generate', '--check'], { LIVE_PW: PASSWORD })
    assert.equal(stale.status, 1, stale.stdout + stale.stderr)
    assert.match(stale.stdout, /shop v3/)
    assert.equal((await db.query('SELECT id FROM heirloom.loads')).length, loadsBefore, 'generate --check loads nothing')
  })
})

/** Rows of the table read first, so that the pull is still running when the test changes or breaks the source. */
const BIG_ROWS = 400_000

describe('heirloom pull reads one point in time, loads exactly once through kill -9 and broken connections', () => {
  let maria: MariaDb | undefined
  let unreachable = ''
  let ws: ReturnType<typeof makeWorkspace>
  const database = `heirloom_snap_${tag}`
  const dbs: TestDatabase[] = []

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
    ws = makeWorkspace('live-snapshot')
  })

  after(async () => {
    if (maria === undefined) return
    maria.query(`DROP DATABASE IF EXISTS ${database}`)
    for (const db of dbs) await db.drop()
    ws.cleanup()
  })

  /** A workspace of its own (folder, PostgreSQL database) pulling the source, in `mode`. */
  const workspace = async (label: string, mode: 'append' | 'replace' = 'replace'): Promise<{ dir: string; db: TestDatabase }> => {
    const db = await createTestDatabase()
    dbs.push(db)
    const dir = path.join(ws.dir, label)
    fs.mkdirSync(path.join(dir, 'dumps'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'heirloom.yml'), [
      `database: { url: '${db.url}' }`, 'dumps: { path: ./dumps }', 'migrations: { directory: ./migrations }', `ingest: { workers: 2, mode: ${mode} }`,
      `sources: [{ name: snap, url: 'mysql://root@${MARIADB_HOST}:${MARIADB_PORT}', database: ${database}, tables: ['every*'], version: '1', region: r1 }]`, '',
    ].join('\n'))
    return { dir, db }
  }
  const skipped = `MariaDB not reachable at ${MARIADB_HOST}:${MARIADB_PORT}: `
  const visibleIds = async (db: TestDatabase, table: string): Promise<number[]> =>
    (await db.query<{ id: number }>(`SELECT id FROM public.${table} ORDER BY id`)).map((r) => r.id)
  /** count(*) and an md5 over every row, in id order, as MariaDB has them now and as the mother shows them. */
  const sourceSum = (m: MariaDb): string => {
    const rows = m.query('SELECT id, pad FROM every_a_big ORDER BY id', database)
    return `${rows.length}:${createHash('md5').update(rows.map((r) => r.join(':')).join(',')).digest('hex')}`
  }
  const loadedSum = async (db: TestDatabase): Promise<string> => {
    const [r] = await db.query<{ n: string; sum: string }>("SELECT count(*) AS n, md5(string_agg(id || ':' || pad, ',' ORDER BY id)) AS sum FROM public.every_a_big")
    return `${r.n}:${r.sum}`
  }
  /** No leaf the switch did not attach is left, and no dump but loaded or superseded ones. */
  const assertTidy = async (db: TestDatabase): Promise<void> => {
    assert.deepEqual(await db.query("SELECT leaf, state FROM heirloom.leaves WHERE state <> 'attached'"), [])
    assert.deepEqual(await db.query("SELECT id, state FROM heirloom.dumps WHERE state NOT IN ('loaded', 'superseded')"), [])
  }

  it('rows written to the source once the snapshots are open are not loaded (nor is a second pull run meanwhile); the next pull sees them', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    const { dir, db } = await workspace('snapshot')
    const run = startHeirloom(dir, ['pull', 'snap'], { HEIRLOOM_TEST_PAUSE_AT: 'snapshot-opened' })
    const pid = await pausedAt(db, 'snapshot-opened')
    assert.ok(pid !== undefined, 'the pull reached "snapshot-opened"')
    maria.query(`INSERT INTO everything VALUES (3); DELETE FROM everything WHERE id = 1; UPDATE every_a_big SET pad = 'late' WHERE id = 7; INSERT INTO every_a_big VALUES (${BIG_ROWS + 1}, 'late')`, database)
    const second = heirloom(dir, ['pull', 'snap'])
    assert.equal(second.status, 1, 'a second pull of the same source at the same time stops')
    assert.match(second.stderr, /source snap: another heirloom pull of it is running/)
    await db.query('SELECT pg_cancel_backend($1)', [pid])
    const r = await run.done
    assert.equal(r.status, 0, r.stderr + r.stdout)
    assert.match(r.stdout, /2 table\(s\) on 2 connection\(s\)/, 'root may LOCK TABLES: both tables read at once')
    assert.deepEqual(await visibleIds(db, 'everything'), [1, 2])
    assert.deepEqual(await db.query("SELECT count(*)::int AS n, count(*) FILTER (WHERE pad = 'late')::int AS late FROM public.every_a_big"), [{ n: BIG_ROWS, late: 0 }])
    const again = heirloom(dir, ['pull', 'snap'])
    assert.equal(again.status, 0, again.stderr)
    assert.deepEqual(await visibleIds(db, 'everything'), [2, 3], 'the next pull sees the changes')
    assert.equal(await loadedSum(db), sourceSum(maria))
  })

  it('snapshot connections lost while they wait for their first table fail the tables, named, and the pull ends (never waits on a dead connection)', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    const { dir, db } = await workspace('idle-lost')
    assert.equal(heirloom(dir, ['pull', 'snap']).status, 0)
    const previous = await loadedSum(db)
    const run = startHeirloom(dir, ['pull', 'snap'], { HEIRLOOM_TEST_PAUSE_AT: 'snapshot-opened' })
    const timer = setTimeout(() => run.child.kill('SIGKILL'), 120_000)
    try {
      const pid = await pausedAt(db, 'snapshot-opened')
      assert.ok(pid !== undefined, 'the pull reached "snapshot-opened"')
      const sessions = maria.query(`SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '${database}' AND ID <> CONNECTION_ID()`)
      assert.equal(sessions.length, 2, 'two snapshot connections wait for their tables')
      maria.query(sessions.map(([id]) => `KILL CONNECTION ${id}`).join(';\n'))
      await db.query('SELECT pg_cancel_backend($1)', [pid])
      const r = await run.done
      assert.equal(r.status, 1, r.stderr + r.stdout)
      assert.match(r.stdout + r.stderr, /source snap \([^)]*\), table every_a_big: the connection was lost/)
      assert.match(r.stdout + r.stderr, /source snap \([^)]*\), table everything: the connection was lost/)
    } finally {
      clearTimeout(timer)
    }
    assert.equal(await loadedSum(db), previous, 'readers still see the first pull whole')
    const again = heirloom(dir, ['pull', 'snap'])
    assert.equal(again.status, 0, again.stderr + again.stdout)
    await assertTidy(db)
  })

  it('a fast rung refused mid-table re-reads the table in the same snapshot for the checks: every row loaded or rejected with its line', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    const { dir, db } = await workspace('refused')
    const config = path.join(dir, 'heirloom.yml')
    // One row of every_a_big longer than maxRecordBytes: the as-is cutter refuses the table at it, after 300k rows went to COPY.
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('ingest: { workers: 2,', 'ingest: { workers: 2, maxRecordBytes: 60,'))
    maria.query("UPDATE every_a_big SET pad = REPEAT('y', 40), id = id WHERE id = 300000; ALTER TABLE every_a_big MODIFY pad varchar(80); UPDATE every_a_big SET pad = REPEAT('z', 80) WHERE id = 300000", database)
    try {
      const r = heirloom(dir, ['pull'])
      assert.equal(r.status, 0, r.stderr + r.stdout)
      assert.deepEqual(await db.query('SELECT line::int, left(reason, 40) AS reason FROM heirloom.rejects'), [{ line: 300000, reason: 'record longer than ingest.maxRecordBytes' }])
      const [[rows]] = maria.query('SELECT count(*) FROM every_a_big', database)
      assert.deepEqual(await db.query('SELECT count(*)::int AS n, count(*) FILTER (WHERE id = 300000)::int AS long FROM public.every_a_big'), [{ n: Number(rows) - 1, long: 0 }])
    } finally {
      maria.query("UPDATE every_a_big SET pad = REPEAT('x', 40) WHERE id = 300000; ALTER TABLE every_a_big MODIFY pad varchar(40)", database)
    }
  })

  it('tables read on parallel connections are one point in time while a writer moves value between them (LOCK TABLES while the snapshots open)', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    const { dir, db } = await workspace('ledger')
    const config = path.join(dir, 'heirloom.yml')
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace("tables: ['every*']", "tables: ['ledger_*']"))
    maria.query('CREATE TABLE ledger_a (id int PRIMARY KEY, v int) ENGINE=InnoDB; CREATE TABLE ledger_b (id int PRIMARY KEY, v int) ENGINE=InnoDB; INSERT INTO ledger_a VALUES (1, 1000000); INSERT INTO ledger_b VALUES (1, 0)', database)
    // A writer moving 1 from ledger_a to ledger_b per transaction, as fast as it can: the sum is 1000000 at every commit.
    const moves = 'START TRANSACTION; UPDATE ledger_a SET v = v - 1 WHERE id = 1; UPDATE ledger_b SET v = v + 1 WHERE id = 1; COMMIT;\n'.repeat(200_000)
    const writer = spawn('mariadb', [`--host=${MARIADB_HOST}`, `--port=${MARIADB_PORT}`, '--user=root', '--protocol=TCP', database], { stdio: ['pipe', 'ignore', 'ignore'] })
    writer.stdin.on('error', () => undefined)
    writer.stdin.end(moves)
    try {
      for (let i = 0; i < 8; i++) {
        const r = heirloom(dir, ['pull'])
        assert.equal(r.status, 0, r.stderr + r.stdout)
        assert.match(r.stdout, /2 table\(s\) on 2 connection\(s\)/)
        const [sum] = await db.query<{ a: number; b: number }>('SELECT (SELECT v FROM public.ledger_a) AS a, (SELECT v FROM public.ledger_b) AS b')
        assert.equal(sum.a + sum.b, 1_000_000, `pull ${i + 1}: ledger_a ${sum.a} + ledger_b ${sum.b}: the two tables were read at different points in time`)
      }
      assert.equal(writer.exitCode, null, 'the writer still ran during every pull')
    } finally {
      writer.kill()
      maria.query('DROP TABLE ledger_a, ledger_b', database)
    }
  })

  it('without the LOCK TABLES grant, the tables are read one after another on one snapshot connection, said once', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    const { dir, db } = await workspace('no-lock')
    const user = `hl_nolock_${tag}`
    maria.query([`CREATE USER '${user}'@'%'`, `CREATE USER '${user}'@'localhost'`, `GRANT SELECT ON ${database}.* TO '${user}'@'%'`, `GRANT SELECT ON ${database}.* TO '${user}'@'localhost'`].join(';\n'))
    try {
      const config = path.join(dir, 'heirloom.yml')
      fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('mysql://root@', `mysql://${user}@`))
      const r = heirloom(dir, ['pull'])
      assert.equal(r.status, 0, r.stderr + r.stdout)
      assert.match(r.stdout, /2 table\(s\) on 1 connection\(s\)/)
      assert.equal(r.stderr.match(/LOCK TABLES refused/g)?.length, 1, r.stderr)
      assert.match(r.stderr, /read one after another on one snapshot connection/)
      assert.equal(await loadedSum(db), sourceSum(maria))
    } finally {
      maria.query(`DROP USER '${user}'@'%'; DROP USER '${user}'@'localhost'`)
    }
  })

  for (const { at, mode } of [{ at: 'copied:every_a_big', mode: 'append' }, { at: 'staged', mode: 'replace' }] as const) {
    it(`killed with kill -9 at "${at}" (${mode} mode): nothing of it visible; the next pull forgets it and loads exactly once`, async (t) => {
      if (maria === undefined) return t.skip(skipped + unreachable)
      const { dir, db } = await workspace(`kill-${at.replace(/:/g, '-')}`, mode)
      const run = startHeirloom(dir, ['pull'], { HEIRLOOM_TEST_PAUSE_AT: at })
      const pid = await pausedAt(db, at)
      assert.ok(pid !== undefined, `the pull reached "${at}"`)
      run.child.kill('SIGKILL')
      await run.done
      await sessionGone(db, pid)
      assert.equal((await db.query('SELECT 1 FROM heirloom.dumps')).length, 1, 'the killed pull is registered')
      assert.deepEqual(await visibleIds(db, 'everything').catch(() => []), [], 'no reader sees its rows')
      const again = heirloom(dir, ['pull'])
      assert.equal(again.status, 0, again.stderr + again.stdout)
      assert.equal(await loadedSum(db), sourceSum(maria))
      assert.deepEqual((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM heirloom.dumps WHERE state = 'loaded'"))[0].n, 1)
      await assertTidy(db)
    })
  }

  it('a connection killed on the source mid-table fails that table, named; the region stays on its previous snapshot; run again, it completes', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    const { dir, db } = await workspace('lost')
    assert.equal(heirloom(dir, ['pull']).status, 0)
    const previous = await loadedSum(db)
    maria.query(`UPDATE every_a_big SET pad = 'second' WHERE id = 1`, database)
    const run = startHeirloom(dir, ['pull'])
    let killed = false
    for (let i = 0; i < 2000 && !killed; i++) {
      const ids = maria.query(`SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '${database}' AND INFO LIKE 'SELECT %every_a_big%'`)
      if (ids.length > 0) {
        maria.query(ids.map(([id]) => `KILL CONNECTION ${id}`).join(';\n'))
        killed = true
      }
    }
    const r = await run.done
    assert.ok(killed, 'the test found the pull reading every_a_big')
    assert.equal(r.status, 1, r.stderr + r.stdout)
    assert.match(r.stdout + r.stderr, /source snap \(mysql:\/\/root@127\.0\.0\.1:3306, database [^)]*\), table every_a_big: the connection was lost/)
    assert.match(r.stdout + r.stderr, /the region stays on its previous snapshot; run `heirloom pull snap` again/)
    assert.equal(await loadedSum(db), previous, 'readers still see the first pull whole')
    const again = heirloom(dir, ['pull'])
    assert.equal(again.status, 0, again.stderr + again.stdout)
    assert.equal(await loadedSum(db), sourceSum(maria))
    await assertTidy(db)
  })

  it('a connection cut mid-table without a word from the server (TCP reset) fails that table, named, never a short table', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    const { dir, db } = await workspace('cut')
    // A TCP proxy in front of MariaDB that cuts every connection once 2 MB of rows went through it.
    const sockets = new Set<net.Socket>()
    let relayed = 0
    const proxy = net.createServer((client) => {
      const server = net.connect(MARIADB_PORT, MARIADB_HOST)
      sockets.add(client).add(server)
      client.pipe(server)
      server.on('data', (chunk: Buffer) => {
        relayed += chunk.length
        if (relayed > 2_000_000) for (const s of sockets) s.resetAndDestroy()
        else client.write(chunk)
      })
      client.on('error', () => undefined)
      server.on('error', () => undefined)
    })
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
    try {
      const config = path.join(dir, 'heirloom.yml')
      fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace(`@${MARIADB_HOST}:${MARIADB_PORT}`, `@127.0.0.1:${(proxy.address() as net.AddressInfo).port}`))
      const run = startHeirloom(dir, ['pull'])
      const timer = setTimeout(() => run.child.kill('SIGKILL'), 120_000)
      const r = await run.done.finally(() => clearTimeout(timer))
      assert.equal(r.status, 1, r.stderr + r.stdout)
      assert.match(r.stdout + r.stderr, /source snap \([^)]*\), table every_a_big: the connection was lost/)
      assert.deepEqual(await db.query("SELECT id FROM heirloom.dumps WHERE state = 'loaded'"), [], 'nothing switched')
    } finally {
      for (const s of sockets) s.destroy()
      proxy.close()
    }
  })

  it('a table dropped once the snapshot is open fails that table, named; recreated, the next pull completes', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    const { dir, db } = await workspace('dropped')
    const run = startHeirloom(dir, ['pull'], { HEIRLOOM_TEST_PAUSE_AT: 'snapshot-opened' })
    const pid = await pausedAt(db, 'snapshot-opened')
    assert.ok(pid !== undefined)
    const kept = maria.query('SELECT id FROM everything ORDER BY id', database).map(([id]) => id)
    maria.query('DROP TABLE everything', database)
    try {
      await db.query('SELECT pg_cancel_backend($1)', [pid])
      const r = await run.done
      assert.equal(r.status, 1, r.stderr + r.stdout)
      assert.match(r.stdout + r.stderr, /source snap \([^)]*\), table everything: the table was dropped or altered during the pull/)
      assert.deepEqual(await db.query("SELECT id FROM heirloom.dumps WHERE state = 'loaded'"), [], 'nothing switched')
    } finally {
      maria.query(`CREATE TABLE everything (id int NOT NULL PRIMARY KEY) ENGINE=InnoDB; INSERT INTO everything VALUES ${kept.map((id) => `(${id})`).join(', ')}`, database)
    }
    const again = heirloom(dir, ['pull'])
    assert.equal(again.status, 0, again.stderr + again.stdout)
    assert.deepEqual((await visibleIds(db, 'everything')).map(String), kept)
    await assertTidy(db)
  })
})
