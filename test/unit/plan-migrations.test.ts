import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MAX_TABLES_PER_MIGRATION, planMigrations } from '../../src/migrations/plan'
import type { VersionSchema } from '../../src/schema/versions'
import { renderMigration } from '../../src/migrations/render'
import { motherColumns, type VersionTable } from '../../src/schema/mother'
import { parsePgType } from '../../src/schema/parse-pg-type'
import { formatPgType } from '../../src/schema/model'

const NONE = { names: [], tables: [], versions: [] }

function table(version: string, columns: Record<string, string>, name = 'customers'): VersionTable {
  return {
    application: 'shop', version, table: name, sourceName: name, child: `${name}_v${version}`,
    columns: Object.entries(columns).map(([n, t]) => ({ name: n, type: parsePgType(t), nullable: true })), primaryKey: [],
  }
}

function version(v: string, tables: VersionTable[], exportedAt?: string): VersionSchema {
  return { application: 'shop', version: v, exportedAt, firstDump: `shop_eu_v${v}.zip`, region: 'eu', tables, tablesFirstSeen: new Map() }
}

function mother(tables: VersionTable[]): string[] {
  return motherColumns(tables).map((c) => `${c.name} ${formatPgType(c.type)}`)
}

describe('mother columns', () => {
  it('keeps only the columns every version has, widened losslessly', () => {
    const v1 = table('1', { id: 'integer', total: 'numeric(10,2)', code: 'varchar(50)', fax: 'text', at: 'timestamp(3)' })
    const v2 = table('2', { id: 'bigint', total: 'numeric(14,2)', code: 'varchar(200)', at: 'timestamp(6)', tier: 'text' })
    assert.deepEqual(mother([v1, v2]), ['id bigint', 'total numeric(14,2)', 'code varchar(200)', 'at timestamp(6)'])
  })

  it('drops a column whose types have no lossless common type', () => {
    assert.deepEqual(mother([table('1', { id: 'integer', d: 'date' }), table('2', { id: 'integer', d: 'integer' })]), ['id integer'])
  })

  it('does not depend on the order versions arrive in', () => {
    const vs = [table('1', { a: 'integer', b: 'text' }), table('2', { a: 'bigint' }), table('3', { a: 'numeric(30,2)', b: 'text' })]
    assert.deepEqual(mother(vs), mother([vs[2], vs[0], vs[1]]))
  })
})

describe('planMigrations', () => {
  it('creates the mother and the child, inheriting, for a first version', () => {
    const [plan] = planMigrations('public', NONE, [version('1', [table('1', { id: 'integer' })], '2026-11-01T02:00:00.000Z')])
    assert.equal(plan.name, '20261101020000_shop_v1')
    assert.deepEqual(plan.tables[0].up, [
      'CREATE TABLE "public"."customers" (\n  "id" integer,\n  "_dump_id" integer NOT NULL\n)',
      'CREATE TABLE "public"."customers_v1" (\n  "id" integer,\n  "_dump_id" integer NOT NULL\n)',
      'ALTER TABLE "public"."customers_v1" INHERIT "public"."customers"',
    ])
    assert.deepEqual(plan.tables[0].down, [
      'DO $leaves$ DECLARE leaf regclass; BEGIN\n  FOR leaf IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = \'"public"."customers_v1"\'::regclass LOOP\n    EXECUTE format(\'DROP TABLE %s\', leaf);\n  END LOOP;\nEND $leaves$',
      'DROP TABLE "public"."customers_v1"', 'DROP TABLE "public"."customers"',
    ])
  })

  it('drops a column from the mother, widens another, and says so in plain words', () => {
    const v1 = table('1', { id: 'integer', fax: 'text' })
    const [plan] = planMigrations('public', { names: ['20261101020000_shop_v1'], tables: [v1], versions: ['shop\u00001'] },
      [version('1', [v1]), version('2', [table('2', { id: 'bigint', tier: 'varchar(20)' })])])
    assert.deepEqual(plan.tables[0].up.slice(0, 2), [
      'ALTER TABLE "public"."customers" ALTER COLUMN "id" TYPE bigint USING "id"::bigint',
      'ALTER TABLE "public"."customers" DROP COLUMN "fax"',
    ])
    assert.equal(plan.tables[0].summary, 'customers v2 (region eu) against v1: id integer → bigint, mother widened to bigint; + tier varchar(20); − fax, leaves the mother')
    assert.match(plan.name, /^20261101020001_shop_v2$/, 'a version without export time sorts after the existing files')
  })

  it('plans nothing for versions the existing migrations cover', () => {
    const v1 = table('1', { id: 'integer' })
    assert.deepEqual(planMigrations('public', { names: ['x'], tables: [v1], versions: ['shop\u00001'] }, [version('1', [v1])]), [])
  })

  it('plans the tables a later dump of a covered version brought, in a migration of their own', () => {
    const customers = table('1', { id: 'integer' })
    const orders = table('1', { id: 'integer', total: 'numeric(10,2)' }, 'orders')
    const v1 = { ...version('1', [customers, orders]), tablesFirstSeen: new Map([['customers', { dump: 'shop_eu_v1.zip', region: 'eu', exportedAt: undefined }], ['orders', { dump: 'shop_us_v1.zip', region: 'us', exportedAt: '2026-11-02T02:00:00.000Z' }]]) }
    const [plan, ...more] = planMigrations('public', { names: ['20261101020000_shop_v1'], tables: [customers], versions: ['shop\u00001'] }, [v1])
    assert.equal(more.length, 0)
    assert.equal(plan.name, '20261102020000_shop_v1_tables', 'stamped with the export time of the dump that brought the table')
    assert.deepEqual(plan.tables.map((t) => t.child), ['orders_v1'])
    assert.match(plan.tables[0].up[0], /^CREATE TABLE "public"\."orders" /)
    assert.equal(plan.tables[0].summary.split(':')[0], 'orders v1 (region us)')
    assert.match(renderMigration(plan), /shop v1: tables its earlier migration lacks, first seen in shop_us_v1\.zip \(region us\), exported 2026-11-02/)
  })

  it('renders hostile identifiers quoted in SQL and inert in comments and template literals', () => {
    const evil = table('1', { 'a"; DROP TABLE x; --': 'integer', 'line\nbreak `${process.exit(1)}`': 'text' }, 'we"ird')
    const [plan] = planMigrations('public', NONE, [version('1', [evil])])
    const text = renderMigration(plan)
    assert.match(text, /"a""; DROP TABLE x; --" integer/)
    assert.ok(!text.split('\n').some((l) => l.startsWith('break')), 'a newline in a name cannot end a comment line')
    assert.match(text, /\\`\\\$\{process\.exit\(1\)\}\\`/)
  })

  it('splits a version of many tables into files of at most MAX_TABLES_PER_MIGRATION tables, each stamped past the one before', () => {
    const many = Array.from({ length: 2 * MAX_TABLES_PER_MIGRATION + 1 }, (_, i) => table('1', { id: 'integer' }, `t${String(i).padStart(4, '0')}`))
    const plans = planMigrations('public', NONE, [version('1', many, '2026-11-01T02:00:00Z'), version('2', [table('2', { id: 'integer' }, 't0000')], '2026-11-01T02:00:01Z')])
    assert.deepEqual(plans.map((p) => p.name), ['20261101020000_shop_v1_part1of3', '20261101020001_shop_v1_part2of3', '20261101020002_shop_v1_part3of3', '20261101020003_shop_v2'])
    assert.deepEqual(plans.map((p) => p.tables.length), [MAX_TABLES_PER_MIGRATION, MAX_TABLES_PER_MIGRATION, 1, 1])
    assert.deepEqual(plans.map((p) => p.name), [...plans.map((p) => p.name)].sort(), 'file names sort in the order they must run')
    assert.deepEqual(plans.flatMap((p) => p.version.tables), [...many, table('2', { id: 'integer' }, 't0000')], 'each file records only its own tables')
    assert.match(renderMigration(plans[1]), /^\/\/ shop v1, part 2 of 3: first seen in shop_eu_v1\.zip/m)
    assert.match(plans[3].tables[0].up.join('\n'), /CREATE TABLE "public"\."t0000_v2"/)
    assert.ok(!plans[3].tables[0].up.some((s) => s.startsWith('CREATE TABLE "public"."t0000" ')), 'v2 builds on the mother part 1 created')
  })
})
