import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseSchemaFile } from '../../src/dump/parse-schema-file'

const where = { dump: 'shop_us_v1.zip', member: 'export/orders.json' }

// Regression: rows holding COLUMN_TYPE but no DATA_TYPE were taken for ezETL's Form C, which drops
// ORDINAL_POSITION (field order), IS_NULLABLE, COLUMN_KEY and TABLE_NAME, though parseFormB reads them.
describe('MySQL INFORMATION_SCHEMA rows exported without DATA_TYPE are still Form B', () => {
  it('keeps the ordinal order, nullability, primary key and table name of a COLUMN_TYPE-only export', () => {
    const rows = [
      { TABLE_NAME: 'Orders', COLUMN_NAME: 'note', ORDINAL_POSITION: 2, COLUMN_TYPE: 'varchar(5)', IS_NULLABLE: 'YES', COLUMN_KEY: '' },
      { TABLE_NAME: 'Orders', COLUMN_NAME: 'id', ORDINAL_POSITION: 1, COLUMN_TYPE: 'int(10) unsigned', IS_NULLABLE: 'NO', COLUMN_KEY: 'PRI' },
    ]
    const schema = parseSchemaFile(JSON.stringify(rows), where)
    assert.equal(schema.name, 'Orders')
    assert.equal(schema.fieldOrderFromHeader, false)
    assert.deepEqual(schema.columns.map((c) => [c.name, c.type, c.nullable, c.length, c.unsigned]), [['id', 'int', false, 10, true], ['note', 'varchar', true, 5, undefined]])
    assert.deepEqual(schema.primaryKey, ['id'])
  })

  it('still reads ezETL\'s column_name/column_type pairs as Form C', () => {
    const schema = parseSchemaFile('[{"column_name": "user_id", "column_type": "int"},]', where)
    assert.equal(schema.fieldOrderFromHeader, true)
    assert.deepEqual(schema.columns.map((c) => [c.name, c.type]), [['user_id', 'int']])
  })
})
