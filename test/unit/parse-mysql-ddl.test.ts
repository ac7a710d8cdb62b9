import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { parseSchemaFile, type SchemaFileRef } from '../../src/dump/parse-schema-file'
import { HeirloomError } from '../../src/errors'
import { formatPgType, type SourceColumn, type TableSchema } from '../../src/schema/model'
import { toTargetTable } from '../../src/schema/target-table'

const where: SchemaFileRef = { dump: 'shop_eu_v1.zip', member: 'Customers.sql', dialect: 'mysql' }
const parse = (sql: string): TableSchema => parseSchemaFile(sql, where)
/** A one-column table around a column definition. */
const column = (definition: string): SourceColumn => {
  const [c] = parse(`CREATE TABLE \`t\` (\n  ${definition}\n) ENGINE=InnoDB;`).columns
  assert.ok(c !== undefined)
  return c
}
const pgTypes = (schema: TableSchema): string[] => toTargetTable(schema, 'mysql', {
  target: { schema: 'public', identifiers: 'preserve', child: '{table}_v{version}', renames: {} },
  types: { strict: false, overrides: {}, columns: {} },
}).table.columns.map((c) => formatPgType(c.type))

function assertSchemaInvalid(sql: string, problem: RegExp, member: SchemaFileRef = where): void {
  assert.throws(() => parseSchemaFile(sql, member), (e: unknown) => {
    assert.ok(e instanceof HeirloomError)
    assert.equal(e.code, 'SCHEMA_INVALID')
    assert.ok(e.message.startsWith(`${member.dump}: ${member.member}: `), e.message)
    assert.match(e.message, problem)
    assert.ok(e.hint !== undefined && e.hint.length > 0)
    return true
  })
}

/** A real `mariadb-dump --tab` .sql file (MariaDB 10.11) of a table with hostile names and every column feature. */
const HOSTILE_DUMP = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'mariadb-dump-hostile.sql'), 'utf8')

describe('MySQL CREATE TABLE as a schema file (Form D)', () => {
  it('reads a real mariadb-dump .sql file: the table among SET lines, version comments and DROP TABLE, columns in order', () => {
    const schema = parse(HOSTILE_DUMP)
    assert.equal(schema.name, 'we`ird "t" \'é ü')
    assert.deepEqual(schema.columns.map((c) => c.name), ['id', 'col`tick', 'ünï "q"', 's', 'g', 'g2', 'b', 'pt', 'geo', 'j', 'd', 'ts', 'dbl', 'fl', 'y', 'pid', 't'])
    assert.deepEqual(schema.primaryKey, ['id'])
    assert.equal(schema.fieldOrderFromHeader, false)
  })

  it('maps the real file\'s columns through the MySQL type map as Form B would', () => {
    assert.deepEqual(pgTypes(parse(HOSTILE_DUMP)), [
      'bigint', 'varchar(20)', 'text', 'text', 'integer', 'varchar(30)', 'bit(5)', 'bytea', 'bytea', 'text',
      'numeric(10,2)', 'timestamptz(3)', 'double precision', 'real', 'smallint', 'bigint', 'text',
    ])
  })

  it('undoes doubled backquotes in table and column names, keeps quotes and unicode', () => {
    const schema = parse('CREATE TABLE `a``b ""c\'` (`x``y` int, `日本 "z"` int, ` ` int, ```` int)')
    assert.equal(schema.name, 'a`b ""c\'')
    assert.deepEqual(schema.columns.map((c) => c.name), ['x`y', '日本 "z"', ' ', '`'])
  })

  it('takes the table name of `db`.`t` and CREATE TABLE IF NOT EXISTS', () => {
    assert.equal(parse('CREATE TABLE IF NOT EXISTS `shop`.`orders` (id int)').name, 'orders')
    assert.equal(parse('CREATE TABLE shop.orders (id int)').name, 'orders')
  })

  it('ignores SET lines, DROP TABLE and comments around the statement, and -- or # comments inside it', () => {
    const schema = parse([
      '-- MySQL dump 10.13', '/*!40101 SET NAMES utf8mb4 */;', 'SET @x = 1;', 'DROP TABLE IF EXISTS `t`;',
      '/*!40101 SET @saved_cs_client = @@character_set_client */;',
      'CREATE TABLE `t` (', '  `a` int, -- a comment with a , and a )', '  # another ( comment', '  `b` int /* inline */', ');',
      '/*!40101 SET character_set_client = @saved_cs_client */;',
    ].join('\n'))
    assert.deepEqual(schema.columns.map((c) => c.name), ['a', 'b'])
  })

  it('reads NOT NULL, and DEFAULT NULL as nullable', () => {
    assert.equal(column('`a` int NOT NULL').nullable, false)
    assert.equal(column('`a` int DEFAULT NULL').nullable, true)
    assert.equal(column('`a` int NULL').nullable, true)
  })

  it('skips DEFAULT values, AUTO_INCREMENT, ON UPDATE and COMMENTs holding quotes, commas and parentheses', () => {
    const schema = parse("CREATE TABLE t (`a` int NOT NULL AUTO_INCREMENT COMMENT 'it''s (a, \"b\")', `b` varchar(5) DEFAULT 'x,y)' COMMENT 'c\\'d', `c` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(), `d` float DEFAULT -1.5e3)")
    assert.deepEqual(schema.columns.map((c) => [c.name, c.type, c.nullable]), [['a', 'int', false], ['b', 'varchar', true], ['c', 'timestamp', false], ['d', 'float', true]])
  })

  it('reads unsigned and zerofill (zerofill implies unsigned) into the next wider PostgreSQL type', () => {
    const schema = parse('CREATE TABLE t (a int(10) unsigned, b mediumint(8) unsigned zerofill, c bigint unsigned, d tinyint(1), e int)')
    assert.deepEqual(schema.columns.map((c) => c.unsigned ?? false), [true, true, true, false, false])
    assert.deepEqual(pgTypes(schema), ['bigint', 'integer', 'numeric(20)', 'boolean', 'integer'])
  })

  it('reads enum and set values with doubled and backslash-escaped quotes, commas and parentheses inside', () => {
    assert.deepEqual(column("`e` enum('a','b c','it''s','x\\'y','(,)') NOT NULL DEFAULT 'a'").values, ['a', 'b c', "it's", "x'y", '(,)'])
    assert.deepEqual(column("`s` set('x','y z') DEFAULT NULL").values, ['x', 'y z'])
  })

  it('reads generated columns (AS … VIRTUAL / STORED) as columns of their declared type: the data file holds their values', () => {
    const schema = parse("CREATE TABLE t (`a` int, `g` int GENERATED ALWAYS AS (`a` * 2) VIRTUAL, `h` varchar(30) AS (concat(`a`,')')) STORED NOT NULL)")
    assert.deepEqual(schema.columns.map((c) => [c.name, c.type, c.nullable]), [['a', 'int', true], ['g', 'int', true], ['h', 'varchar', false]])
  })

  it('reads a text column\'s CHARACTER SET: its own, else the one its COLLATE implies, else the table\'s DEFAULT CHARSET', () => {
    assert.deepEqual(column('`v` varchar(20) CHARACTER SET latin1 COLLATE latin1_swedish_ci NOT NULL'), { name: 'v', type: 'varchar', length: 20, charset: 'latin1', nullable: false })
    const schema = parse("CREATE TABLE t (a text CHARSET cp1251, b varchar(5) COLLATE latin2_general_ci, c enum('x'), d int, e text COMMENT 'CHARACTER SET x') ENGINE=InnoDB DEFAULT CHARSET=greek COLLATE=greek_general_ci")
    assert.deepEqual(schema.columns.map((c) => c.charset), ['cp1251', 'latin2', 'greek', undefined, 'greek'])
  })

  it('reads bit(n), spatial types and json', () => {
    const schema = parse('CREATE TABLE t (b bit(12), p point NOT NULL, g geometry, m multipolygon, j json)')
    assert.deepEqual(pgTypes(schema), ['bit(12)', 'bytea', 'bytea', 'bytea', 'jsonb'])
  })

  it('reads time types\' fractional digits, 0 when not written as MySQL means', () => {
    const schema = parse('CREATE TABLE t (a datetime, b datetime(6), c time, d timestamp(3) NULL)')
    assert.deepEqual(schema.columns.map((c) => c.datetimePrecision), [0, 6, 0, 3])
  })

  it('reads PRIMARY KEY over several columns (with prefix lengths) and skips KEY, UNIQUE KEY, FULLTEXT, SPATIAL, CONSTRAINT … FOREIGN KEY and CHECK', () => {
    const schema = parse([
      'CREATE TABLE `t` (', '`a` int NOT NULL,', '`b``c` varchar(20) NOT NULL,', '`p` point NOT NULL,',
      'PRIMARY KEY (`a`,`b``c`(10)),', 'UNIQUE KEY `u` (`b``c`),', 'KEY `k` (`a`) USING BTREE COMMENT \'key, (comment)\',',
      'FULLTEXT KEY `f` (`b``c`),', 'SPATIAL KEY `s` (`p`),',
      'CONSTRAINT `fk "1"` FOREIGN KEY (`a`) REFERENCES `other` (`id`) ON DELETE CASCADE,', 'CONSTRAINT `chk` CHECK (`a` >= 0)',
      ') ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT=\'table \'\'comment\'\'\';',
    ].join('\n'))
    assert.deepEqual(schema.columns.map((c) => c.name), ['a', 'b`c', 'p'])
    assert.deepEqual(schema.primaryKey, ['a', 'b`c'])
  })

  it('reads an inline PRIMARY KEY as a not-null key column', () => {
    const schema = parse('CREATE TABLE t (id int PRIMARY KEY, v int)')
    assert.deepEqual([schema.primaryKey, schema.columns[0]?.nullable], [['id'], false])
  })

  it('reads what node-sql-parser rejects: INVISIBLE, COMPRESSED, SRID in a version comment, table options and partitions', () => {
    const schema = parse([
      'CREATE TABLE `t` (', '`id` int(11) NOT NULL,', '`inv` int(11) DEFAULT NULL INVISIBLE,', '`x` varchar(5) /*M!100301 COMPRESSED*/ DEFAULT NULL,',
      '`pos` point NOT NULL /*!80003 SRID 4326 */,', 'PRIMARY KEY (`id`)',
      ') ENGINE=Aria PAGE_CHECKSUM=1 TRANSACTIONAL=1', '/*!50100 PARTITION BY HASH (`id`) PARTITIONS 4 */;',
    ].join('\n'))
    assert.deepEqual(schema.columns.map((c) => c.name), ['id', 'inv', 'x', 'pos'])
  })

  it('names a file without CREATE TABLE, with two of them, or with unreadable SQL', () => {
    assertSchemaInvalid('DROP TABLE IF EXISTS `t`;\nSET @a = 1;', /holds no CREATE TABLE statement/)
    assertSchemaInvalid('CREATE TABLE a (x int);\nCREATE TABLE b (y int);', /holds 2 CREATE TABLE statements/)
    assertSchemaInvalid('CREATE TABLE a (x int,\n  y varchar(5) DEFAULT \'open)', /string opened on line 2 that is never closed/)
    assertSchemaInvalid('CREATE TABLE `a (x int)', /name opened on line 1 that is never closed/)
    assertSchemaInvalid('CREATE TABLE a LIKE b', /without a column list/)
    assertSchemaInvalid('CREATE TABLE a (x int, y strange(1,2,3))', /column "y" has an unreadable type "strange\(1,2,3\)"/)
    assertSchemaInvalid('CREATE TABLE a (`x` int, `X` int)', /lists column "X" twice/)
  })

  it('refuses a .sql member of a SQL Server dump clearly, naming it, while its DDL is not supported', () => {
    assertSchemaInvalid('CREATE TABLE [dbo].[T]([a] [int] NULL)', /SQL Server DDL/, { ...where, dialect: 'mssql' })
  })
})
