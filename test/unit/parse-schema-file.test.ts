import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { parseSchemaFile } from '../../src/dump/parse-schema-file'
import { HeirloomError } from '../../src/errors'

const where = { dump: 'shop_eu_v2.1.zip', member: 'exports/Customers.json' }
const parse = (value: unknown): ReturnType<typeof parseSchemaFile> => parseSchemaFile(JSON.stringify(value), where)

/** The repo root is the nearest folder above this file holding package.json (tests run from dist/test/unit). */
function repoRoot(): string {
  let dir = __dirname
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir)
  return dir
}
/** The shared sample data lives in `shared/` beside the repo. */
const SAMPLES = path.resolve(repoRoot(), '..', 'shared', 'samples', 'adventureworks-dw')

function assertSchemaInvalid(text: string, problem: RegExp): void {
  assert.throws(() => parseSchemaFile(text, where), (e: unknown) => {
    assert.ok(e instanceof HeirloomError)
    assert.equal(e.code, 'SCHEMA_INVALID')
    assert.ok(e.message.startsWith('shop_eu_v2.1.zip: exports/Customers.json: '), e.message)
    assert.match(e.message, problem)
    assert.ok(e.hint !== undefined && e.hint.length > 0)
    return true
  })
}

describe('parseSchemaFile, form A (native)', () => {
  it('reads the documented Form A example: lengths, -1 as unbounded, precision and scale, nullable defaulting to true, primary key', () => {
    const schema = parse({
      table: 'Customers',
      columns: [
        { name: 'CustomerID', type: 'int', nullable: false },
        { name: 'Name', type: 'nvarchar', length: 100 },
        { name: 'Balance', type: 'decimal', precision: 12, scale: 2 },
        { name: 'Notes', type: 'nvarchar', length: -1 },
      ],
      primaryKey: ['CustomerID'],
    })
    assert.deepEqual(schema, {
      name: 'Customers',
      columns: [
        { name: 'CustomerID', type: 'int', nullable: false },
        { name: 'Name', type: 'nvarchar', length: 100, nullable: true },
        { name: 'Balance', type: 'decimal', precision: 12, scale: 2, nullable: true },
        { name: 'Notes', type: 'nvarchar', length: -1, nullable: true },
      ],
      primaryKey: ['CustomerID'],
      fieldOrderFromHeader: false,
    })
  })

  it('reads length "max" as -1, datetimePrecision, upper-case type names, and arguments written into the type', () => {
    const schema = parse({
      table: 'T',
      columns: [
        { name: 'a', type: 'NVARCHAR', length: 'max' },
        { name: 'b', type: 'datetime2', datetimePrecision: 7 },
        { name: 'c', type: 'decimal(10, 2)' },
        { name: 'd', type: 'varchar(max)' },
      ],
    })
    assert.deepEqual(schema.columns, [
      { name: 'a', type: 'nvarchar', length: -1, nullable: true },
      { name: 'b', type: 'datetime2', datetimePrecision: 7, nullable: true },
      { name: 'c', type: 'decimal', precision: 10, scale: 2, nullable: true },
      { name: 'd', type: 'varchar', length: -1, nullable: true },
    ])
    assert.deepEqual(schema.primaryKey, [])
  })

  it('takes the table name from the member base name when the file names none', () => {
    assert.equal(parse({ columns: [{ name: 'a', type: 'int' }] }).name, 'Customers')
  })

  it('spells primary-key columns as the column list does', () => {
    assert.deepEqual(parse({ table: 'T', columns: [{ name: 'Id', type: 'int' }], primaryKey: ['id'] }).primaryKey, ['Id'])
  })

  it('refuses a primary key naming a column the table does not have', () => {
    assertSchemaInvalid(JSON.stringify({ table: 'T', columns: [{ name: 'Id', type: 'int' }], primaryKey: ['Key'] }), /primary-key column "Key"/)
  })
})

describe('parseSchemaFile, form B (INFORMATION_SCHEMA.COLUMNS)', () => {
  it('reads SQL Server rows in ORDINAL_POSITION order with case-insensitive keys, -1 as max and IS_NULLABLE', () => {
    const schema = parse([
      { table_name: 'Orders', column_name: 'Notes', ordinal_position: 3, data_type: 'nvarchar', character_maximum_length: -1, is_nullable: 'YES' },
      { TABLE_NAME: 'Orders', COLUMN_NAME: 'OrderID', ORDINAL_POSITION: 1, DATA_TYPE: 'int', NUMERIC_PRECISION: 10, NUMERIC_SCALE: 0, IS_NULLABLE: 'NO' },
      { Table_Name: 'Orders', Column_Name: 'At', Ordinal_Position: '2', Data_Type: 'DATETIME2', Datetime_Precision: 7, Is_Nullable: 'no' },
    ])
    assert.deepEqual(schema, {
      name: 'Orders',
      columns: [
        { name: 'OrderID', type: 'int', precision: 10, scale: 0, nullable: false },
        { name: 'At', type: 'datetime2', datetimePrecision: 7, nullable: false },
        { name: 'Notes', type: 'nvarchar', length: -1, nullable: true },
      ],
      primaryKey: [],
      fieldOrderFromHeader: false,
    })
  })

  it('parses MySQL COLUMN_TYPE into length, precision, unsigned and enum values, and COLUMN_KEY PRI into the primary key', () => {
    const schema = parseSchemaFile(JSON.stringify({
      columns: [
        { COLUMN_NAME: 'id', ORDINAL_POSITION: 1, DATA_TYPE: 'bigint', COLUMN_TYPE: 'bigint(20) unsigned', NUMERIC_PRECISION: 20, NUMERIC_SCALE: 0, IS_NULLABLE: 'NO', COLUMN_KEY: 'PRI', CHARACTER_MAXIMUM_LENGTH: null },
        { COLUMN_NAME: 'active', ORDINAL_POSITION: 2, DATA_TYPE: 'tinyint', COLUMN_TYPE: 'tinyint(1) unsigned', NUMERIC_PRECISION: 3, IS_NULLABLE: 'YES', COLUMN_KEY: '' },
        { COLUMN_NAME: 'state', ORDINAL_POSITION: 3, DATA_TYPE: 'enum', COLUMN_TYPE: "enum('new','it''s done','a,b')", CHARACTER_MAXIMUM_LENGTH: 9, IS_NULLABLE: 'YES' },
        { COLUMN_NAME: 'price', ORDINAL_POSITION: 4, DATA_TYPE: 'decimal', COLUMN_TYPE: 'decimal(10,2)', NUMERIC_PRECISION: 10, NUMERIC_SCALE: 2, IS_NULLABLE: 'YES' },
        { COLUMN_NAME: 'flags', ORDINAL_POSITION: 5, DATA_TYPE: 'bit', COLUMN_TYPE: 'bit(3)', NUMERIC_PRECISION: 3, IS_NULLABLE: 'YES' },
        { COLUMN_NAME: 'qty', ORDINAL_POSITION: 6, DATA_TYPE: 'int', COLUMN_TYPE: 'int unsigned', NUMERIC_PRECISION: 10, IS_NULLABLE: 'YES' },
        { COLUMN_NAME: 'at', ORDINAL_POSITION: 7, DATA_TYPE: 'timestamp', COLUMN_TYPE: 'timestamp(3)', DATETIME_PRECISION: 3, IS_NULLABLE: 'YES' },
      ],
    }), { dump: 'd.zip', member: 'db/orders.json' })
    assert.equal(schema.name, 'orders')
    assert.deepEqual(schema.primaryKey, ['id'])
    assert.deepEqual(schema.columns, [
      { name: 'id', type: 'bigint', length: 20, precision: 20, scale: 0, unsigned: true, nullable: false },
      { name: 'active', type: 'tinyint', length: 1, precision: 3, unsigned: true, nullable: true },
      { name: 'state', type: 'enum', length: 9, values: ['new', "it's done", 'a,b'], nullable: true },
      { name: 'price', type: 'decimal', precision: 10, scale: 2, nullable: true },
      { name: 'flags', type: 'bit', length: 3, precision: 3, nullable: true },
      { name: 'qty', type: 'int', precision: 10, unsigned: true, nullable: true },
      { name: 'at', type: 'timestamp', datetimePrecision: 3, nullable: true },
    ])
  })

  it('refuses rows of several tables in one file', () => {
    assertSchemaInvalid(JSON.stringify([
      { TABLE_NAME: 'A', COLUMN_NAME: 'x', DATA_TYPE: 'int' },
      { TABLE_NAME: 'B', COLUMN_NAME: 'y', DATA_TYPE: 'int' },
    ]), /several tables \(A, B\)/)
  })

  it('refuses an unreadable COLUMN_TYPE', () => {
    assertSchemaInvalid(JSON.stringify([{ COLUMN_NAME: 'x', DATA_TYPE: 'enum', COLUMN_TYPE: "enum('a" }]), /unreadable type "enum\('a"/)
  })

  it('parses every AdventureWorksDW sample schema in /work/shared', { skip: !fs.existsSync(SAMPLES) && `no samples at ${SAMPLES}` }, () => {
    const files = fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.json'))
    assert.equal(files.length, 8)
    for (const file of files) {
      const text = fs.readFileSync(path.join(SAMPLES, file), 'utf8')
      const schema = parseSchemaFile(text, { dump: 'adventureworks-dw.zip', member: file })
      assert.equal(schema.name, path.basename(file, '.json'))
      assert.equal(schema.columns.length, (JSON.parse(text) as unknown[]).length)
      assert.equal(schema.fieldOrderFromHeader, false)
      for (const c of schema.columns) assert.match(c.type, /^[a-z0-9_]+$/)
    }
    const territory = parseSchemaFile(fs.readFileSync(path.join(SAMPLES, 'DimSalesTerritory.json'), 'utf8'), { dump: 'aw.zip', member: 'DimSalesTerritory.json' })
    assert.deepEqual(territory.columns.map((c) => c.name), ['SalesTerritoryKey', 'SalesTerritoryAlternateKey', 'SalesTerritoryRegion', 'SalesTerritoryCountry', 'SalesTerritoryGroup', 'SalesTerritoryImage'])
    assert.deepEqual(territory.columns[0], { name: 'SalesTerritoryKey', type: 'int', precision: 10, scale: 0, nullable: false })
    assert.deepEqual(territory.columns[5], { name: 'SalesTerritoryImage', type: 'varbinary', length: -1, nullable: true })
  })
})

describe('parseSchemaFile, form C (ezETL)', () => {
  it('tolerates trailing commas and mixed-case keys and types, splits arguments off, and defers field order to the header', () => {
    const text = `[
      {"column_name": "user_id", "column_type": "INT",},
      {"COLUMN_NAME": "name", "Column_Type": "VarChar(50)"},
      {"column_name": "balance", "column_type": "decimal(10,2)"},
      {"column_name": "joined", "column_type": "datetime"},
    ]`
    const schema = parseSchemaFile(text, { dump: 'dump_v1.zip', member: 'users.json' })
    assert.deepEqual(schema, {
      name: 'users',
      columns: [
        { name: 'user_id', type: 'int', nullable: true },
        { name: 'name', type: 'varchar', length: 50, nullable: true },
        { name: 'balance', type: 'decimal', precision: 10, scale: 2, nullable: true },
        { name: 'joined', type: 'datetime', nullable: true },
      ],
      primaryKey: [],
      fieldOrderFromHeader: true,
    })
  })

  it('leaves commas inside strings alone when removing trailing ones', () => {
    const schema = parseSchemaFile('[{"column_name": "a,]", "column_type": "int",},]', where)
    assert.equal(schema.columns[0]?.name, 'a,]')
  })

  it('skips a byte-order mark', () => {
    assert.equal(parseSchemaFile('\ufeff[{"column_name":"a","column_type":"int"}]', where).columns.length, 1)
  })
})

describe('parseSchemaFile, malformed files', () => {
  it('refuses bad JSON, naming dump and member', () => assertSchemaInvalid('{"columns": [', /is not valid JSON/))
  it('refuses a file that holds no column list', () => assertSchemaInvalid('{"table": "T"}', /neither an array of columns/))
  it('refuses an empty column list', () => assertSchemaInvalid('[]', /lists no columns/))
  it('refuses a column without a name', () => assertSchemaInvalid('{"columns": [{"type": "int"}]}', /column 1 has no "name"/))
  it('refuses a column without a type (form A)', () => assertSchemaInvalid('{"columns": [{"name": "a"}]}', /column 1 \("a"\) has no "type"/))
  it('refuses a column without a type (form B)', () => assertSchemaInvalid('[{"COLUMN_NAME": "a", "IS_NULLABLE": "NO"}]', /\("a"\) has no DATA_TYPE/))
  it('refuses a column without a name (form C)', () => assertSchemaInvalid('[{"column_type": "int"}]', /has no column_name/))
  it('refuses a column listed twice, comparing names case-insensitively', () => {
    assertSchemaInvalid('[{"column_name": "Id", "column_type": "int"}, {"column_name": "ID", "column_type": "int"}]', /column "ID" twice \(as "Id" and "ID"\)/)
  })
  it('refuses a length that is not a whole number', () => assertSchemaInvalid('{"columns": [{"name": "a", "type": "varchar", "length": "long"}]}', /length "long"/))
  it('refuses nullability it cannot read', () => assertSchemaInvalid('{"columns": [{"name": "a", "type": "int", "nullable": "maybe"}]}', /nullability "maybe"/))
})
