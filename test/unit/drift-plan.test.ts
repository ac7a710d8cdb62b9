import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isHeirloomError } from '../../src/errors'
import { assertDistinctRelations } from '../../src/migrations/check-names'
import { describeDrift, verdictReason } from '../../src/migrations/describe-drift'
import { planMigrations } from '../../src/migrations/plan'
import { versionKey, type VersionSchema } from '../../src/schema/versions'
import { makeDistinct, tableIdentifiers, toIdentifier } from '../../src/schema/identifiers'
import { formatPgType } from '../../src/schema/model'
import { motherColumns, motherVerdict, type VersionTable } from '../../src/schema/mother'
import { parsePgType } from '../../src/schema/parse-pg-type'
import { toTargetTable } from '../../src/schema/target-table'

function table(version: string, columns: Record<string, string>, name = 't', application = 'shop'): VersionTable {
  return {
    application, version, table: name, sourceName: name, child: `${name}_v${version}`,
    columns: Object.entries(columns).map(([n, t]) => ({ name: n, type: parsePgType(t.replace(/ not null$/, '')), nullable: !t.endsWith(' not null') })), primaryKey: [],
  }
}

function version(v: string, tables: VersionTable[]): VersionSchema {
  return { application: 'shop', version: v, exportedAt: undefined, firstDump: `shop_v${v}.zip`, region: 'eu', tables, tablesFirstSeen: new Map() }
}

/** Plans the versions one generate run at a time, each on top of the files the previous runs wrote. */
function planInTurn(...tables: VersionTable[]): ReturnType<typeof planMigrations> {
  const plans: ReturnType<typeof planMigrations> = []
  const done: VersionTable[] = []
  for (const t of tables) {
    const existing = { names: plans.map((p) => p.name), tables: [...done], versions: done.map((d) => versionKey(d.application, d.version)) }
    plans.push(...planMigrations('public', existing, [version(t.version, [t])]))
    done.push(t)
  }
  return plans
}

describe('motherVerdict: whether a column stays in the mother, and why not', () => {
  const v1 = table('1', { id: 'integer', qty: 'integer', born: 'date', fax: 'text' })
  const v2 = table('2', { id: 'bigint', qty: 'varchar(20)', born: 'integer' })
  const v10 = table('10', { id: 'numeric(30,2)', qty: 'varchar(20)', born: 'integer', fax: 'text' })

  it('member, widened over every version in version order', () => {
    assert.deepEqual(motherVerdict([v10, v2, v1], 'id'), { kind: 'member', type: parsePgType('numeric(30,2)') })
  })

  it('absent: names the versions without the column', () => {
    const verdict = motherVerdict([v1, v10, v2], 'fax')
    assert.equal(verdictReason(verdict), 'not in v2')
  })

  it('incompatible: names the two types that have no lossless common type, whatever the arrival order', () => {
    for (const order of [[v1, v2, v10], [v10, v2, v1], [v2, v1, v10]]) {
      assert.equal(verdictReason(motherVerdict(order, 'qty')), 'types integer and varchar(20) have no lossless common type')
      assert.equal(verdictReason(motherVerdict(order, 'born')), 'types date and integer have no lossless common type')
    }
  })

  it('motherColumns agrees with the verdicts', () => {
    assert.deepEqual(motherColumns([v1, v2, v10]).map((c) => `${c.name} ${formatPgType(c.type)}`), ['id numeric(30,2)'])
  })
})

describe('describeDrift: the header of a generated file in plain words', () => {
  it('says why an incompatible change takes the column out of the mother', () => {
    const [, v2] = planInTurn(table('1', { id: 'integer', qty: 'integer' }), table('2', { id: 'integer', qty: 'varchar(20)' }))
    assert.equal(v2.tables[0].summary, 't v2 (region eu) against v1: qty integer → varchar(20), leaves the mother: types integer and varchar(20) have no lossless common type')
  })

  it('says a retyped column is not in the mother when a later version took it out first (v3 before v2)', () => {
    const plans = planInTurn(table('1', { id: 'integer', c: 'integer' }), table('3', { id: 'integer', c: 'varchar(20)' }), table('2', { id: 'integer', c: 'bigint' }))
    assert.equal(plans[2].tables[0].summary, 't v2 (region eu) against v1: c integer → bigint, not in the mother')
    assert.deepEqual(plans[2].tables[0].up, ['CREATE TABLE "public"."t_v2" (\n  "id" integer,\n  "c" bigint,\n  "_dump_id" integer NOT NULL\n)', 'ALTER TABLE "public"."t_v2" INHERIT "public"."t"'])
  })

  it('says a child takes the mother\'s wider type when its version narrows a column', () => {
    const [, v2] = planInTurn(table('1', { id: 'integer', n: 'bigint' }), table('2', { id: 'integer', n: 'integer' }))
    assert.equal(v2.tables[0].summary, 't v2 (region eu) against v1: n bigint → integer, the child takes the mother\'s bigint')
    assert.match(v2.tables[0].up[0], /"n" bigint/)
  })

  it('calls a column order change no drift', () => {
    const v1 = table('1', { id: 'integer', a: 'text', b: 'integer' })
    const v2: VersionTable = { ...v1, version: '2', child: 't_v2', columns: [v1.columns[2], v1.columns[0], v1.columns[1]] }
    assert.equal(describeDrift([v1], v2, 'eu', motherColumns([v1]), motherColumns([v1, v2])), 't v2 (region eu) against v1: columns reordered (no drift: columns are matched by name)')
  })

  it('states nullability changes', () => {
    const [, v2] = planInTurn(table('1', { id: 'integer', x: 'text not null' }), table('2', { id: 'integer', x: 'text' }))
    assert.equal(v2.tables[0].summary, 't v2 (region eu) against v1: x now nullable')
    assert.deepEqual(v2.tables[0].up.length, 2, 'the mother does not change: it is nullable everywhere')
  })
})

describe('planMigrations: drift SQL and its down', () => {
  it('a column widened, then incompatible: off the mother, older children go back to their own type; down reverses it', () => {
    const [, , v3] = planInTurn(table('1', { id: 'integer', c: 'integer' }), table('2', { id: 'integer', c: 'bigint' }), table('3', { id: 'integer', c: 'varchar(20)' }))
    assert.deepEqual(v3.tables[0].up.slice(0, 2), [
      'ALTER TABLE "public"."t" DROP COLUMN "c"',
      'ALTER TABLE "public"."t_v1" ALTER COLUMN "c" TYPE integer USING "c"::integer',
    ])
    assert.deepEqual(v3.tables[0].down, [
      'DO $leaves$ DECLARE leaf regclass; BEGIN\n  FOR leaf IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = \'"public"."t_v3"\'::regclass LOOP\n    EXECUTE format(\'DROP TABLE %s\', leaf);\n  END LOOP;\nEND $leaves$',
      'DROP TABLE "public"."t_v3"',
      'ALTER TABLE "public"."t_v1" ALTER COLUMN "c" TYPE bigint USING "c"::bigint',
      'ALTER TABLE "public"."t" ADD COLUMN "c" bigint',
    ])
  })

  it('a table missing from a later version: nothing planned for it', () => {
    const plans = planMigrations('public', { names: [], tables: [table('1', { id: 'integer' })], versions: ['shop\u00001'] }, [version('2', [table('2', { id: 'integer' }, 'other')])])
    assert.deepEqual(plans[0].tables.map((t) => t.table), ['other'])
  })

  it('numbers files without an export time with a counter past the last file', () => {
    const plans = planInTurn(table('1', { id: 'integer' }), table('2', { id: 'integer' }))
    assert.deepEqual(plans.map((p) => p.name), ['00000000000001_shop_v1', '00000000000002_shop_v2'])
  })
})

describe('distinct relation and column names', () => {
  const fails = (fn: () => void, message: RegExp): void => assert.throws(fn, (e: unknown) => isHeirloomError(e) && e.code === 'CONFIG_INVALID' && message.test(e.message))

  it('refuses a table named like another table\'s child', () => {
    fails(() => assertDistinctRelations('public', [table('1', { id: 'integer' }, 'orders'), table('1', { id: 'integer' }, 'orders_v1')]),
      /mother table of orders_v1 and the child table of orders \(shop v1\) would both be the table public\.orders_v1/)
  })

  it('refuses two applications sharing a version under a child pattern without {application}', () => {
    fails(() => assertDistinctRelations('public', [table('1', { id: 'integer' }, 'users', 'crm'), table('1', { id: 'integer' }, 'users', 'shop')]), /users_v1/)
  })

  it('refuses a dump table named like Knex\'s own in the public schema, and plans it elsewhere', () => {
    fails(() => assertDistinctRelations('public', [table('1', { id: 'integer' }, 'knex_migrations')]), /Knex's own table knex_migrations/)
    assert.doesNotThrow(() => assertDistinctRelations('dumps', [table('1', { id: 'integer' }, 'knex_migrations')]))
  })

  it('planMigrations checks before planning anything', () => {
    fails(() => planMigrations('public', { names: [], tables: [], versions: [] }, [version('1', [table('1', { id: 'integer' }, 'a'), table('1', { id: 'integer' }, 'a_v1')])]), /a_v1/)
  })

  it('a source column called _dump_id does not take the provenance column\'s name', () => {
    const { table: t } = toTargetTable({ name: 'T', columns: [{ name: '_DUMP_ID', type: 'int', nullable: true }], primaryKey: [], fieldOrderFromHeader: false }, 'mssql',
      { target: { schema: 'public', identifiers: 'lower', child: '{table}_v{version}', renames: {} }, types: { strict: false, overrides: { mssql: {}, mysql: {} }, columns: {} } })
    assert.deepEqual(t.columns.map((c) => c.name), ['_dump_id_2'])
    assert.deepEqual(makeDistinct(['a', 'a', 'x'], ['x']), ['a', 'a_2', 'x_2'])
  })

  it('tables colliding after lower-casing get distinct names in sorted source-name order', () => {
    assert.deepEqual([...tableIdentifiers([], ['Items', 'ITEMS', 'Other'], 'lower')], [['ITEMS', 'items'], ['Items', 'items_2'], ['Other', 'other']])
    assert.deepEqual([...tableIdentifiers([], ['ITEMS', 'Items'], 'lower')], [...tableIdentifiers([], ['Items', 'ITEMS'], 'lower')], 'member order does not matter')
  })

  it('a table name a migration recorded never changes: a newly colliding name gets the suffix', () => {
    const names = tableIdentifiers([{ sourceName: 'Items', table: 'items' }], ['ITEMS', 'Items', 'items_2'], 'lower')
    assert.deepEqual([...names].sort(), [['ITEMS', 'items_2'], ['Items', 'items'], ['items_2', 'items_2_2']])
  })

  it('columns colliding after snake-casing, or after shortening to 63 bytes, stay distinct', () => {
    assert.deepEqual(makeDistinct(['CustomerID', 'Customer_ID'].map((n) => toIdentifier(n, 'snake'))), ['customer_id', 'customer_id_2'])
    const long = ['é'.repeat(40) + 'a', 'é'.repeat(40) + 'b'].map((n) => toIdentifier(n, 'lower'))
    assert.notEqual(long[0], long[1])
    for (const n of long) assert.ok(Buffer.byteLength(n) <= 63)
  })
})
