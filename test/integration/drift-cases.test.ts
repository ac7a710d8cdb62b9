/**
 * Issue #4, drift cases against a real PostgreSQL: a series of dumps v1 → v2
 * → v3 (one table per drift case), generated and migrated step by step in
 * two orders — v2 before v3, and v3 before v2 (regions arriving out of
 * order) — must end in the same schema, keep old children's data, and
 * every `down` must restore the step before.
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import knex from 'knex'
import type { Config } from '../../src/config/config'
import { knexSettings, registerTypeScript } from '../../src/db/knex-config'
import { withPool } from '../../src/ingest/pool'
import { generateMigrations } from '../../src/migrations/generate'
import { tableDrift } from '../../src/migrations/table-drift'
import { byName, columnsOf, readCatalog, writeDump, type CatalogColumn, type DumpSpec } from '../support/drift-dumps'
import { generateAndMigrate, ingestAll, scanAll } from '../support/drift-steps'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'

const ID = ['id', 'int not null'] as const

const V1: DumpSpec = {
  version: '1', region: 'eu', exportedAt: '2026-01-01T00:00:00Z', tables: {
    Added: { columns: [ID, ['a', 'varchar(10)']], rows: [['1', 'x']] },
    Removed: { columns: [ID, ['gone', 'varchar(10)']], rows: [['1', 'keep me']] },
    Reappears: { columns: [ID, ['fax', 'varchar(20)']], rows: [['1', '555-0101']] },
    Widened: { columns: [ID, ['n', 'int'], ['amount', 'decimal(10,2)'], ['code', 'varchar(50)'], ['note', 'varchar(50)'], ['at', 'datetime']],
      rows: [['1', '5', '12.34', 'c1', 'short', '2024-01-31 13:45:00.123']] },
    Incompatible: { columns: [ID, ['qty', 'int'], ['born', 'date']], rows: [['1', '7', '2001-02-03']] },
    Chain: { columns: [ID, ['c', 'int']], rows: [['1', '42']] },
    Nullability: { columns: [ID, ['x', 'varchar(10) not null']], rows: [['1', 'must']] },
    Reordered: { columns: [ID, ['a', 'varchar(10)'], ['b', 'int']], rows: [['1', 'one', '10']] },
    Renamed: { columns: [ID, ['Zip', 'varchar(10)']], rows: [['1', '75001']] },
    Retired: { columns: [ID, ['r', 'int']], rows: [['1', '9']] },
  },
}
const V2: DumpSpec = {
  version: '2', region: 'us', exportedAt: '2026-02-01T00:00:00Z', tables: {
    Added: { columns: [ID, ['a', 'varchar(10)'], ['b', 'int']], rows: [['2', 'y', '20']] },
    Removed: { columns: [ID] },
    Reappears: { columns: [ID] },
    Widened: { columns: [ID, ['n', 'bigint'], ['amount', 'decimal(14,2)'], ['code', 'varchar(200)'], ['note', 'varchar(max)'], ['at', 'datetime2(7)']],
      rows: [['2', '9000000000', '123456789012.34', 'c2', 'long', '2024-01-31 13:45:00.1234567']] },
    Incompatible: { columns: [ID, ['qty', 'varchar(20)'], ['born', 'int']], rows: [['2', 'a dozen', '1999']] },
    Chain: { columns: [ID, ['c', 'bigint']], rows: [['2', '9000000000']] },
    Nullability: { columns: [ID, ['x', 'varchar(10)']], rows: [['2', null]] },
    Reordered: { columns: [['b', 'int'], ID, ['a', 'varchar(10)']], rows: [['20', '2', 'two']] },
    Renamed: { columns: [ID, ['PostalCode', 'varchar(10)']], rows: [['2', '10001']] },
    Latecomer: { columns: [ID, ['y', 'int']], rows: [['2', '1']] },
    Retired: { columns: [ID, ['r', 'int']] },
  },
}
const V3: DumpSpec = {
  version: '3', region: 'ap', exportedAt: '2026-03-01T00:00:00Z', tables: {
    Added: { columns: [ID, ['a', 'varchar(10)'], ['b', 'int']] },
    Removed: { columns: [ID] },
    Reappears: { columns: [ID, ['fax', 'varchar(20)']], rows: [['3', '555-0303']] },
    Widened: V2.tables.Widened,
    Incompatible: { columns: [ID, ['qty', 'varchar(20)'], ['born', 'int']] },
    Chain: { columns: [ID, ['c', 'varchar(20)']], rows: [['3', 'forty-two']] },
    Nullability: { columns: [ID, ['x', 'varchar(10) not null']] },
    Reordered: { columns: [['a', 'varchar(10)'], ['b', 'int'], ID], rows: [['three', '30', '3']] },
    Renamed: { columns: [ID, ['PostalCode', 'varchar(10)']] },
    Latecomer: { columns: [ID, ['y', 'bigint']] },
  },
}

interface Series {
  readonly db: TestDatabase
  readonly ws: ReturnType<typeof makeWorkspace>
  readonly config: Config
  /** The catalog after each step. */
  readonly steps: { columns: CatalogColumn[]; inherits: string[] }[]
  readonly files: string[]
}

/** Adds the dumps one at a time, generating, migrating and ingesting after each. */
async function runSeries(label: string, order: readonly DumpSpec[]): Promise<Series> {
  const db = await createTestDatabase()
  const ws = makeWorkspace(label)
  fs.mkdirSync(path.join(ws.dir, 'dumps'))
  const config = writeConfig(ws.dir, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\n` +
    'target: { renames: { Renamed: { Zip: PostalCode } } }\ningest: { workers: 1 }\n')
  const steps: Series['steps'] = []
  await withPool(1, async (pool) => {
    for (const spec of order) {
      await writeDump(path.join(ws.dir, 'dumps'), spec)
      const step = await generateAndMigrate(config, db.url)
      assert.equal(step.generate.written.length, 1, `${label}: one file for v${spec.version}`)
      await ingestAll(config, db.url, pool, step.dumps)
      steps.push(await readCatalog(db))
    }
  })
  return { db, ws, config, steps, files: fs.readdirSync(path.join(ws.dir, 'migrations')).sort() }
}

const last = <T>(xs: readonly T[]): T => xs[xs.length - 1]

describe('schema drift over v1 → v2 → v3, in either order of arrival', () => {
  let a: Series
  let b: Series
  before(async () => {
    a = await runSeries('drift-a', [V1, V2, V3])
    b = await runSeries('drift-b', [V1, V3, V2])
  })
  after(async () => {
    for (const s of [a, b]) {
      await s?.db.drop()
      s?.ws.cleanup()
    }
  })

  /** The table's final schema in both orders must be the same, by name (PostgreSQL cannot reorder a mother's columns). */
  function same(table: string): string[] {
    const x = byName(last(a.steps), table)
    assert.deepEqual(byName(last(b.steps), table), x, `${table}: v3 before v2 gives the same schema as v2 before v3`)
    return x
  }
  const mother = (s: Series, table: string): string[] => columnsOf(last(s.steps), table)

  it('names files by export time, then by a counter past the last file, never by the clock', () => {
    assert.deepEqual(a.files.filter((f) => !f.startsWith('0000')), ['20260101000000_shop_v1.ts', '20260201000000_shop_v2.ts', '20260301000000_shop_v3.ts'])
    assert.deepEqual(b.files.filter((f) => !f.startsWith('0000')), ['20260101000000_shop_v1.ts', '20260301000000_shop_v3.ts', '20260301000001_shop_v2.ts'])
  })

  it('column added: lives only in the children of the versions that have it', () => {
    const s = same('added')
    assert.deepEqual(mother(a, 'added'), ['id integer', 'a character varying(10)', '_dump_id integer NOT NULL'])
    assert.ok(s.includes('added_v2.b integer') && s.includes('added_v3.b integer') && !s.some((c) => c.startsWith('added_v1.b')))
  })

  it('column removed: leaves the mother, stays in the older child with its data', async () => {
    same('removed')
    assert.deepEqual(mother(a, 'removed'), ['id integer', '_dump_id integer NOT NULL'])
    for (const s of [a, b]) {
      const gone = last(s.steps).columns.find((c) => c.table === 'removed_v1' && c.column === 'gone')
      assert.equal(gone?.local, true, 'children declare every column locally')
      assert.deepEqual(await s.db.query('SELECT id, gone FROM removed_v1'), [{ id: 1, gone: 'keep me' }])
    }
  })

  it('column reappears in a later version: in the children that have it, not in the mother', async () => {
    const s = same('reappears')
    assert.deepEqual(s.filter((c) => c.includes('.fax ')), ['reappears_v1.fax character varying(20)', 'reappears_v3.fax character varying(20)'])
    assert.deepEqual(await b.db.query('SELECT fax FROM reappears_v1 UNION ALL SELECT fax FROM reappears_v3 ORDER BY 1'), [{ fax: '555-0101' }, { fax: '555-0303' }])
  })

  it('types widened: the mother widens and every child follows', async () => {
    same('widened')
    const expected = ['id integer', 'n bigint', 'amount numeric(14,2)', 'code character varying(200)', 'note text', 'at timestamp(6) without time zone']
    for (const table of ['widened', 'widened_v1', 'widened_v2', 'widened_v3']) {
      assert.deepEqual(mother(a, table).slice(0, 6), expected.map((c) => (c === 'id integer' && table !== 'widened' ? 'id integer NOT NULL' : c)), table)
    }
    const rows = await a.db.query<{ n: string; amount: string }>('SELECT n, amount FROM widened ORDER BY id')
    assert.deepEqual(rows, [{ n: '5', amount: '12.34' }, { n: '9000000000', amount: '123456789012.34' }, { n: '9000000000', amount: '123456789012.34' }], 'v1, v2 and v3 rows through the widened mother')
  })

  it('incompatible change: the column leaves the mother, each child keeps its own type, and drift says why', () => {
    const s = same('incompatible')
    assert.deepEqual(mother(a, 'incompatible'), ['id integer', '_dump_id integer NOT NULL'])
    for (const [child, qty, born] of [['incompatible_v1', 'integer', 'date'], ['incompatible_v2', 'character varying(20)', 'integer'], ['incompatible_v3', 'character varying(20)', 'integer']]) {
      assert.ok(s.includes(`${child}.qty ${qty}`) && s.includes(`${child}.born ${born}`), child)
    }
    const notes = Object.fromEntries(tableDrift(a.config, 'Incompatible').columns.map((r) => [r.column, r.note]))
    assert.equal(notes.qty, 'not in the mother: types integer and varchar(20) have no lossless common type')
    assert.equal(notes.born, 'not in the mother: types date and integer have no lossless common type')
    const header = fs.readFileSync(path.join(a.ws.dir, 'migrations', '20260201000000_shop_v2.ts'), 'utf8')
    assert.match(header, /\/\/ {3}incompatible v2 \(region us\) against v1: qty integer → varchar\(20\), leaves the mother: types integer and varchar\(20\) have no lossless common type;/)
  })

  it('widened, then incompatible: older children go back to their own types, with their data', async () => {
    const s = same('chain')
    assert.deepEqual(s.filter((c) => c.includes('.c ')), ['chain_v1.c integer', 'chain_v2.c bigint', 'chain_v3.c character varying(20)'])
    for (const x of [a, b]) assert.deepEqual(await x.db.query('SELECT c FROM chain_v1'), [{ c: 42 }])
  })

  it('nullability change: the mother is nullable, each child keeps its own NOT NULL', () => {
    const s = same('nullability')
    assert.deepEqual(s.filter((c) => c.includes('.x ')), [
      'nullability.x character varying(10)', 'nullability_v1.x character varying(10) NOT NULL inh1',
      'nullability_v2.x character varying(10) inh1', 'nullability_v3.x character varying(10) NOT NULL inh1'])
  })

  it('column order change: no drift; each child keeps its version\'s field order and loads by it', async () => {
    same('reordered')
    assert.deepEqual(mother(a, 'reordered'), ['id integer', 'a character varying(10)', 'b integer', '_dump_id integer NOT NULL'])
    assert.deepEqual(columnsOf(last(a.steps), 'reordered_v2').slice(0, 3), ['b integer', 'id integer NOT NULL', 'a character varying(10)'])
    assert.deepEqual(await a.db.query('SELECT id, a, b FROM reordered ORDER BY id'), [{ id: 1, a: 'one', b: 10 }, { id: 2, a: 'two', b: 20 }, { id: 3, a: 'three', b: 30 }])
    const header = fs.readFileSync(path.join(a.ws.dir, 'migrations', '20260201000000_shop_v2.ts'), 'utf8')
    assert.match(header, /reordered v2 \(region us\) against v1: columns reordered \(no drift: columns are matched by name\)/)
  })

  it('rename through target.renames: one mother column, the old version\'s data in it', async () => {
    same('renamed')
    assert.deepEqual(mother(a, 'renamed'), ['id integer', 'postalcode character varying(10)', '_dump_id integer NOT NULL'])
    assert.deepEqual(await a.db.query('SELECT id, postalcode FROM renamed ORDER BY id'), [{ id: 1, postalcode: '75001' }, { id: 2, postalcode: '10001' }])
  })

  it('table added in a later version: a new mother, children from that version on', () => {
    const s = same('latecomer')
    assert.deepEqual(s.filter((c) => c.includes('→')), ['latecomer_v2 → latecomer', 'latecomer_v3 → latecomer'])
    assert.deepEqual(mother(a, 'latecomer'), ['id integer', 'y bigint', '_dump_id integer NOT NULL'])
  })

  it('table missing from a later version: the mother and the old children stay', async () => {
    const s = same('retired')
    assert.deepEqual(s.filter((c) => c.includes('→')), ['retired_v1 → retired', 'retired_v2 → retired'])
    assert.deepEqual(await b.db.query('SELECT r FROM retired'), [{ r: 9 }])
  })

  it('generating all three at once writes byte-identical files to generating them one by one', async () => {
    const ws = makeWorkspace('drift-once')
    try {
      fs.cpSync(path.join(a.ws.dir, 'dumps'), path.join(ws.dir, 'dumps'), { recursive: true })
      const config = writeConfig(ws.dir, 'dumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ntarget: { renames: { Renamed: { Zip: PostalCode } } }\n')
      const report = generateMigrations(config, await scanAll(config))
      assert.equal(report.written.length, 3)
      for (const f of a.files) assert.equal(fs.readFileSync(path.join(ws.dir, 'migrations', f), 'utf8'), fs.readFileSync(path.join(a.ws.dir, 'migrations', f), 'utf8'), f)
    } finally {
      ws.cleanup()
    }
  })

  it('every down restores the step before; rollback --all then latest reproduces the same catalog', async () => {
    registerTypeScript()
    const k = knex(knexSettings(a.config, a.db.url))
    try {
      await k.migrate.rollback()
      assert.deepEqual(byName(await readCatalog(a.db)), byName(a.steps[1]), 'v3 rolled back = after v2')
      await k.migrate.rollback()
      assert.deepEqual(byName(await readCatalog(a.db)), byName(a.steps[0]), 'v2 rolled back = after v1')
      assert.deepEqual(await a.db.query('SELECT gone FROM removed_v1 UNION ALL SELECT c::text FROM chain_v1'), [{ gone: 'keep me' }, { gone: '42' }])
      await k.migrate.latest()
      assert.deepEqual(byName(await readCatalog(a.db)), byName(last(a.steps)), 'up again = after v3')
      await k.migrate.rollback(undefined, true)
      assert.deepEqual(await readCatalog(a.db), { columns: [], inherits: [] }, 'rollback --all leaves no table')
      await k.migrate.latest()
      assert.deepEqual(await readCatalog(a.db), last(a.steps), 'latest after rollback --all: the same catalog, column positions included')
    } finally {
      await k.destroy()
    }
  })
})
