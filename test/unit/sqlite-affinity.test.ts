import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { parseSchemaFile, type SchemaFileRef } from '../../src/dump/parse-schema-file'
import { HeirloomError } from '../../src/errors'
import { BUILT_IN, columnConversions, mapProblems, readUserDialects } from '../../src/schema/dialects'
import { mapColumnType } from '../../src/schema/map-type'
import { formatPgType, type TableSchema } from '../../src/schema/model'

const where: SchemaFileRef = { dump: 'app_eu_v1.zip', member: 'T.sql', dialect: 'sqlite' }
const parse = (sql: string): TableSchema => parseSchemaFile(sql, where)
/** The PostgreSQL type and affinity of a column declared with `declared` (a SQLite type text, '' for none). */
function mapped(declared: string): { pg: string; affinity: string | undefined } {
  const [column] = parse(`CREATE TABLE t(c ${declared});`).columns
  assert.ok(column !== undefined)
  const type = mapColumnType(column, BUILT_IN.sqlite, { strict: true, where: 'T.c' })
  assert.equal(type.warning, undefined)
  return { pg: formatPgType(type.type), affinity: columnConversions(BUILT_IN.sqlite, column).affinity }
}

describe('SQLite type affinity (sqlite.json byContains, https://www.sqlite.org/datatype3.html 3.1)', () => {
  // The examples of SQLite's own table (3.1.1), and the cases where the rules' order decides.
  const cases: readonly (readonly [string, string, string | undefined])[] = [
    // Rule 1: contains INT → INTEGER.
    ['INT', 'bigint', 'INTEGER'], ['INTEGER', 'bigint', 'INTEGER'], ['TINYINT', 'bigint', 'INTEGER'], ['UNSIGNED BIG INT', 'bigint', 'INTEGER'],
    ['INT2', 'bigint', 'INTEGER'], ['int8', 'bigint', 'INTEGER'],
    // Rule 1 before rule 2 and 4: "CHARINT" and "FLOATING POINT" (contains INT) are INTEGER, as SQLite's docs say.
    ['CHARINT', 'bigint', 'INTEGER'], ['FLOATING POINT', 'bigint', 'INTEGER'], ['BLOBINT', 'bigint', 'INTEGER'],
    // Rule 2: CHAR, CLOB, TEXT → TEXT; SQLite does not enforce the length, so neither does the child.
    ['CHARACTER(20)', 'text', 'TEXT'], ['VARCHAR(20)', 'text', 'TEXT'], ['VARYING CHARACTER(255)', 'text', 'TEXT'], ['NCHAR(55)', 'text', 'TEXT'],
    ['NATIVE CHARACTER(70)', 'text', 'TEXT'], ['NVARCHAR(100)', 'text', 'TEXT'], ['TEXT', 'text', 'TEXT'], ['CLOB', 'text', 'TEXT'],
    // Rule 2 before rule 3 and 4.
    ['TEXTBLOB', 'text', 'TEXT'], ['CHARREAL', 'text', 'TEXT'],
    // Rule 3: BLOB or no type → BLOB.
    ['BLOB', 'bytea', 'BLOB'], ['', 'bytea', 'BLOB'],
    // Rule 3 before rule 4.
    ['BLOBDOUBLE', 'bytea', 'BLOB'],
    // Rule 4: REAL, FLOA, DOUB → REAL.
    ['REAL', 'double precision', 'REAL'], ['DOUBLE', 'double precision', 'REAL'], ['DOUBLE PRECISION', 'double precision', 'REAL'], ['FLOAT', 'double precision', 'REAL'],
    // Rule 5: anything else → NUMERIC; "STRING" is NUMERIC in SQLite too.
    ['NUMERIC', 'numeric', 'NUMERIC'], ['DECIMAL(10,5)', 'numeric', 'NUMERIC'], ['BOOLEAN', 'numeric', 'NUMERIC'], ['DATE', 'numeric', 'NUMERIC'],
    ['DATETIME', 'numeric', 'NUMERIC'], ['STRING', 'numeric', 'NUMERIC'], ['"geometry"', 'numeric', 'NUMERIC'], ['"point"', 'bigint', 'INTEGER'],
    // A STRICT table's ANY keeps every value as given: text, the one type that holds them all.
    ['ANY', 'text', undefined],
  ]
  for (const [declared, pg, affinity] of cases) {
    it(`${declared === '' ? '(no type)' : declared} → ${affinity ?? 'no'} affinity → ${pg}`, () => {
      assert.deepEqual(mapped(declared), { pg, affinity })
    })
  }

  it('is data: the built-in map passes the dialect map check, rules in SQLite\'s order', () => {
    assert.deepEqual(mapProblems({ types: BUILT_IN.sqlite.types, byContains: BUILT_IN.sqlite.byContains, conversions: BUILT_IN.sqlite.conversions }, 'sqlite.json'), [])
    assert.deepEqual(BUILT_IN.sqlite.byContains.map((r) => r.sameAs), ['integer', 'text', 'blob', 'real', 'numeric'])
  })

  it('types.overrides.sqlite keys on the declared type, lower case without (n): DATETIME → timestamp, VARCHAR → varchar(100)', () => {
    const [when, name] = parse('CREATE TABLE t(d DATETIME, n VARCHAR(20));').columns
    assert.ok(when !== undefined && name !== undefined)
    const options = { strict: true, where: 'T', overrides: { datetime: 'timestamp', varchar: 'varchar(100)' } }
    assert.equal(formatPgType(mapColumnType(when, BUILT_IN.sqlite, options).type), 'timestamp')
    assert.equal(formatPgType(mapColumnType(name, BUILT_IN.sqlite, options).type), 'varchar(100)')
  })

  it('a map that extends sqlite inherits its byContains rules, and its own entries come first', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heirloom-sqlite-map-'))
    try {
      fs.writeFileSync(path.join(dir, 'kiosk.json'), JSON.stringify({ extends: 'sqlite', types: { datetime: { pg: 'timestamp' } } }))
      const problems: string[] = []
      const { kiosk } = readUserDialects({ kiosk: './kiosk.json' }, dir, problems)
      assert.deepEqual(problems, [])
      assert.ok(kiosk !== undefined)
      assert.equal(kiosk.family, 'sqlite')
      const [when, name] = parseSchemaFile('CREATE TABLE t(d DATETIME, n VARCHAR(20));', { ...where, dialect: kiosk.family }).columns
      assert.ok(when !== undefined && name !== undefined)
      assert.equal(formatPgType(mapColumnType(when, kiosk, { strict: true, where: 'T' }).type), 'timestamp')
      assert.equal(formatPgType(mapColumnType(name, kiosk, { strict: true, where: 'T' }).type), 'text')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a byContains rule naming no type, or malformed, is a map problem naming the rule', () => {
    assert.deepEqual(mapProblems({ extends: 'sqlite', types: {}, byContains: [{ contains: ['int'], sameAs: 'whole' }] }, 'x.json'),
      ['x.json: byContains 0: sameAs names "whole", which the map does not define'])
    const shape = mapProblems({ types: { a: { pg: 'text' } }, byContains: [{ contains: ['INT'], sameAs: 'a', also: 1 }] }, 'x.json')
    assert.ok(shape.some((p) => /byContains\.0: unknown key "also"/.test(p)), shape.join('\n'))
    assert.ok(shape.some((p) => /byContains\.0\.contains\.0/.test(p)), shape.join('\n'))
  })
})

describe('a SQLite .schema statement (Form D, dialect sqlite)', () => {
  it('reads "quoted", [bracketed] and `backticked` names, types of any words, no type, constraints and table options', () => {
    const schema = parse(`CREATE TABLE IF NOT EXISTS "main"."Order ""Lines"""(
      [line id] INTEGER PRIMARY KEY AUTOINCREMENT,
      \`sku\` VARCHAR(20) NOT NULL COLLATE NOCASE CHECK (length(sku) > 0),
      qty UNSIGNED BIG INT DEFAULT (1) NOT NULL,
      price DECIMAL(10, 5) CONSTRAINT positive CHECK (price >= 0),
      note, -- no type: BLOB affinity
      'legacy' TEXT REFERENCES other(id) ON DELETE CASCADE,
      total REAL GENERATED ALWAYS AS (qty * price) VIRTUAL,
      /* a comment, with a comma */
      CONSTRAINT pk UNIQUE (sku, qty),
      FOREIGN KEY (qty) REFERENCES q(id)
    ) WITHOUT ROWID, STRICT;
    CREATE INDEX "i" ON "Order ""Lines"""(sku);
    CREATE TRIGGER tr AFTER INSERT ON "Order ""Lines""" BEGIN SELECT 1; SELECT 2; END;`)
    assert.equal(schema.name, 'Order "Lines"')
    assert.deepEqual(schema.columns.map((c) => [c.name, c.type, c.nullable]), [
      ['line id', 'integer', true], ['sku', 'varchar', false], ['qty', 'unsigned big int', false], ['price', 'decimal', true],
      ['note', '', true], ['legacy', 'text', true], ['total', 'real', true],
    ])
    assert.equal(schema.columns[1]?.length, 20)
    assert.deepEqual([schema.columns[3]?.precision, schema.columns[3]?.scale], [10, 5])
    assert.deepEqual(schema.primaryKey, ['line id'])
  })

  it('takes a table-level PRIMARY KEY and a STRICT table\'s types', () => {
    const schema = parse('CREATE TABLE s(a INT NOT NULL, b TEXT, c ANY, d BLOB, e REAL, PRIMARY KEY (a, "b")) STRICT;')
    assert.deepEqual(schema.columns.map((c) => c.type), ['int', 'text', 'any', 'blob', 'real'])
    assert.deepEqual(schema.primaryKey, ['a', 'b'])
  })

  it('names what it cannot read', () => {
    const invalid = (sql: string, problem: RegExp): void => {
      assert.throws(() => parse(sql), (e: unknown) => e instanceof HeirloomError && e.code === 'SCHEMA_INVALID' && problem.test(e.message) && e.message.startsWith('app_eu_v1.zip: T.sql: '))
    }
    invalid('CREATE INDEX i ON t(a);', /holds no CREATE TABLE statement/)
    invalid('CREATE TABLE a(x); CREATE TABLE b(y);', /holds 2 CREATE TABLE statements/)
    invalid('CREATE VIRTUAL TABLE f USING fts5(body);', /CREATE VIRTUAL TABLE f/)
    invalid('CREATE TABLE t("a);', /name opened on line 1 that is never closed/)
    invalid('CREATE TABLE t(a VARCHAR(x));', /column "a" has an unreadable type/)
    invalid('CREATE TABLE t(a, a);', /lists column "a" twice/)
  })
})
