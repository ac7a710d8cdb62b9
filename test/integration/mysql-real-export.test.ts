import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Config } from '../../src/config/config'
import { scanDump } from '../../src/dump/scan-dump'
import { run as runPipeline, type RunReport } from '../../src/use-cases/run'
import type { MemberResult } from '../../src/ingest/table-task'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'
import { makeZip } from '../support/make-zip'
import { connectMariaDb, MARIADB_HOST, MARIADB_PORT, type MariaDb } from '../support/mariadb'
import { actualFrom, expectedFrom, mariaSelect, pgSelect } from '../support/mysql-values'
import { COLUMNS, EVERY_BYTE, ROWS, TABLE } from '../support/mysql-everything'

/**
 * MariaDB and MySQL write BIT values into OUTFILE as raw bytes without any
 * escaping, so a BIT byte equal to TAB, LF or `\` is indistinguishable from
 * a separator or an escape: the reader takes them by width (ceil(n/8) bytes).
 */
const BITS_TABLE = 'raw_bits'
const RAW_BITS: readonly string[] = ['0a09', '5c41', '0000', '0b05']
const ZERO_DATE_COLUMNS = ['d', 'dt', 'ts', 'y']

/**
 * A table whose .sql holds what mysqldump's DDL can hold: a name with a
 * backquote, quotes and accents, COMMENTs with quotes, per-column CHARACTER
 * SET, zerofill, generated and invisible columns (the data file holds their
 * values), keys and a foreign key.
 */
/** mariadb-dump --tab writes a view's definition as `<view>.sql`, with no data file. */
const VIEW = 'everything_view'
const HOSTILE_TABLE = 'we`ird "t" \'é ü'
const HOSTILE_DDL = `CREATE TABLE \`we\`\`ird "t" 'é ü\` (
  \`id\` int(10) unsigned zerofill NOT NULL AUTO_INCREMENT COMMENT 'it''s the "id"',
  \`col\`\`tick\` varchar(20) CHARACTER SET latin1 COLLATE latin1_swedish_ci DEFAULT 'a''b' COMMENT 'x, (y)',
  \`ünï "q"\` enum('a','b c','it''s') NOT NULL DEFAULT 'a',
  \`s\` set('x','y z') DEFAULT NULL,
  \`g\` int GENERATED ALWAYS AS (\`id\` * 2) VIRTUAL,
  \`g2\` varchar(30) AS (concat(\`col\`\`tick\`,')')) STORED,
  \`h\` int INVISIBLE DEFAULT 7,
  \`b\` bit(5) DEFAULT b'101',
  \`d\` decimal(6,2) unsigned zerofill DEFAULT 0,
  \`pid\` int,
  PRIMARY KEY (\`id\`),
  UNIQUE KEY \`uk\`\`x\` (\`col\`\`tick\`(10), \`s\`),
  KEY \`k\` (\`d\`) USING BTREE COMMENT 'key comment',
  CONSTRAINT \`fk "1"\` FOREIGN KEY (\`pid\`) REFERENCES \`everything\` (\`id\`) ON DELETE CASCADE
) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='table ''comment'' "x"'`
const HOSTILE_INSERT = `INSERT INTO \`we\`\`ird "t" 'é ü\` (\`id\`, \`col\`\`tick\`, \`ünï "q"\`, \`s\`, \`h\`, \`b\`, \`d\`, \`pid\`)
  VALUES (1, 'tab\\there "q" é', 'it''s', 'x,y z', 42, b'10101', 3.5, 1), (2, NULL, 'b c', '', NULL, NULL, NULL, NULL)`



/**
 * One `mariadb-dump --tab` run: its options, the region its dump is for, and
 * the heirloom format that reads it (the default, mysql-tab, needs no
 * manifest: the folder is zipped as the tool left it).
 */
interface Export {
  readonly region: string
  readonly format: string
  readonly options: readonly string[]
  readonly label: string
}

const EXPORTS: readonly Export[] = [
  { region: 'us', format: 'mysql-tab', options: [], label: 'the default layout (TAB, LF, backslash escapes)' },
  {
    region: 'eu', format: 'mysql-enclosed', label: 'the enclosed layout (--fields-terminated-by=, --fields-optionally-enclosed-by=" --lines-terminated-by=CRLF)',
    options: ['--fields-terminated-by=,', '--fields-optionally-enclosed-by="', '--lines-terminated-by=\r\n'],
  },
]

/** No schema JSON, no dataExt: the dump's identity from its file name and the defaults, the tables from mysqldump's .sql files. */
const CONFIG = (url: string): string => [
  `database: { url: '${url}' }`,
  "dumps: { path: ./dumps, pattern: '^(?<application>[a-z]+)_(?<region>[a-z]+)_v(?<version>[0-9]+)\\.zip$', defaults: { dialect: mysql, format: mysql-tab } }",
  'formats:',
  `  mysql-enclosed: { delimiter: ',', rowTerminator: "\\r\\n", quote: '"', escape: '\\', nullPattern: '\\N', encoding: utf8 }`,
  'migrations: { directory: ./migrations }',
  'ingest: { workers: 2 }',
  '',
].join('\n')

describe('real mariadb-dump --tab exports load value for value', () => {
  let maria: MariaDb | undefined
  let unreachable = ''
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  let tabRoot = ''
  const database = `heirloom_${process.pid}_${Date.now().toString(36)}`
  let report: RunReport
  let bothSchemas = ''
  let config: Config

  before(async () => {
    const connected = connectMariaDb()
    if ('unreachable' in connected) {
      unreachable = connected.unreachable
      return
    }
    const server = connected
    maria = server
    server.query(`CREATE DATABASE ${database} CHARACTER SET utf8mb4`)
    const inserts = ROWS.map((row) => `(${COLUMNS.map((c) => row[c.name] ?? 'NULL').join(', ')})`).join(',\n')
    server.query([
      'SET NAMES utf8mb4',
      "SET SESSION sql_mode = ''",
      "SET SESSION time_zone = '+00:00'",
      `CREATE TABLE ${TABLE} (${COLUMNS.map((c) => `${c.name} ${c.declaration}`).join(', ')}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `INSERT INTO ${TABLE} VALUES ${inserts}`,
      `CREATE TABLE ${BITS_TABLE} (id int NOT NULL PRIMARY KEY, b16 bit(16), tail varchar(10))`,
      `INSERT INTO ${BITS_TABLE} VALUES ${RAW_BITS.map((hex, i) => `(${i + 1}, X'${hex}', 'end')`).join(', ')}`,
      HOSTILE_DDL,
      HOSTILE_INSERT,
      `CREATE VIEW ${VIEW} AS SELECT id FROM ${TABLE}`,
    ].join(';\n'), database)
    const schemaOf = (table: string): string => server.query(`SELECT JSON_ARRAYAGG(JSON_OBJECT(
        'TABLE_NAME', TABLE_NAME, 'COLUMN_NAME', COLUMN_NAME, 'ORDINAL_POSITION', ORDINAL_POSITION,
        'DATA_TYPE', DATA_TYPE, 'CHARACTER_MAXIMUM_LENGTH', CHARACTER_MAXIMUM_LENGTH,
        'NUMERIC_PRECISION', NUMERIC_PRECISION, 'NUMERIC_SCALE', NUMERIC_SCALE, 'DATETIME_PRECISION', DATETIME_PRECISION,
        'IS_NULLABLE', IS_NULLABLE, 'COLUMN_TYPE', COLUMN_TYPE, 'COLUMN_KEY', COLUMN_KEY))
      FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '${database}' AND TABLE_NAME = '${table}'`)[0]?.[0] ?? ''

    // The server writes the .txt files itself, as user mysql: into secure_file_priv when set, else a world-writable folder.
    const [[priv]] = server.query("SELECT IFNULL(@@secure_file_priv, '')")
    tabRoot = fs.mkdtempSync(path.join(priv !== '' ? priv : os.tmpdir(), 'heirloom-tab-'))
    fs.chmodSync(tabRoot, 0o777)
    db = await createTestDatabase()
    ws = makeWorkspace('mysql-export')
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    for (const e of EXPORTS) {
      const dir = path.join(tabRoot, e.region)
      fs.mkdirSync(dir)
      fs.chmodSync(dir, 0o777)
      server.dumpTab(database, TABLE, dir, e.options)
      if (e.format === 'mysql-tab') {
        server.dumpTab(database, BITS_TABLE, dir)
        server.dumpTab(database, HOSTILE_TABLE, dir)
        server.dumpTab(database, VIEW, dir)
      }
      // The folder as the tool left it (T.sql + T.txt); a layout other than the default is named by a manifest.
      const members: Record<string, string | Buffer> = Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]))
      if (e.format !== 'mysql-tab') members['manifest.json'] = JSON.stringify({ format: e.format })
      await makeZip(path.join(ws.dir, 'dumps', `shop_${e.region}_v1.zip`), members)
    }
    // The same table's INFORMATION_SCHEMA JSON beside its .sql: one table, not two, and the two must agree.
    bothSchemas = path.join(ws.dir, 'shop_both_v1.zip')
    await makeZip(bothSchemas, {
      [`${TABLE}.json`]: schemaOf(TABLE),
      [`${TABLE}.sql`]: fs.readFileSync(path.join(tabRoot, 'us', `${TABLE}.sql`)),
      [`${TABLE}.txt`]: fs.readFileSync(path.join(tabRoot, 'us', `${TABLE}.txt`)),
    })
    config = writeConfig(ws.dir, CONFIG(db.url))
    report = await runPipeline(config)
  })

  after(async () => {
    if (maria === undefined) return
    maria.query(`DROP DATABASE IF EXISTS ${database}`)
    fs.rmSync(tabRoot, { recursive: true, force: true })
    await db.drop()
    ws.cleanup()
  })

  const skipped = `MariaDB not reachable at ${MARIADB_HOST}:${MARIADB_PORT}: `
  const everythingMember = (e: Export): MemberResult | undefined =>
    report.ingest?.dumps.find((d) => d.region === e.region)?.members.find((m) => m.member === `${TABLE}.txt`)
  const dumpIdOf = async (e: Export): Promise<number> =>
    (await db.query<{ id: number }>("SELECT id FROM heirloom.dumps WHERE region = $1 AND application = 'shop'", [e.region]))[0].id

  it('maps every column to the PostgreSQL type of docs/dump-layout.md, Types', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    const rows = await db.query<{ name: string; type: string }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
       WHERE attrelid = 'public.${TABLE}_v1'::regclass AND attnum > 0 AND NOT attisdropped AND attname <> '_dump_id' ORDER BY attnum`)
    const types = Object.fromEntries(rows.map((r) => [r.name, r.type]))
    assert.deepEqual(types, {
      id: 'integer', flag: 'boolean', ti: 'smallint', ti_u: 'smallint', si: 'smallint', si_u: 'integer', mi: 'integer', mi_u: 'integer',
      i: 'integer', i_u: 'bigint', bi: 'bigint', bi_u: 'numeric(20,0)', amount: 'numeric(30,10)', fl: 'real', dbl: 'double precision',
      d: 'date', t: 'time(0) without time zone', dt: 'timestamp(6) without time zone', ts: 'timestamp(6) with time zone', y: 'smallint',
      c: 'character(10)', vc: 'character varying(255)', tt: 'text', tx: 'text', mt: 'text', lt: 'text',
      bn: 'bytea', vb: 'bytea', tb: 'bytea', bl: 'bytea', mb: 'bytea', lb: 'bytea',
      // MariaDB's JSON is LONGTEXT with a check constraint: INFORMATION_SCHEMA says longtext.
      e: 'text', s: 'text', j: 'text', b1: 'bit(1)', b12: 'bit(12)', g: 'bytea',
    })
  })

  for (const e of EXPORTS) {
    describe(e.label, () => {
      it('loads every row with no rejects, its table read from the .sql file', async (t) => {
        if (maria === undefined) return t.skip(skipped + unreachable)
        assert.equal(report.ok, true, JSON.stringify(report, null, 2))
        assert.deepEqual(await db.query('SELECT line, reason FROM heirloom.rejects WHERE dump_id = $1 AND member = $2', [await dumpIdOf(e), `${TABLE}.txt`]), [])
        const scanned = report.scan.dumps.find((d) => d.identity.region === e.region)
        assert.deepEqual(scanned?.ignored, e.format === 'mysql-tab' ? [`${VIEW}.sql`] : [])
        assert.deepEqual(scanned?.tables.map((tb) => tb.schema.name), e.format === 'mysql-tab' ? [TABLE, BITS_TABLE, HOSTILE_TABLE] : [TABLE])
        for (const tb of scanned?.tables ?? []) {
          assert.ok(tb.schemaMember.endsWith('.sql'), tb.schemaMember)
          assert.deepEqual(tb.dataMembers.map((m) => m.name), [tb.schemaMember.replace(/\.sql$/, '.txt')])
        }
        const member = everythingMember(e)
        assert.equal(member?.status, 'loaded', JSON.stringify(member))
        if (member?.status !== 'loaded') return
        assert.deepEqual([member.rows, member.loaded, member.rejected], [ROWS.length, ROWS.length, 0])
      })

      it('holds every value MariaDB holds: integers to 18446744073709551615, every byte 0..255, hostile text, NULL apart from the empty string', async (t) => {
        if (maria === undefined) return t.skip(skipped + unreachable)
        const source = maria.query(`SET SESSION time_zone = '+00:00'; SELECT ${COLUMNS.map(mariaSelect).join(', ')} FROM ${TABLE} ORDER BY id`, database)
        const loaded = await db.query<Record<string, string | null>>(
          `SELECT ${COLUMNS.map((c) => `${pgSelect(c)} AS "${c.name}"`).join(', ')} FROM public.${TABLE}_v1 WHERE _dump_id = $1 ORDER BY id`, [await dumpIdOf(e)])
        assert.equal(loaded.length, source.length)
        source.forEach((fields, r) => {
          COLUMNS.forEach((c, i) => {
            assert.equal(actualFrom(c, loaded[r][c.name]), expectedFrom(c, fields[i]), `row ${r + 1}, column ${c.name}`)
          })
        })
        // The literal texts NULL and \N are values, not NULL.
        const [row1] = loaded.filter((row) => row.id === '1')
        const [row4] = loaded.filter((row) => row.id === '4')
        assert.deepEqual([row4.c, row1.tt, row1.bi_u, row1.vb], ['NULL', '\\N', '18446744073709551615', Buffer.from(EVERY_BYTE).toString('hex')])
      })

      it('turns zero dates into NULL with one warning per column, reported by ingest', (t) => {
        if (maria === undefined) return t.skip(skipped + unreachable)
        const member = everythingMember(e)
        assert.equal(member?.status, 'loaded')
        if (member?.status !== 'loaded') return
        for (const column of ZERO_DATE_COLUMNS) {
          assert.ok(member.warnings.some((w) => w.includes(`column ${column}: 1 zero date(s) loaded as NULL`)), `${column}: ${member.warnings.join('; ')}`)
        }
        assert.equal(member.warnings.length, ZERO_DATE_COLUMNS.length, member.warnings.join('; '))
        assert.ok(member.warnings.every((w) => (report.ingest?.warnings ?? []).includes(w)), 'the run reports the member\'s warnings')
      })
    })
  }

  it('takes a table\'s INFORMATION_SCHEMA JSON and its mysqldump .sql beside it as one table: they agree, the .sql is listed as ignored', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    const scanned = await scanDump(bothSchemas, config)
    assert.deepEqual(scanned.problems, [])
    assert.deepEqual(scanned.tables.map((tb) => [tb.schemaMember, tb.schema.columns.length]), [[`${TABLE}.json`, COLUMNS.length]])
    assert.deepEqual(scanned.ignored, [`${TABLE}.sql`])
  })

  it('loads the table whose .sql has hostile names, comments, zerofill, generated and invisible columns, value for value', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    const child = `public."${`${HOSTILE_TABLE}_v1`.replaceAll('"', '""')}"`
    const columns = await db.query<{ name: string; type: string }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
       WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attname <> '_dump_id' ORDER BY attnum`, [child])
    assert.deepEqual(columns.map((c) => [c.name, c.type]), [
      ['id', 'bigint'], ['col`tick', 'character varying(20)'], ['ünï "q"', 'text'], ['s', 'text'], ['g', 'integer'],
      ['g2', 'character varying(30)'], ['h', 'integer'], ['b', 'bit(5)'], ['d', 'numeric(6,2)'], ['pid', 'integer'],
    ])
    const rows = await db.query<Record<string, string | null>>(
      `SELECT id::text, "col\`tick" AS c, "ünï ""q""" AS e, s, g::text, g2, h::text, b::text, d::text, pid::text FROM ${child} ORDER BY id`)
    assert.deepEqual(rows, [
      { id: '1', c: 'tab\there "q" é', e: "it's", s: 'x,y z', g: '2', g2: 'tab\there "q" é)', h: '42', b: '10101', d: '3.50', pid: '1' },
      { id: '2', c: null, e: 'b c', s: '', g: '4', g2: null, h: null, b: null, d: null, pid: null },
    ])
  })

  it('reads BIT values that MariaDB wrote as raw, unescaped bytes (0x0A09, 0x5C41), by their width', async (t) => {
    if (maria === undefined) return t.skip(skipped + unreachable)
    const rows = await db.query<{ id: number; b16: string; tail: string }>(`SELECT id, b16::text AS b16, tail FROM public.${BITS_TABLE}_v1 ORDER BY id`)
    assert.deepEqual(rows, RAW_BITS.map((hex, i) => ({ id: i + 1, b16: parseInt(hex, 16).toString(2).padStart(16, '0'), tail: 'end' })))
  })
})
