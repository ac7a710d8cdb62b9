import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { packageRoot } from '../../src/db/package-root'
import { heirloom } from '../support/cli'
import { makeZip } from '../support/make-zip'
import { createTestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'

/*
 * A real SQLite database made by the sqlite3 shell, with a column of each
 * affinity, a STRICT table, hostile values and values that break their
 * column's affinity; exported by the very script docs/dialects.md gives,
 * zipped, loaded with `heirloom run`, and compared value for value with what
 * sqlite3 itself says of each value.
 */
const SOURCE_SQL = `
CREATE TABLE "Kinds ""all"""(
  id INTEGER PRIMARY KEY, i INTEGER, t TEXT, r REAL, n NUMERIC, b BLOB, [u] , \`v\` VARCHAR(20), d DECIMAL(10,2), f FLOATING POINT
);
INSERT INTO "Kinds ""all""" VALUES
  (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (2, 0, '', 0.0, 0, x'', '', '', 0, 0),
  (3, 9223372036854775807, 'a"b,c' || char(13, 10) || 'next "line"' || char(10) || 'and,more', 0.1 + 0.2, 0.1, x'00ff0a0d2c22', 42, 'longer than twenty characters, not enforced', 12.345, 7),
  (4, -9223372036854775808, ' spaced ' || char(9) || 'tab\\back', 1e300, 12345678901234567890, x'41', 'text in an untyped column', '😀𝄞 non-BMP', -0.5, -1),
  (5, -0, 'NULL', -0.0, '1e3', NULL, 1.5, 'null', '007', NULL),
  (6, 1, '"', 1e999, -1e999, x'5c4e', x'00', '\\N', 1e-7, 2),
  (7, 2, ',', 2.5e-310, 9.5, NULL, NULL, '', NULL, 3);
-- Values that break their column's affinity: SQLite keeps them as they are.
INSERT INTO "Kinds ""all""" (id, i) VALUES (8, 'abc'), (9, 1.5), (10, 1e19);
INSERT INTO "Kinds ""all""" (id, r) VALUES (11, 'xyz');
INSERT INTO "Kinds ""all""" (id, n) VALUES (12, 'not a number');
INSERT INTO "Kinds ""all""" (id, f, t) VALUES (13, '12 apples', 'a line' || char(10) || 'inside the rejected row');
CREATE TABLE strict_t(id INT PRIMARY KEY, i INTEGER, r REAL, t TEXT, b BLOB, a ANY) STRICT;
INSERT INTO strict_t VALUES (1, 5, 2.5, 'x', x'01', 1), (2, NULL, 3, '', x'', 'text'), (3, -7, -0.25, 'é', NULL, 1.25), (4, 0, 1e-5, NULL, x'ff', NULL);
CREATE TABLE [empty one](k TEXT NOT NULL PRIMARY KEY, w) WITHOUT ROWID;
`

/** What the PostgreSQL child holds, by sqlite3's own account: the columns' affinities and the rows that break one. */
const KINDS = { table: 'Kinds "all"', child: 'Kinds "all"_v1', columns: { id: 'bigint', i: 'bigint', t: 'text', r: 'double precision', n: 'numeric', b: 'bytea', u: 'bytea', v: 'text', d: 'numeric', f: 'bigint' } } as const
const STRICT = { table: 'strict_t', child: 'strict_t_v1', columns: { id: 'bigint', i: 'bigint', r: 'double precision', t: 'text', b: 'bytea', a: 'text' } } as const
/** id → the reason its row is a reject. */
const BREAKING: ReadonlyMap<number, RegExp> = new Map([
  [8, /^column i \(INTEGER affinity\): not an integer/],
  [9, /^column i \(INTEGER affinity\): not an integer/],
  [10, /^column i \(INTEGER affinity\): not an integer/],
  [11, /^column r \(REAL affinity\): not a number \(double precision\)/],
  [12, /^column n \(NUMERIC affinity\): not a decimal number/],
  [13, /^column f \(INTEGER affinity\): not an integer/],
])

const sqliteMissing = spawnSync('sqlite3', ['--version']).status === 0 ? undefined : 'sqlite3 (the SQLite shell, Debian package sqlite3) is not installed; .ci/run installs it'

function sqlite3(db: string, args: readonly string[], input?: string): string {
  const r = spawnSync('sqlite3', ['-batch', '-bail', db, ...args], { encoding: 'utf8', input })
  if (r.status !== 0) throw new Error(`sqlite3 ${args.join(' ')}: ${r.stderr}`)
  return r.stdout
}

/** The export script of docs/dialects.md, exactly as the docs print it. */
function exportScript(): string {
  const docs = fs.readFileSync(path.join(packageRoot(), 'docs', 'dialects.md'), 'utf8')
  const block = /```sh\n(#!\/bin\/sh\n# export-sqlite\.sh[\s\S]*?)```/.exec(docs)
  assert.ok(block !== null, 'docs/dialects.md has the export-sqlite.sh block')
  return block[1] as string
}

type Expected = Record<string, { readonly kind: string; readonly text: string | null }>

/**
 * Each value as sqlite3 reports it: its storage class and its text
 * (`quote()` digits for a REAL, `hex()` for a BLOB-affinity column, the
 * value's own text otherwise).
 */
function sourceRows(db: string, table: string, columns: Readonly<Record<string, string>>): Map<number, Expected> {
  const q = (c: string): string => `"${c.replaceAll('"', '""')}"`
  const fields = Object.entries(columns).flatMap(([c, pg]) => [
    `typeof(${q(c)}) AS ${q(`${c}:kind`)}`,
    `${pg === 'bytea' ? `CASE WHEN ${q(c)} IS NULL THEN NULL ELSE hex(${q(c)}) END` : `CASE typeof(${q(c)}) WHEN 'real' THEN quote(${q(c)}) ELSE CAST(${q(c)} AS TEXT) END`} AS ${q(c)}`,
  ])
  const rows = JSON.parse(sqlite3(db, ['-json', `SELECT ${fields.join(', ')} FROM ${q(table)} ORDER BY 1`]) || '[]') as Record<string, string | number | null>[]
  return new Map(rows.map((row) => [Number(row['id']), Object.fromEntries(Object.keys(columns).map((c) => [c, { kind: String(row[`${c}:kind`]), text: row[c] === null ? null : String(row[c]) }]))]))
}

/** `Inf` (SQLite) is `Infinity` (PostgreSQL); other numbers compare as the doubles they denote. */
function sameDouble(source: string, loaded: string): boolean {
  const value = (s: string): number => Number(s.replace(/^([+-]?)Inf$/, '$1Infinity'))
  return Object.is(value(source), value(loaded))
}

/** numeric keeps every digit: an integer's text is the same; a REAL's `quote()` digits denote the same number. */
function sameNumeric(source: { kind: string; text: string }, loaded: string): boolean {
  if (source.kind === 'integer') return source.text === loaded
  return sameDouble(source.text, loaded)
}

function assertSame(table: string, id: number, column: string, pg: string, source: { kind: string; text: string | null }, loaded: string | null): void {
  const at = `${table} id ${id} column ${column} (${source.kind} ${JSON.stringify(source.text)})`
  if (source.text === null) return assert.equal(loaded, null, at)
  assert.ok(loaded !== null, `${at}: loaded as NULL`)
  const text = source.text
  if (pg === 'double precision') return assert.ok(sameDouble(text, loaded), `${at}: loaded ${loaded}`)
  if (pg === 'numeric') return assert.ok(sameNumeric({ kind: source.kind, text }, loaded), `${at}: loaded ${loaded}`)
  if (pg === 'bytea') return assert.equal(loaded, `\\x${text.toLowerCase()}`, at)
  // A STRICT ANY column's REAL is its quote() text; bigint and text compare as text.
  assert.equal(loaded, text, at)
}

describe('a SQLite source: the sqlite3 shell\'s exports, by the docs\' script, load value for value by type affinity', () => {
  it('loads each affinity, hostile values and a STRICT table as the source holds them, and rejects each value that breaks its column\'s affinity', { skip: sqliteMissing }, async () => {
    const ws = makeWorkspace('sqlite-source')
    const db = await createTestDatabase()
    try {
      const source = path.join(ws.dir, 'app.db')
      sqlite3(source, [], SOURCE_SQL)
      const out = path.join(ws.dir, 'export')
      const script = path.join(ws.dir, 'export-sqlite.sh')
      fs.writeFileSync(script, exportScript())
      const exported = spawnSync('sh', [script, source, out], { encoding: 'utf8' })
      assert.equal(exported.status, 0, exported.stderr)
      assert.deepEqual(fs.readdirSync(out).sort(), ['Kinds "all".csv', 'Kinds "all".sql', 'empty one.csv', 'empty one.sql', 'strict_t.csv', 'strict_t.sql'])
      const members: Record<string, Buffer | string> = {
        'manifest.json': JSON.stringify({ application: 'shop', version: '1', region: 'kiosk', dialect: 'sqlite', format: 'sqlite-csv' }),
      }
      for (const file of fs.readdirSync(out)) members[file] = fs.readFileSync(path.join(out, file))
      fs.mkdirSync(path.join(ws.dir, 'dumps'))
      await makeZip(path.join(ws.dir, 'dumps', 'shop_kiosk_v1.zip'), members)
      writeConfig(ws.dir, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ntarget: { identifiers: preserve }\n`)

      const run = heirloom(ws.dir, ['run'])
      // Rejects within ingest.maxRejects: the run succeeds, and says how many.
      assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`)
      assert.match(run.stdout, /11 rows loaded, 6 rejected/)

      for (const spec of [KINDS, STRICT]) {
        const types = await db.query<{ attname: string; type: string }>(
          `SELECT attname, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = format('public.%I', $1::text)::regclass AND attnum > 0 AND NOT attisdropped AND attname <> '_dump_id' ORDER BY attnum`, [spec.child])
        assert.deepEqual(Object.fromEntries(types.map((t) => [t.attname, t.type])), spec.columns, spec.table)
        const expected = sourceRows(source, spec.table, spec.columns)
        const texts = Object.keys(spec.columns).map((c) => `"${c}"::text`)
        const loaded = await db.query<Record<string, string | null>>(`SELECT ${texts.map((t, k) => `${t} AS c${k}`).join(', ')} FROM public.${`"${spec.child.replaceAll('"', '""')}"`} ORDER BY id`)
        const loadedIds = loaded.map((r) => Number(r['c0']))
        const wantIds = [...expected.keys()].filter((id) => spec !== KINDS || !BREAKING.has(id))
        assert.deepEqual(loadedIds, wantIds, `${spec.table}: the rows loaded`)
        for (const row of loaded) {
          const id = Number(row['c0'])
          Object.entries(spec.columns).forEach(([c, pg], k) => assertSame(spec.table, id, c, pg, (expected.get(id) as Expected)[c] as Expected[string], row[`c${k}`] ?? null))
        }
      }
      const empty = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM public."empty one_v1"')
      assert.equal(empty[0]?.n, '0')

      const csv = fs.readFileSync(path.join(out, 'Kinds "all".csv'), 'utf8')
      const rejects = await db.query<{ member: string; line: string; reason: string; raw: string }>(
        'SELECT member, line::text, reason, raw FROM heirloom.rejects ORDER BY line')
      assert.deepEqual(rejects.map((r) => Number(r.raw.split(',')[0])), [...BREAKING.keys()], rejects.map((r) => r.raw).join('\n'))
      for (const reject of rejects) {
        const id = Number(reject.raw.split(',')[0])
        assert.equal(reject.member, 'Kinds "all".csv')
        assert.match(reject.reason, BREAKING.get(id) as RegExp)
        // The line the record starts on in the csv file (its header is line 1; quoted fields may hold line breaks).
        const start = csv.indexOf(`\n${id},`)
        assert.equal(Number(reject.line), csv.slice(0, start + 1).split('\n').length, `reject of id ${id}`)
      }
    } finally {
      await db.drop()
      ws.cleanup()
    }
  })

  it('drift across dialects: one application table from a MySQL region and a SQLite region gives one mother of the common columns, types widened after mapping', { skip: sqliteMissing }, async () => {
    const ws = makeWorkspace('sqlite-drift')
    const db = await createTestDatabase()
    try {
      fs.mkdirSync(path.join(ws.dir, 'dumps'))
      // v1 from a MySQL region, as mysqldump --tab writes it.
      await makeZip(path.join(ws.dir, 'dumps', 'shop_eu_v1.zip'), {
        'manifest.json': JSON.stringify({ application: 'shop', version: '1', region: 'eu', dialect: 'mysql', format: 'mysql-tab' }),
        'orders.sql': 'CREATE TABLE `orders` (\n  `id` int(11) NOT NULL,\n  `qty` int(11) DEFAULT NULL,\n  `note` varchar(50) DEFAULT NULL,\n'
          + '  `price` decimal(10,2) DEFAULT NULL,\n  `placed` datetime DEFAULT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n',
        'orders.txt': '1\t3\tfrom mysql\t12.50\t2024-01-31 10:00:00\n2\t\\N\t\\N\t\\N\t\\N\n',
      })
      // v2 from a SQLite region, exported by the docs' script.
      const source = path.join(ws.dir, 'kiosk.db')
      sqlite3(source, [], `CREATE TABLE orders(id INTEGER PRIMARY KEY, qty INTEGER, note TEXT, price NUMERIC, weight REAL);
        INSERT INTO orders VALUES (3, 9000000000, 'from sqlite, a note longer than fifty characters: SQLite has no VARCHAR', 0.125, 1.5), (4, NULL, '', NULL, NULL);`)
      const out = path.join(ws.dir, 'kiosk')
      const script = path.join(ws.dir, 'export-sqlite.sh')
      fs.writeFileSync(script, exportScript())
      const exported = spawnSync('sh', [script, source, out], { encoding: 'utf8' })
      assert.equal(exported.status, 0, exported.stderr)
      await makeZip(path.join(ws.dir, 'dumps', 'shop_kiosk_v2.zip'), {
        'manifest.json': JSON.stringify({ application: 'shop', version: '2', region: 'kiosk', dialect: 'sqlite', format: 'sqlite-csv' }),
        'orders.csv': fs.readFileSync(path.join(out, 'orders.csv')),
        'orders.sql': fs.readFileSync(path.join(out, 'orders.sql')),
      })
      writeConfig(ws.dir, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\n`)
      const run = heirloom(ws.dir, ['run'])
      assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`)

      const columns = async (table: string): Promise<string[]> => (await db.query<{ c: string }>(
        `SELECT attname || ' ' || format_type(atttypid, atttypmod) AS c FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`, [`public.${table}`])).map((r) => r.c)
      // The mother: the columns both regions have, each of the type both dialects' mapped types fit
      // (MySQL int ∪ SQLite INTEGER affinity = integer ∪ bigint, varchar(50) ∪ text, numeric(10,2) ∪ numeric); each child
      // inherits them and keeps its own (MySQL's datetime, SQLite's REAL).
      const mother = (await columns('orders')).filter((c) => !c.startsWith('_dump_id'))
      assert.deepEqual(mother, ['id bigint', 'qty bigint', 'note text', 'price numeric'])
      assert.deepEqual(await columns('orders_v1'), [...mother, 'placed timestamp(0) without time zone', '_dump_id integer'])
      assert.deepEqual(await columns('orders_v2'), [...mother, 'weight double precision', '_dump_id integer'])
      const rows = await db.query<Record<string, string | null>>('SELECT id::text, qty::text, note, price::text FROM public.orders ORDER BY id')
      assert.deepEqual(rows, [
        { id: '1', qty: '3', note: 'from mysql', price: '12.50' },
        { id: '2', qty: null, note: null, price: null },
        { id: '3', qty: '9000000000', note: 'from sqlite, a note longer than fifty characters: SQLite has no VARCHAR', price: '0.125' },
        { id: '4', qty: null, note: '', price: null },
      ])
    } finally {
      await db.drop()
      ws.cleanup()
    }
  })
})
