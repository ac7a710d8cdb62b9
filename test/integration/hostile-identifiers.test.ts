/**
 * Issue #4: identifiers from dumps are untrusted. Each hostile name below goes
 * end to end — generate, migrate, ingest one row — and must come out as a
 * valid, quoted, distinct PostgreSQL identifier holding its row, never as
 * executed SQL (a canary table outlives every injection attempt).
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Config } from '../../src/config/config'
import { withPool } from '../../src/ingest/pool'
import { quoteIdentifier, toIdentifier } from '../../src/schema/identifiers'
import { writeDump, type DumpSpec } from '../support/drift-dumps'
import { generateAndMigrate, ingestAll } from '../support/drift-steps'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'

const LONG = 'L'.repeat(190)
const ACCENTS = 'é'.repeat(40)
const INJECTION = 'x"; DROP TABLE canary; --'

const DUMP: DumpSpec = {
  version: '1', region: 'eu', exportedAt: '2026-01-01T00:00:00Z', tables: {
    'Cust"omers': { member: 't01', columns: [['Na"me', 'varchar(20)'], ["O'Brien", 'int']], rows: [['q"uote', '1']] },
    't; DROP TABLE canary; --': { member: 't02', columns: [[INJECTION, 'varchar(20)'], ['a;b', 'int']], rows: [['semi;colon', '2']] },
    'Order Details': { member: 't03', columns: [['Unit Price', 'decimal(10,2)'], ['  padded  ', 'varchar(10)']], rows: [['9.99', 'sp ace']] },
    'Größe_Ü': { member: 't04', columns: [['名前', 'nvarchar(20)'], ['emoji_😀', 'nvarchar(10)'], ['ÄÖÜ', 'int']], rows: [['太郎', '✓', '3']] },
    select: { member: 't05', columns: [['from', 'int not null'], ['user', 'varchar(10)'], ['order', 'int not null'], ['table', 'varchar(10)']], rows: [['1', 'u', '2', 't']], primaryKey: ['order'] },
    [`${LONG}_table_one`]: { member: 't06', columns: [[`${LONG}_column_one`, 'int'], [`${LONG}_column_two`, 'int']], rows: [['11', '12']] },
    [`${LONG}_table_two`]: { member: 't07', columns: [[`${ACCENTS}_a`, 'int'], [`${ACCENTS}_b`, 'int']], rows: [['21', '22']] },
    Items: { columns: [['v', 'varchar(10)']], rows: [['lower']] },
    ITEMS: { columns: [['v', 'varchar(10)']], rows: [['upper']] },
    Controls: { member: 't08', columns: [['line\nbreak', 'int'], ['car\rreturn', 'int'], ['tab\there', 'int'], ['back`tick ${x} \\', 'int'], ['_DUMP_ID', 'int'], ['why?', 'int'], ['a\\?b ??', 'int']], rows: [['1', '2', '3', '4', '5', '6', '7']] },
  },
}
/** A second version whose identity itself is hostile. */
const ODD_VERSION: DumpSpec = { version: '2.0-RC1; DROP', region: 'eu west', exportedAt: '2026-02-01T00:00:00Z', tables: { Odd: { columns: [['v', 'varchar(10)']], rows: [['v2']] } } }

describe('hostile identifiers from dumps, end to end (generate + migrate + ingest one row)', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  let config: Config
  let migrationFiles: string[]

  before(async () => {
    db = await createTestDatabase()
    await db.query('CREATE TABLE public.canary (alive boolean)')
    ws = makeWorkspace('hostile')
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    await writeDump(path.join(ws.dir, 'dumps'), DUMP)
    await writeDump(path.join(ws.dir, 'dumps'), ODD_VERSION)
    config = writeConfig(ws.dir, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { workers: 1 }\n`)
    await withPool(1, async (pool) => {
      const step = await generateAndMigrate(config, db.url)
      await ingestAll(config, db.url, pool, step.dumps)
    })
    migrationFiles = fs.readdirSync(path.join(ws.dir, 'migrations')).sort()
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  const columns = async (table: string): Promise<string[]> =>
    (await db.query<{ c: string }>("SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position", [table])).map((r) => r.c)
  const rows = (table: string): Promise<Record<string, unknown>[]> => db.query(`SELECT * FROM ${quoteIdentifier(table)}`)
  const tables = async (): Promise<string[]> =>
    (await db.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE 'knex\\_%' ORDER BY 1")).map((r) => r.t)

  it('quotes: kept in the name, doubled in SQL', async () => {
    assert.deepEqual(await columns('cust"omers_v1'), ['na"me', "o'brien", '_dump_id'])
    assert.deepEqual((await rows('cust"omers')).map((r) => [r['na"me'], r["o'brien"]]), [['q"uote', 1]])
  })

  it('semicolons and comment markers: one name each, nothing executed', async () => {
    assert.deepEqual(await columns('t; drop table canary; --'), [INJECTION.toLowerCase(), 'a;b', '_dump_id'])
    assert.equal((await rows('t; drop table canary; --'))[0]['a;b'], 2)
    assert.deepEqual(await db.query('SELECT count(*)::int AS n FROM public.canary'), [{ n: 0 }], 'the canary is alive')
  })

  it('spaces inside names (the schema parser trims the ends)', async () => {
    assert.deepEqual(await columns('order details'), ['unit price', 'padded', '_dump_id'])
    assert.deepEqual((await rows('order details')).map((r) => [r['unit price'], r.padded]), [['9.99', 'sp ace']])
  })

  it('unicode: lower-cased, byte-exact', async () => {
    assert.deepEqual(await columns('größe_ü'), ['名前', 'emoji_😀', 'äöü', '_dump_id'])
    assert.deepEqual((await rows('größe_ü_v1')).map((r) => [r['名前'], r['emoji_😀'], r['äöü']]), [['太郎', '✓', 3]])
  })

  it('reserved words: tables, columns and the key index', async () => {
    assert.deepEqual(await columns('select_v1'), ['from', 'user', 'order', 'table', '_dump_id'])
    assert.deepEqual((await rows('select')).map((r) => [r.from, r.user, r.order, r.table]), [[1, 'u', 2, 't']])
    // The rows live in the dump's leaf of select_v1: the source key is an index on it.
    const index = await db.query<{ def: string }>("SELECT indexdef AS def FROM pg_indexes WHERE schemaname = 'public_leaves' AND tablename LIKE 'select_v1_d%'")
    assert.match(index[0].def, /ON public_leaves\.select_v1_d\d+ USING btree \("order"\)/)
  })

  it('200-character names: shortened to 63 bytes, deterministically, still distinct', async () => {
    const one = toIdentifier(`${LONG}_table_one`, 'lower')
    assert.notEqual(one, toIdentifier(`${LONG}_table_two`, 'lower'))
    assert.equal(Buffer.byteLength(one), 63)
    assert.equal((await tables()).filter((t) => t.startsWith('lll')).length, 4, 'two mothers and two children, all distinct')
    const [c1, c2] = await columns(one)
    assert.ok(c1 !== c2 && c1.startsWith('l'.repeat(50)) && Buffer.byteLength(c1) === 63 && Buffer.byteLength(c2) === 63, `${c1} / ${c2}`)
    assert.deepEqual((await rows(one)).map((r) => [r[c1], r[c2]]), [[11, 12]])
  })

  it('names colliding after truncation to 63 bytes, cut between multi-byte characters, stay distinct', async () => {
    const two = toIdentifier(`${LONG}_table_two`, 'lower')
    const [a, b] = await columns(two)
    assert.notEqual(a, b)
    for (const c of [a, b]) assert.ok(c.startsWith('é'.repeat(20)) && Buffer.byteLength(c) <= 63 && !c.includes('\ufffd'), c)
    assert.deepEqual((await rows(two)).map((r) => [r[a], r[b]]), [[21, 22]])
  })

  it('two tables colliding after lower-casing (Items, ITEMS) get two mothers, each with its own row', async () => {
    assert.deepEqual((await rows('items')).map((r) => r.v), ['upper'], 'ITEMS sorts first and keeps the plain name')
    assert.deepEqual((await rows('items_2')).map((r) => r.v), ['lower'])
  })

  it('control characters, backticks, ${}, backslashes and knex.raw\'s ? placeholders: exact names, inert in the TypeScript file', async () => {
    assert.deepEqual(await columns('controls_v1'), ['line\nbreak', 'car\rreturn', 'tab\there', 'back`tick ${x} \\', '_dump_id_2', 'why?', 'a\\?b ??', '_dump_id'])
    assert.deepEqual((await rows('controls')).map((r) => [r['line\nbreak'], r['car\rreturn'], r['_dump_id_2'], r['why?'], r['a\\?b ??']]), [[1, 2, 5, 6, 7]])
  })

  it('a hostile application version: a safe file name and child name', async () => {
    assert.ok(migrationFiles.includes('20260201000000_shop_v2_0_rc1_drop.ts'), migrationFiles.join(', '))
    assert.deepEqual((await rows('odd_v2_0_rc1__drop')).map((r) => r.v), ['v2'])
  })

  it('creates exactly the expected tables: the canary, mothers and children', async () => {
    assert.equal((await tables()).length, 1 + 2 * 11)
  })
})
