import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { parseSchemaFile } from '../../src/dump/parse-schema-file'
import { HeirloomError } from '../../src/errors'
import { mapColumnType, TYPE_MAPS } from '../../src/schema/map-type'
import { BUILT_IN, dialectNamed } from '../../src/schema/dialects'
import { formatPgType, type Dialect, type SourceColumn } from '../../src/schema/model'
import { parsePgType } from '../../src/schema/parse-pg-type'

/** The repo root is the nearest folder above this file holding package.json (tests run from dist/test/unit). */
function repoRoot(): string {
  let dir = __dirname
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir)
  return dir
}
/** The shared sample data lives in `shared/` beside the repo. */
const SAMPLES = path.resolve(repoRoot(), '..', 'shared', 'samples', 'adventureworks-dw')

type Details = Omit<SourceColumn, 'name' | 'nullable'>

function mapped(dialect: Dialect, details: Details, options: { overrides?: Record<string, string>; columnType?: string; strict?: boolean } = {}): string {
  return formatPgType(mapColumnType({ name: 'c', nullable: true, ...details }, dialectNamed(dialect), { strict: false, where: 'd.zip: T.c', ...options }).type)
}

/** docs/dump-layout.md, Types, SQL Server table: one entry per source type of every row. */
const MSSQL_ROWS: ReadonlyArray<readonly [Details, string]> = [
  [{ type: 'bit' }, 'boolean'],
  [{ type: 'tinyint', precision: 3, scale: 0 }, 'smallint'],
  [{ type: 'smallint', precision: 5, scale: 0 }, 'smallint'],
  [{ type: 'int', precision: 10, scale: 0 }, 'integer'],
  [{ type: 'bigint', precision: 19, scale: 0 }, 'bigint'],
  [{ type: 'decimal', precision: 12, scale: 2 }, 'numeric(12,2)'],
  [{ type: 'numeric', precision: 18, scale: 0 }, 'numeric(18,0)'],
  [{ type: 'money', precision: 19, scale: 4 }, 'numeric(19,4)'],
  [{ type: 'smallmoney', precision: 10, scale: 4 }, 'numeric(10,4)'],
  [{ type: 'float', precision: 53 }, 'double precision'],
  [{ type: 'real', precision: 24 }, 'real'],
  [{ type: 'date', datetimePrecision: 0 }, 'date'],
  [{ type: 'time', datetimePrecision: 3 }, 'time(3)'],
  [{ type: 'time', datetimePrecision: 7 }, 'time(6)'],
  [{ type: 'datetime', datetimePrecision: 3 }, 'timestamp(3)'],
  [{ type: 'datetime2', datetimePrecision: 2 }, 'timestamp(2)'],
  [{ type: 'datetime2', datetimePrecision: 7 }, 'timestamp(6)'],
  [{ type: 'smalldatetime', datetimePrecision: 0 }, 'timestamp(0)'],
  [{ type: 'datetimeoffset', datetimePrecision: 7 }, 'timestamptz(6)'],
  [{ type: 'datetimeoffset', datetimePrecision: 0 }, 'timestamptz(0)'],
  [{ type: 'char', length: 3 }, 'char(3)'],
  [{ type: 'nchar', length: 10 }, 'char(10)'],
  [{ type: 'varchar', length: 50 }, 'varchar(50)'],
  [{ type: 'nvarchar', length: 4000 }, 'varchar(4000)'],
  [{ type: 'varchar', length: -1 }, 'text'],
  [{ type: 'nvarchar', length: -1 }, 'text'],
  [{ type: 'text', length: 2147483647 }, 'text'],
  [{ type: 'ntext', length: 1073741823 }, 'text'],
  [{ type: 'binary', length: 16 }, 'bytea'],
  [{ type: 'varbinary', length: -1 }, 'bytea'],
  [{ type: 'image', length: 2147483647 }, 'bytea'],
  [{ type: 'uniqueidentifier' }, 'uuid'],
  [{ type: 'xml', length: -1 }, 'xml'],
  [{ type: 'sql_variant' }, 'text'],
  [{ type: 'hierarchyid', length: 892 }, 'text'],
  [{ type: 'geography', length: -1 }, 'text'],
  [{ type: 'geometry', length: -1 }, 'text'],
]

/** docs/dump-layout.md, Types, MySQL table. */
const MYSQL_ROWS: ReadonlyArray<readonly [Details, string]> = [
  [{ type: 'tinyint', length: 1, precision: 3 }, 'boolean'],
  [{ type: 'tinyint', length: 1, unsigned: true }, 'boolean'],
  [{ type: 'tinyint', precision: 3 }, 'smallint'],
  [{ type: 'tinyint', length: 4, unsigned: true }, 'smallint'],
  [{ type: 'smallint' }, 'smallint'],
  [{ type: 'smallint', unsigned: true }, 'integer'],
  [{ type: 'mediumint' }, 'integer'],
  [{ type: 'mediumint', unsigned: true }, 'integer'],
  [{ type: 'int', length: 11 }, 'integer'],
  [{ type: 'int', unsigned: true }, 'bigint'],
  [{ type: 'bigint' }, 'bigint'],
  [{ type: 'bigint', length: 20, unsigned: true }, 'numeric(20)'],
  [{ type: 'decimal', precision: 10, scale: 2 }, 'numeric(10,2)'],
  [{ type: 'decimal', precision: 10, scale: 2, unsigned: true }, 'numeric(10,2)'],
  [{ type: 'float', precision: 12 }, 'real'],
  [{ type: 'double', precision: 22 }, 'double precision'],
  [{ type: 'date' }, 'date'],
  [{ type: 'time', datetimePrecision: 0 }, 'time(0)'],
  [{ type: 'datetime', datetimePrecision: 0 }, 'timestamp(0)'],
  [{ type: 'datetime', datetimePrecision: 6 }, 'timestamp(6)'],
  [{ type: 'timestamp', datetimePrecision: 3 }, 'timestamptz(3)'],
  [{ type: 'year' }, 'smallint'],
  [{ type: 'char', length: 2 }, 'char(2)'],
  [{ type: 'varchar', length: 255 }, 'varchar(255)'],
  [{ type: 'tinytext' }, 'text'],
  [{ type: 'text' }, 'text'],
  [{ type: 'mediumtext' }, 'text'],
  [{ type: 'longtext', length: 4294967295 }, 'text'],
  [{ type: 'binary', length: 16 }, 'bytea'],
  [{ type: 'varbinary', length: 255 }, 'bytea'],
  [{ type: 'tinyblob' }, 'bytea'],
  [{ type: 'blob' }, 'bytea'],
  [{ type: 'mediumblob' }, 'bytea'],
  [{ type: 'longblob' }, 'bytea'],
  [{ type: 'enum', values: ['a', 'b'] }, 'text'],
  [{ type: 'set', values: ['x', 'y'] }, 'text'],
  [{ type: 'json' }, 'jsonb'],
  [{ type: 'bit', length: 3 }, 'bit(3)'],
  [{ type: 'bit' }, 'bit(1)'],
  [{ type: 'geometry' }, 'bytea'],
  [{ type: 'point' }, 'bytea'],
  [{ type: 'polygon' }, 'bytea'],
  [{ type: 'geomcollection' }, 'bytea'],
]

describe('mapColumnType: the docs/dump-layout.md, Types tables', () => {
  for (const [dialect, rows] of [['mssql', MSSQL_ROWS], ['mysql', MYSQL_ROWS]] as const) {
    for (const [details, expected] of rows) {
      it(`${dialect} ${JSON.stringify(details)} → ${expected}`, () => assert.equal(mapped(dialect, details), expected))
    }
  }

  it('maps MySQL bigint unsigned (max 18446744073709551615) to numeric(20)', () => {
    assert.deepEqual(mapColumnType({ name: 'id', type: 'bigint', unsigned: true, nullable: false }, BUILT_IN.mysql, { strict: true, where: 'w' }),
      { type: { name: 'numeric', modifiers: [20] } })
  })

  it('maps types given without their modifiers to the unbounded PostgreSQL type', () => {
    assert.equal(mapped('mssql', { type: 'decimal' }), 'numeric')
    assert.equal(mapped('mssql', { type: 'nvarchar' }), 'varchar')
    assert.equal(mapped('mssql', { type: 'datetime2' }), 'timestamp')
    assert.equal(mapped('mssql', { type: 'char' }), 'char(1)')
  })

  it('follows aliases to their entry', () => {
    assert.equal(mapped('mysql', { type: 'integer', unsigned: true }), 'bigint')
    assert.equal(mapped('mysql', { type: 'numeric', precision: 5, scale: 1 }), 'numeric(5,1)')
    assert.equal(mapped('mssql', { type: 'character varying', length: 20 }), 'varchar(20)')
  })

  it('falls back to the unmodified type with a warning when a source modifier is impossible in PostgreSQL', () => {
    const result = mapColumnType({ name: 'c', type: 'varchar', length: 0, nullable: true }, BUILT_IN.mysql, { strict: true, where: 'd.zip: T.c' })
    assert.equal(formatPgType(result.type), 'varchar')
    assert.match(result.warning ?? '', /^d\.zip: T\.c: varchar\(0\) is not a valid PostgreSQL type/)
  })

  it('ships maps whose every entry is valid', () => {
    assert.ok(Object.keys(TYPE_MAPS.mssql).length >= 35)
    assert.ok(Object.keys(TYPE_MAPS.mysql).length >= 35)
  })
})

describe('mapColumnType: overrides, unknown types', () => {
  it('applies a per-type override from types.overrides, matching the type name case-insensitively', () => {
    assert.equal(mapped('mssql', { type: 'money' }, { overrides: { Money: 'numeric(19,2)' } }), 'numeric(19,2)')
  })

  it('lets a per-column type win over the per-type override and the map', () => {
    assert.equal(mapped('mssql', { type: 'money' }, { overrides: { money: 'numeric(19,2)' }, columnType: 'numeric(14,2)' }), 'numeric(14,2)')
  })

  it('maps an unknown type to text with a warning naming the column and types.overrides', () => {
    const result = mapColumnType({ name: 'c', type: 'vector', nullable: true }, BUILT_IN.mysql, { strict: false, where: 'd.zip: T.c' })
    assert.deepEqual(result.type, { name: 'text', modifiers: [] })
    assert.match(result.warning ?? '', /d\.zip: T\.c: unknown mysql type "vector".*types\.overrides\.mysql/)
  })

  it('throws TYPE_UNKNOWN for an unknown type under strict, with a hint naming types.overrides', () => {
    assert.throws(() => mapped('mssql', { type: 'cursor' }, { strict: true }), (e: unknown) => {
      assert.ok(e instanceof HeirloomError)
      assert.equal(e.code, 'TYPE_UNKNOWN')
      assert.match(e.message, /d\.zip: T\.c: mssql type "cursor"/)
      assert.match(e.hint ?? '', /types\.overrides\.mssql/)
      return true
    })
  })

  it('accepts an unknown type under strict when an override maps it', () => {
    assert.equal(mapped('mssql', { type: 'cursor' }, { strict: true, overrides: { cursor: 'text' } }), 'text')
  })

  it('reports an unreadable override as CONFIG_INVALID naming the config key', () => {
    assert.throws(() => mapped('mssql', { type: 'money' }, { overrides: { money: 'dollars' } }), (e: unknown) => {
      assert.ok(e instanceof HeirloomError)
      assert.equal(e.code, 'CONFIG_INVALID')
      assert.match(e.message, /types\.overrides\.mssql\.money: PostgreSQL type "dollars"/)
      return true
    })
  })

  it('maps every AdventureWorksDW sample column under strict', { skip: !fs.existsSync(SAMPLES) && `no samples at ${SAMPLES}` }, () => {
    for (const file of fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.json'))) {
      const schema = parseSchemaFile(fs.readFileSync(path.join(SAMPLES, file), 'utf8'), { dump: 'aw.zip', member: file })
      for (const c of schema.columns) assert.equal(mapColumnType(c, BUILT_IN.mssql, { strict: true, where: file }).warning, undefined)
    }
  })
})

describe('parsePgType', () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['int', 'integer'], ['int4', 'integer'], ['INTEGER', 'integer'], ['int8', 'bigint'], ['int2', 'smallint'],
    ['float8', 'double precision'], ['float', 'double precision'], ['float(24)', 'real'], ['float(25)', 'double precision'],
    ['float4', 'real'], ['bool', 'boolean'], ['decimal(10,2)', 'numeric(10,2)'], ['numeric( 19 , 4 )', 'numeric(19,4)'],
    ['character varying(40)', 'varchar(40)'], ['Character  Varying', 'varchar'], ['character(2)', 'char(2)'], ['char', 'char(1)'],
    ['timestamp without time zone', 'timestamp'], ['timestamp with time zone', 'timestamptz'], ['timestamp(3) with time zone', 'timestamptz(3)'],
    ['time with time zone', 'timetz'], ['double precision', 'double precision'], ['bit varying(8)', 'varbit(8)'], ['bit', 'bit(1)'],
    ['jsonb', 'jsonb'], ['uuid', 'uuid'], ['  text  ', 'text'],
  ]
  for (const [text, expected] of cases) {
    it(`reads "${text}" as ${expected}`, () => assert.equal(formatPgType(parsePgType(text)), expected))
  }

  for (const garbage of ['', 'dollars', 'varchar(', 'numeric(2,3)', 'numeric(0)', 'integer(4)', 'timestamp(7)', 'varchar(0)', 'text; drop table x', 'float(54)', 'numeric(1,2,3)']) {
    it(`refuses "${garbage}" with CONFIG_INVALID`, () => {
      assert.throws(() => parsePgType(garbage), (e: unknown) => e instanceof HeirloomError && e.code === 'CONFIG_INVALID')
    })
  }
})
