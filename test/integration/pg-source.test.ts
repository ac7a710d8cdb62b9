import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it, type TestContext } from 'node:test'
import pg from 'pg'
import { DEFAULT_MAX_RECORD_BYTES } from '../../src/config/config'
import { loadPgParser } from '../../src/dump/load-pg-parser'
import { parsePgDumpDdl } from '../../src/dump/parse-pg-dump-ddl'
import { scanDump } from '../../src/dump/scan-dump'
import { copyMember } from '../../src/ingest/copy-member'
import type { TableTask } from '../../src/ingest/table-task'
import { chooseLoadPath } from '../../src/ingest/load-path/choose-load-path'
import { BUILTIN_FORMATS } from '../../src/schema/data-format'
import { DUMP_ID_COLUMN, formatPgType } from '../../src/schema/model'
import { toTargetTable } from '../../src/schema/target-table'
import { run as runPipeline } from '../../src/use-cases/run'
import { makeZip } from '../support/make-zip'
import { createTestDatabase, serverUrl, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'

/*
 * A table on the machine's PostgreSQL with every common type and hostile
 * values, exported by the real `psql \copy … to` (COPY text, and csv with a
 * header) with its information_schema.columns as JSON (Form B) or the real
 * `pg_dump --schema-only -t t` (Form D), zipped, loaded by heirloom into
 * another database and compared `::text` for `::text` with the source.
 * Its generated column is not in COPY's output, so neither form lists it.
 */
const SOURCE_DDL = `
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE TABLE t (
  id integer PRIMARY KEY, s text, vc varchar(20), ch char(3), n numeric, n2 numeric(10,2), f8 double precision, f4 real,
  b boolean, d date, ts timestamp, tstz timestamptz, tm time, iv interval, j jsonb, js json, u uuid, ip inet, net cidr,
  mac macaddr, m money, by bytea, ia integer[], ta text[], md mood, dom posint, bits bit(4), vb varbit,
  doubled numeric GENERATED ALWAYS AS (n2 * 2) STORED
);
INSERT INTO t VALUES
  (1, E'tab\\there\\nnew line\\\\back\\\\slash \\r cr \\b\\f\\v ctl', 'héllo wörld', 'ab', 12345678901234567890.0123456789, 12.50, 1.5e300, 3.25,
   true, '2024-02-29', '2024-02-29 23:59:59.123456', '2024-02-29 23:59:59.5+05:30', '13:14:15.5', '1 year 2 mons 3 days 04:05:06.7',
   '{"a": "x\\ty\\\\z", "b": [1, null, "😀"], "c": {"d": "\\"q\\""}}', '{"k" : [1,2]}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
   '192.168.1.5/24', '10.0.0.0/8', '08:00:2b:01:02:03', 1234.56, '\\x00015c0a09ff'::bytea, '{1,NULL,-3}', ARRAY['a"b', NULL, 'c,d', E'back\\\\slash', '', 'NULL', E'tab\\tin'],
   'happy', 7, B'1010', B'101'),
  (2, '', '', '', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   NULL, NULL, '\\x'::bytea, '{}', '{}', NULL, NULL, NULL, B''),
  (3, NULL, NULL, NULL, 'NaN', 'NaN', 'NaN', '-Infinity', false, 'infinity', '-infinity', 'infinity', '00:00', '-1 days',
   '[]', 'null', NULL, '::1', '2001:db8::/32', 'ff:ff:ff:ff:ff:ff', -0.01, '\\xdeadbeef'::bytea, '{{1,2},{3,4}}', '{"\\\\."}',
   'sad', 1, B'0000', NULL),
  (4, E'\\\\.', E'\\\\N', 'N', '-0.5', '-99999999.99', 'Infinity', 'NaN', true, '-infinity', 'infinity', '-infinity', '24:00:00', '0',
   '"😀 non-BMP \\u00e9"', '"s"', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (5, E'line one\\n\\\\.\\nline three', E'日本語\\t😀', NULL, '0', '0', '-0', '1e-30', NULL, '0001-01-01', '1970-01-01 00:00:00', '1970-01-01 00:00:00+00', NULL, NULL,
   NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{NULL}', NULL, NULL, NULL, NULL);
`
const ROW_COUNT = 5

function psql(url: string, args: readonly string[]): string {
  const r = spawnSync('psql', [url, '-X', '-v', 'ON_ERROR_STOP=1', ...args], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`psql ${args.join(' ')}: ${r.stderr}`)
  return r.stdout
}

function pgDump(url: string, args: readonly string[]): string {
  const r = spawnSync('pg_dump', [...args, url], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`pg_dump ${args.join(' ')}: ${r.stderr}`)
  return r.stdout
}

/**
 * The server the region's database lives on. A region exports with its own
 * client tools, and pg_dump refuses a server of a newer major version than
 * its own: the test server when pg_dump can dump it, else the machine's
 * (127.0.0.1:5432) when it can, else none (the tests skip, saying why).
 */
async function exportServer(): Promise<string | { none: string }> {
  const dumpMajor = Number(/(\d+)/.exec(spawnSync('pg_dump', ['--version'], { encoding: 'utf8' }).stdout)?.[1])
  const machine = 'postgres://postgres@127.0.0.1:5432/postgres'
  const tried: string[] = []
  for (const url of [serverUrl(), machine]) {
    const c = new pg.Client({ connectionString: url })
    try {
      await c.connect()
      const major = Math.floor(Number((await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]?.v) / 10000)
      if (major <= dumpMajor) return url
      tried.push(`PostgreSQL ${major}`)
    } catch (e) {
      tried.push(`${new URL(url).host}: ${e instanceof Error ? e.message : String(e)}`)
    } finally {
      await c.end().catch(() => undefined)
    }
  }
  return { none: `pg_dump ${dumpMajor} can dump none of the servers here (${tried.join('; ')})` }
}

const psqlMissing = spawnSync('psql', ['--version']).status !== 0 ? 'psql (the PostgreSQL client) is not installed'
  : spawnSync('pg_dump', ['--version']).status !== 0 ? 'pg_dump (the PostgreSQL client) is not installed' : undefined
/** psql's csv export with a header row: `\copy t to 't.csv' with (format csv, header)`. */
const PG_CSV_FORMAT = "formats: { pgcsv: { delimiter: ',', rowTerminator: \"\\n\", quote: '\"', nullPattern: '', header: true } }\n"
/** The types Form B and Form D give the table: each source type itself; the enum as text. */
const MAPPED_TYPES = [
  'id integer', 's text', 'vc varchar(20)', 'ch char(3)', 'n numeric', 'n2 numeric(10,2)', 'f8 double precision', 'f4 real',
  'b boolean', 'd date', 'ts timestamp(6)', 'tstz timestamptz(6)', 'tm time(6)', 'iv interval', 'j jsonb', 'js json', 'u uuid', 'ip inet', 'net cidr',
  'mac macaddr', 'm money', 'by bytea', 'ia integer[]', 'ta text[]', 'md text', 'dom integer', 'bits bit(4)', 'vb varbit',
]

describe('a PostgreSQL source: psql \\copy exports and information_schema.columns load value for value', () => {
  let source: TestDatabase
  let ws: { dir: string; cleanup(): void }
  let columns: string[] = []
  let expected: Record<string, string | null>[] = []

  /** Why the exports cannot be made here (no client tools, or no server pg_dump can dump). */
  let unexportable = psqlMissing

  before(async () => {
    if (unexportable !== undefined) return
    const region = await exportServer()
    if (typeof region !== 'string') {
      unexportable = region.none
      return
    }
    source = await createTestDatabase(region)
    ws = makeWorkspace('pg-source')
    psql(source.url, ['-c', SOURCE_DDL])
    const data = path.join(ws.dir, 't.dat')
    const csv = path.join(ws.dir, 't.csv')
    psql(source.url, ['-c', `\\copy t to '${data}'`])
    psql(source.url, ['-c', `\\copy t to '${csv}' with (format csv, header)`])
    const bareCsv = path.join(ws.dir, 'bare.csv')
    psql(source.url, ['-c', `\\copy t to '${bareCsv}' with (format csv)`])
    const schema = psql(source.url, ['-At', '-c', "SELECT json_agg(c ORDER BY ordinal_position) FROM information_schema.columns c WHERE table_schema = 'public' AND table_name = 't'"])
    const manifest = (format: string): string => JSON.stringify({ application: 'pgapp', version: '1', region: 'eu', dialect: 'postgresql', format })
    const dump = async (dir: string, members: Record<string, string | Buffer>): Promise<void> => {
      fs.mkdirSync(path.join(ws.dir, dir))
      await makeZip(path.join(ws.dir, dir, 'pg.zip'), members)
    }
    await dump('dumps', { 'manifest.json': manifest('pg-copy'), 't.json': schema, 't.dat': fs.readFileSync(data) })
    await dump('dumps-ddl', { 'manifest.json': manifest('pg-copy'), 't.sql': pgDump(source.url, ['--schema-only', '-t', 't']), 't.dat': fs.readFileSync(data) })
    await dump('dumps-csv', { 'manifest.json': manifest('pgcsv'), 't.json': schema, 't.csv': fs.readFileSync(csv) })
    await dump('dumps-bare-csv', { 'manifest.json': manifest('csv'), 't.json': schema, 't.csv': fs.readFileSync(bareCsv) })
    // The whole schema's pg_dump holds the domain's CREATE DOMAIN, so its column is the base type, as information_schema says.
    await dump('dumps-both', { 'manifest.json': manifest('pg-copy'), 't.json': schema, 't.sql': pgDump(source.url, ['--schema-only']), 't.dat': fs.readFileSync(data) })
    columns = (await source.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 't' AND is_generated = 'NEVER' ORDER BY ordinal_position")).map((c) => c.column_name)
    expected = await source.query(`SELECT ${columns.map((c) => `${c}::text AS ${c}`).join(', ')} FROM t ORDER BY id`)
  })
  after(async () => {
    if (unexportable !== undefined) return
    await source.drop()
    ws.cleanup()
  })

  function skipped(t: TestContext): boolean {
    if (unexportable !== undefined) t.skip(unexportable)
    return unexportable !== undefined
  }

  /** Loads the dump in `dumps` with the config's extra YAML into a fresh database: the load path chosen, the child's types and its rows as text. */
  async function load(extra: string, dumps = 'dumps', dataExt?: string): Promise<{ path: string; types: string[]; rows: Record<string, string | null>[]; rejects: unknown[]; loaded: number }> {
    const target = await createTestDatabase()
    try {
      const config = writeConfig(ws.dir, `database: { url: '${target.url}' }\ndumps: { path: ./${dumps}${dataExt === undefined ? '' : `, dataExt: ${dataExt}`} }\nmigrations: { directory: ./migrations-${target.name} }\n${extra}`)
      const dump = await scanDump(path.join(ws.dir, dumps, 'pg.zip'), config)
      assert.deepEqual(dump.problems, [])
      const { table } = toTargetTable(dump.tables[0].schema, dump.identity.dialect, config)
      const chosen = chooseLoadPath({ columns: table.columns, format: dump.tables[0].format, dialect: 'postgresql', timezone: undefined, fieldOrderFromHeader: false })
      const report = await runPipeline(config)
      assert.equal(report.ok, true, JSON.stringify(report.ingest))
      const types = await target.query<{ attname: string; type: string }>(
        "SELECT attname, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'public.t_v1'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")
      const rows = await target.query<Record<string, string | null>>(`SELECT ${columns.map((c) => `${c}::text AS ${c}`).join(', ')} FROM public.t_v1 ORDER BY id`)
      const rejects = await target.query('SELECT line, reason FROM heirloom.rejects')
      const [loads] = await target.query<{ rows_loaded: string }>('SELECT rows_loaded FROM heirloom.loads')
      return { path: chosen.kind, types: types.map((t) => `${t.attname} ${t.type}`), rows, rejects, loaded: Number(loads.rows_loaded) }
    } finally {
      await target.drop()
    }
  }

  it('types map to themselves (arrays, jsonb, inet, money, numeric without typmod); an enum loads as text, a domain as its base', async (t) => {
    if (skipped(t)) return
    const dump = await scanDump(path.join(ws.dir, 'dumps', 'pg.zip'), writeConfig(ws.dir, 'dumps: { path: ./dumps }\n'))
    const { table, warnings } = toTargetTable(dump.tables[0].schema, dump.identity.dialect, writeConfig(ws.dir, 'dumps: { path: ./dumps }\n'))
    assert.deepEqual(table.columns.map((c) => `${c.name} ${formatPgType(c.type)}`), MAPPED_TYPES)
    assert.deepEqual(table.columns.filter((c) => !c.nullable).map((c) => c.name), ['id'])
    assert.equal(warnings.length, 1)
    assert.match(warnings[0] ?? '', /unknown postgresql type "mood" loaded as text/)
  })

  it('as-is: the COPY text goes to PostgreSQL unchanged and every value reads back as the source has it', async (t) => {
    if (skipped(t)) return
    const l = await load('')
    assert.equal(l.path, 'as-is')
    assert.deepEqual(l.rejects, [])
    assert.equal(l.loaded, ROW_COUNT)
    assert.deepEqual(l.rows, expected)
  })

  it('the member really goes as COPY text as it is: no rung refused, nothing left behind, every row once', async (t) => {
    if (skipped(t)) return
    const config = writeConfig(ws.dir, 'dumps: { path: ./dumps }\n')
    const dump = await scanDump(path.join(ws.dir, 'dumps', 'pg.zip'), config)
    const { table } = toTargetTable(dump.tables[0].schema, dump.identity.dialect, config)
    const target = await createTestDatabase()
    const client = new pg.Client({ connectionString: target.url })
    await client.connect()
    try {
      await client.query(`CREATE TABLE t (${table.columns.map((c) => `${c.name} ${formatPgType(c.type)}`).join(', ')}, ${DUMP_ID_COLUMN} integer)`)
      const task: TableTask = {
        url: target.url, dumpFile: path.join(ws.dir, 'dumps', 'pg.zip'), dumpId: 1, application: 'pgapp', region: 'eu', members: ['t.dat'], table: 't', schema: 'public', child: 't',
        columns: table.columns, fieldOrderFromHeader: false, format: BUILTIN_FORMATS['pg-copy'], dialect: 'postgresql', timezone: undefined, mode: 'append', maxRejects: 0,
        maxMemberBytes: 2 ** 30, maxRecordBytes: DEFAULT_MAX_RECORD_BYTES,
      }
      await client.query('BEGIN')
      const l = await copyMember(client, task, 't.dat', { schema: 'public', table: 't', freeze: false })
      await client.query('COMMIT')
      assert.deepEqual({ chosen: l.chosen.kind, path: l.path, leftBehind: l.leftBehind, loaded: l.loaded }, { chosen: 'as-is', path: 'as-is', leftBehind: [], loaded: ROW_COUNT })
      const rows = (await client.query<Record<string, string | null>>(`SELECT ${columns.map((c) => `${c}::text AS ${c}`).join(', ')} FROM t ORDER BY id`)).rows
      assert.deepEqual(rows, expected)
    } finally {
      await client.end()
      await target.drop()
    }
  })

  it('through the checks (a column of another type): heirloom unescapes and converts every value to the same text', async (t) => {
    if (skipped(t)) return
    const l = await load('types: { columns: { t.j: json } }\n')
    assert.equal(l.path, 'checked')
    assert.ok(l.types.includes('j json'), l.types.join(', '))
    assert.deepEqual(l.rejects, [])
    assert.equal(l.loaded, ROW_COUNT)
    assert.deepEqual(l.rows, expected)
  })

  it('pg_dump --schema-only -t t (Form D): the same types as information_schema, the key from ALTER TABLE … ADD CONSTRAINT, no generated column; the domain pg_dump -t leaves out loads as text with a warning naming it', async (t) => {
    if (skipped(t)) return
    const config = writeConfig(ws.dir, 'dumps: { path: ./dumps-ddl }\n')
    const dump = await scanDump(path.join(ws.dir, 'dumps-ddl', 'pg.zip'), config)
    assert.deepEqual(dump.problems, [])
    const schema = dump.tables[0].schema
    assert.equal(schema.name, 't')
    assert.deepEqual(schema.primaryKey, ['id'])
    const { table, warnings } = toTargetTable(schema, dump.identity.dialect, config)
    assert.deepEqual(table.columns.map((c) => `${c.name} ${formatPgType(c.type)}`), MAPPED_TYPES.map((c) => (c === 'dom integer' ? 'dom text' : c)))
    assert.deepEqual(table.columns.filter((c) => !c.nullable).map((c) => c.name), ['id'])
    assert.deepEqual(warnings.map((w) => /unknown postgresql type "(\w+)" loaded as text/.exec(w)?.[1]), ['mood', 'posint'])
  })

  it('a pg_dump DDL member named for another table than its CREATE TABLE is a problem naming the dump, the member and the way out; the dump\'s other tables still load', async (t) => {
    if (skipped(t)) return
    fs.mkdirSync(path.join(ws.dir, 'dumps-misnamed'))
    const ddl = pgDump(source.url, ['--schema-only', '-t', 't'])
    await makeZip(path.join(ws.dir, 'dumps-misnamed', 'pg.zip'), {
      'manifest.json': JSON.stringify({ application: 'pgapp', version: '1', region: 'eu', dialect: 'postgresql', format: 'pg-copy' }),
      'orders.sql': ddl, 'orders.dat': '1\n',
      't.sql': ddl, 't.dat': fs.readFileSync(path.join(ws.dir, 't.dat')),
    })
    const dump = await scanDump(path.join(ws.dir, 'dumps-misnamed', 'pg.zip'), writeConfig(ws.dir, 'dumps: { path: ./dumps-misnamed }\n'))
    assert.deepEqual(dump.tables.map((d) => d.schema.name), ['t'])
    assert.deepEqual(dump.problems.map((p) => [p.code, p.member]), [['SCHEMA_INVALID', 'orders.sql']])
    assert.match(dump.problems[0]?.message ?? '', /^pg\.zip: orders\.sql: holds no CREATE TABLE for table "orders" \(the member's name\), only for "public\.t"/)
    assert.match(dump.problems[0]?.hint ?? '', /pg_dump --schema-only -t/)
  })

  it('pg_dump DDL: the dump loads as-is and every value reads back as the source has it (the domain given its base type by an override)', async (t) => {
    if (skipped(t)) return
    const l = await load('types: { overrides: { postgresql: { posint: integer } } }\n', 'dumps-ddl')
    assert.equal(l.path, 'as-is')
    assert.ok(l.types.includes('dom integer'), l.types.join(', '))
    assert.deepEqual(l.rejects, [])
    assert.equal(l.loaded, ROW_COUNT)
    assert.deepEqual(l.rows, expected)
  })

  it('a whole-schema pg_dump (with CREATE DOMAIN) beside information_schema.columns: the two schema files describe one table, the domain as its base', async (t) => {
    if (skipped(t)) return
    const config = writeConfig(ws.dir, 'dumps: { path: ./dumps-both }\n')
    const dump = await scanDump(path.join(ws.dir, 'dumps-both', 'pg.zip'), config)
    assert.deepEqual(dump.problems, [])
    assert.deepEqual(dump.tables.map((d) => d.schemaMember), ['t.json'])
    assert.deepEqual(dump.ignored, ['t.sql'])
    const read = parsePgDumpDdl(pgDump(source.url, ['--schema-only']), 't', await loadPgParser())
    assert.ok(read.ok)
    assert.equal(read.schema.columns.find((c) => c.name === 'dom')?.type, 'int4')
  })

  it('psql \\copy … with (format csv, header): NULL (unquoted empty) apart from "" and every value reads back as the source has it', async (t) => {
    if (skipped(t)) return
    const l = await load(PG_CSV_FORMAT, 'dumps-csv', '.csv')
    assert.equal(l.path, 'checked', 'a header row: fields are matched by name, through the checks')
    assert.deepEqual(l.rejects, [])
    assert.equal(l.loaded, ROW_COUNT)
    assert.deepEqual(l.rows, expected)
    const [empty] = l.rows.filter((r) => r['id'] === '2')
    assert.deepEqual([empty?.['s'], empty?.['vc']], ['', ''])
  })

  it('psql \\copy … with (format csv) without a header, the built-in csv format: every value reads back as the source has it', async (t) => {
    if (skipped(t)) return
    const l = await load('', 'dumps-bare-csv', '.csv')
    assert.deepEqual(l.rejects, [])
    assert.equal(l.loaded, ROW_COUNT)
    assert.deepEqual(l.rows, expected)
  })
})
