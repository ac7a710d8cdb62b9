import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { describeDriftMatrix } from '../../src/cli/describe-drift-matrix'
import { driftMatrix } from '../../src/migrations/drift-matrix'
import type { VersionTable } from '../../src/schema/mother'
import { parsePgType } from '../../src/schema/parse-pg-type'

function table(version: string, columns: [string, string][], application = 'shop'): VersionTable {
  return {
    application, version, table: 'orders', sourceName: 'Orders', child: `orders_v${version}`,
    columns: columns.map(([n, t]) => ({ name: n, type: parsePgType(t.replace(/ not null$/, '')), nullable: !t.endsWith(' not null') })), primaryKey: [],
  }
}

const v1 = table('1', [['id', 'integer not null'], ['total', 'numeric(10,2)'], ['qty', 'integer'], ['fax', 'text']])
const v2 = table('2', [['id', 'integer not null'], ['total', 'numeric(14,2)'], ['qty', 'varchar(20)'], ['tier', 'varchar(20)']])
const v10 = table('10', [['id', 'bigint not null'], ['total', 'numeric(14,2)'], ['qty', 'varchar(20)'], ['fax', 'text'], ['tier', 'varchar(20)']])

describe('driftMatrix: columns × versions of one table', () => {
  const m = driftMatrix('orders', [v10, v1], [v2])

  it('orders versions as people read them (v10 after v2), marking those not generated yet', () => {
    assert.deepEqual(m.versions.map((v) => [v.version, v.child, v.generated]), [['1', 'orders_v1', true], ['2', 'orders_v2', false], ['10', 'orders_v10', true]])
  })

  it('gives each cell the version\'s own type and the child\'s actual type, null where the version lacks the column', () => {
    const total = m.columns.find((r) => r.column === 'total')
    assert.deepEqual(total?.cells, [
      { type: 'numeric(10,2)', nullable: true, childType: 'numeric(14,2)' },
      { type: 'numeric(14,2)', nullable: true, childType: 'numeric(14,2)' },
      { type: 'numeric(14,2)', nullable: true, childType: 'numeric(14,2)' },
    ])
    assert.equal(m.columns.find((r) => r.column === 'fax')?.cells[1], null)
  })

  it('marks mother membership with the mother\'s type and says why the others are not in it', () => {
    assert.deepEqual(m.columns.map((r) => [r.column, r.mother, r.note]), [
      ['id', 'bigint', 'mother widened to bigint'],
      ['total', 'numeric(14,2)', 'mother widened to numeric(14,2)'],
      ['qty', null, 'not in the mother: types integer and varchar(20) have no lossless common type'],
      ['fax', null, 'not in the mother: not in v2'],
      ['tier', null, 'not in the mother: not in v1'],
    ])
  })

  it('has no rows and no versions for a table no version has', () => {
    assert.deepEqual(driftMatrix('nothing', [v1]).columns, [])
  })

  it('keeps applications apart in the version order and the header', () => {
    const crm = { ...table('1', [['id', 'integer not null']], 'crm'), child: 'orders_crm_v1' }
    const both = driftMatrix('orders', [v1, crm])
    assert.deepEqual(both.versions.map((v) => `${v.application} ${v.version}`), ['crm 1', 'shop 1'])
    assert.match(describeDriftMatrix(both)[1], /crm v1 +shop v1/)
  })
})

describe('describeDriftMatrix: the text `heirloom drift` prints', () => {
  it('aligns one row per column, marks mother columns with *, and ends rows with the note', () => {
    const lines = describeDriftMatrix(driftMatrix('orders', [v1, v10], [v2]))
    assert.equal(lines[0], 'orders (Orders): 3 version(s), 1 not generated yet; * = column of the mother')
    assert.deepEqual(lines.slice(1), [
      '   column  mother         v1                v2 (not generated)  v10              note',
      '*  id      bigint         integer not null  integer not null    bigint not null  mother widened to bigint',
      '*  total   numeric(14,2)  numeric(10,2)     numeric(14,2)       numeric(14,2)    mother widened to numeric(14,2)',
      '   qty     —              integer           varchar(20)         varchar(20)      not in the mother: types integer and varchar(20) have no lossless common type',
      '   fax     —              text              —                   text             not in the mother: not in v2',
      '   tier    —              —                 varchar(20)         varchar(20)      not in the mother: not in v1',
    ])
  })
})
