import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isHeirloomError } from '../../src/errors'
import { parseTsqlAliasTypes, parseTsqlDdl, type AliasTypes } from '../../src/dump/parse-tsql-ddl'
import type { SourceColumn } from '../../src/schema/model'

const NONE: AliasTypes = new Map()

function table(sql: string, member = 'T.sql', aliases = NONE): ReturnType<typeof parseTsqlDdl> {
  return parseTsqlDdl(sql, { dump: 'd.zip', member }, aliases)
}

function column(sql: string, name: string): SourceColumn | undefined {
  return table(sql).schema.columns.find((c) => c.name === name)
}

/** The AdventureWorks `Person.Address` table as SSMS Generate Scripts writes it. */
const ADDRESS = `/****** Object:  Table [Person].[Address]    Script Date: 1/1/2024 ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [Person].[Address](
	[AddressID] [int] IDENTITY(1,1) NOT FOR REPLICATION NOT NULL,
	[AddressLine1] [nvarchar](60) NOT NULL,
	[AddressLine2] [nvarchar](60) NULL,
	[City] [nvarchar](30) COLLATE SQL_Latin1_General_CP1_CI_AS NOT NULL,
	[StateProvinceID] [int] NOT NULL,
	[PostalCode] [nvarchar](15) NOT NULL,
	[SpatialLocation] [geography] NULL,
	[rowguid] [uniqueidentifier] ROWGUIDCOL  NOT NULL CONSTRAINT [DF_Address_rowguid]  DEFAULT (newid()),
	[ModifiedDate] [datetime] NOT NULL CONSTRAINT [DF_Address_ModifiedDate]  DEFAULT (getdate()),
	[Notes] [nvarchar](max) NULL,
	[Price] [decimal](10, 2) NULL,
 CONSTRAINT [PK_Address_AddressID] PRIMARY KEY CLUSTERED
(
	[AddressID] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON) ON [PRIMARY]
) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY]
GO
ALTER TABLE [Person].[Address] WITH CHECK ADD CONSTRAINT [FK_Address_StateProvince] FOREIGN KEY([StateProvinceID])
REFERENCES [Person].[StateProvince] ([StateProvinceID])
GO
`

describe('T-SQL DDL (SSMS Generate Scripts) as a schema file', () => {
  it('reads a bracketed multi-part table name as the table name without its schema', () => {
    assert.equal(table(ADDRESS, 'Address.sql').schema.name, 'Address')
  })

  it('reads the columns in order with their types, lengths and nullability', () => {
    const { columns } = table(ADDRESS, 'Address.sql').schema
    assert.deepEqual(columns.map((c) => c.name), ['AddressID', 'AddressLine1', 'AddressLine2', 'City', 'StateProvinceID', 'PostalCode', 'SpatialLocation', 'rowguid', 'ModifiedDate', 'Notes', 'Price'])
    assert.deepEqual(columns[1], { name: 'AddressLine1', type: 'nvarchar', length: 60, nullable: false })
    assert.deepEqual(columns[2], { name: 'AddressLine2', type: 'nvarchar', length: 60, nullable: true })
  })

  it('reads [nvarchar](max) as an unbounded length', () => {
    assert.deepEqual(column(ADDRESS, 'Notes'), { name: 'Notes', type: 'nvarchar', length: -1, nullable: true })
  })

  it('reads [decimal](10, 2) as precision and scale', () => {
    assert.deepEqual(column(ADDRESS, 'Price'), { name: 'Price', type: 'decimal', precision: 10, scale: 2, nullable: true })
  })

  it('steps over IDENTITY(1,1) NOT FOR REPLICATION without reading NOT as NOT NULL of another clause', () => {
    assert.deepEqual(column('CREATE TABLE [T]([Id] [int] IDENTITY(1,1) NOT FOR REPLICATION NULL)', 'Id'), { name: 'Id', type: 'int', nullable: true })
    assert.deepEqual(column('CREATE TABLE [T]([Id] [int] IDENTITY(1,1) NOT FOR REPLICATION NOT NULL)', 'Id'), { name: 'Id', type: 'int', nullable: false })
  })

  it('takes an IDENTITY column with no NULL clause as NOT NULL, as SQL Server does', () => {
    assert.equal(column('CREATE TABLE [T]([Id] [bigint] IDENTITY(100, 5))', 'Id')?.nullable, false)
  })

  it('steps over ROWGUIDCOL and an inline CONSTRAINT … DEFAULT (newid())', () => {
    assert.deepEqual(column(ADDRESS, 'rowguid'), { name: 'rowguid', type: 'uniqueidentifier', nullable: false })
    assert.deepEqual(column(ADDRESS, 'ModifiedDate'), { name: 'ModifiedDate', type: 'datetime', nullable: false })
  })

  it('reads DEFAULT NULL as a default value, not as the column\'s nullability', () => {
    assert.equal(column('CREATE TABLE [T]([a] [int] NOT NULL DEFAULT NULL)', 'a')?.nullable, false)
  })

  it('steps over COLLATE', () => {
    assert.deepEqual(column(ADDRESS, 'City'), { name: 'City', type: 'nvarchar', length: 30, nullable: false })
  })

  it('reads CONSTRAINT … PRIMARY KEY CLUSTERED (…) WITH (…) ON [PRIMARY] as the primary key, and TEXTIMAGE_ON is no column', () => {
    const { schema } = table(ADDRESS, 'Address.sql')
    assert.deepEqual(schema.primaryKey, ['AddressID'])
    assert.equal(schema.columns.length, 11)
  })

  it('reads a composite key with ASC/DESC, and an inline column PRIMARY KEY', () => {
    assert.deepEqual(table('CREATE TABLE [T]([a] [int] NOT NULL, [b] [int] NOT NULL, CONSTRAINT [PK] PRIMARY KEY NONCLUSTERED ([a] ASC, [b] DESC))').schema.primaryKey, ['a', 'b'])
    const inline = table('CREATE TABLE [T]([a] [int] PRIMARY KEY CLUSTERED, [b] [int])').schema
    assert.deepEqual(inline.primaryKey, ['a'])
    assert.equal(inline.columns[0]?.nullable, false)
  })

  it('reads a computed column AS (…), with or without PERSISTED, as text and names it computed', () => {
    const sql = `CREATE TABLE [Sales].[SalesOrderHeader](
      [SubTotal] [money] NOT NULL,
      [TaxAmt] [money] NOT NULL,
      [SalesOrderNumber]  AS (isnull(N'SO'+CONVERT([nvarchar](23),[SalesOrderID]),N'*** ERROR ***')),
      [TotalDue]  AS (isnull(([SubTotal]+[TaxAmt]),(0))) PERSISTED NOT NULL,
      [After] [int] NULL)`
    const { schema, computed } = table(sql, 'SalesOrderHeader.sql')
    assert.deepEqual(computed, ['SalesOrderNumber', 'TotalDue'])
    assert.deepEqual(schema.columns.map((c) => [c.name, c.type, c.nullable]), [
      ['SubTotal', 'money', false], ['TaxAmt', 'money', false], ['SalesOrderNumber', 'text', true], ['TotalDue', 'text', false], ['After', 'int', true],
    ])
  })

  it('ignores SET ANSI_NULLS ON / GO batches, comments and the statements around the table', () => {
    const sql = `-- header\r\nSET ANSI_NULLS ON\r\nGO\r\n/* a /* nested */ comment */\r\nCREATE TABLE [dbo].[T]([a] [int] NULL)\r\nGO\r\nCREATE NONCLUSTERED INDEX [IX] ON [dbo].[T]([a])\r\nGO\r\nALTER TABLE [dbo].[T] ADD CONSTRAINT [DF] DEFAULT ((0)) FOR [a]\r\nGO\r\n`
    assert.deepEqual(table(sql).schema.columns, [{ name: 'a', type: 'int', nullable: true }])
  })

  it('reads hostile identifiers: ]] inside brackets, quotes, unicode, spaces, keywords as names', () => {
    const sql = 'CREATE TABLE [dbo].[we]]ird "tab\'le"]([a]]b] [int] NULL, ["quoted" name] [nvarchar](5) NULL, [Ünïcødé 名前] [int] NULL, [NULL] [int] NOT NULL, [Primary] [int] NULL, "dq""id" [int] NULL)'
    const { schema } = table(sql, 'x.sql')
    assert.equal(schema.name, 'we]ird "tab\'le"')
    assert.deepEqual(schema.columns.map((c) => [c.name, c.nullable]), [['a]b', true], ['"quoted" name', true], ['Ünïcødé 名前', true], ['NULL', false], ['Primary', true], ['dq"id', true]])
  })

  it('picks the CREATE TABLE named like the member from a script holding several', () => {
    const sql = 'CREATE TABLE [dbo].[A]([x] [int] NULL)\nGO\nCREATE TABLE [dbo].[B]([y] [bit] NULL)\nGO\n'
    assert.equal(table(sql, 'dump/b.sql').schema.columns[0]?.name, 'y')
  })

  it('resolves alias types declared by CREATE TYPE … FROM to their base type and default nullability', () => {
    const aliases = parseTsqlAliasTypes('CREATE TYPE [dbo].[Name] FROM [nvarchar](50) NULL\nGO\nCREATE TYPE [dbo].[Flag] FROM [bit] NOT NULL\nGO\n')
    const { schema } = table('CREATE TABLE [T]([n] [dbo].[Name] NOT NULL, [f] [Flag], [g] [dbo].[Flag] NULL)', 'T.sql', aliases)
    assert.deepEqual(schema.columns, [
      { name: 'n', type: 'nvarchar', length: 50, nullable: false },
      { name: 'f', type: 'bit', nullable: false },
      { name: 'g', type: 'bit', nullable: true },
    ])
  })

  it('names the member and the problem for a script with no CREATE TABLE, an unclosed bracket, or a duplicate column', () => {
    const problem = (sql: string): string => {
      try {
        table(sql, 'T.sql')
      } catch (e) {
        assert.ok(isHeirloomError(e) && e.code === 'SCHEMA_INVALID')
        return e.message
      }
      return 'no error'
    }
    assert.match(problem('SET ANSI_NULLS ON\nGO\n'), /^d\.zip: T\.sql: holds no CREATE TABLE statement/)
    assert.match(problem('CREATE TABLE [T]([a] [int] NULL,\n[b [int NULL)'), /^d\.zip: T\.sql: line 2: a \[ is never closed/)
    assert.match(problem('CREATE TABLE [T]([a] [int] NULL, [A] [int] NULL)'), /lists column "A" twice/)
  })
})
