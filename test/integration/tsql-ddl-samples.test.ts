import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Config } from '../../src/config/config'
import { scanDump, type ScannedDump } from '../../src/dump/scan-dump'
import { run as runPipeline, type RunReport } from '../../src/use-cases/run'
import { formatPgType } from '../../src/schema/model'
import { toTargetTable } from '../../src/schema/target-table'
import { makeZip } from '../support/make-zip'
import { findSharedDir } from '../support/shared-dir'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'
import { ADVENTUREWORKS_ROW_COUNTS, adventureWorksConfig } from '../support/adventureworks'

const ROW_COUNTS = ADVENTUREWORKS_ROW_COUNTS

const SHARED = findSharedDir()
const SAMPLES = SHARED === undefined ? undefined : path.join(SHARED, 'samples', 'adventureworks-dw')
const SCRIPT = SHARED === undefined ? undefined : path.join(SHARED, 'samples', 'adventureworks-dw-ddl', 'instawdbdw.sql')
const PRESENT = SAMPLES !== undefined && SCRIPT !== undefined && fs.existsSync(SAMPLES) && fs.existsSync(SCRIPT)
const ABSENT = 'shared/samples/adventureworks-dw and adventureworks-dw-ddl not found beside the repository'

/** The install script's `CREATE TABLE [dbo].[T](…)` batch for `table`, framed as Generate Scripts frames one object. */
function scriptOf(script: string, table: string): string {
  const start = script.indexOf(`CREATE TABLE [dbo].[${table}](`)
  assert.ok(start >= 0, `the install script creates ${table}`)
  const end = script.indexOf('\nGO', start)
  return `SET ANSI_NULLS ON\r\nGO\r\nSET QUOTED_IDENTIFIER ON\r\nGO\r\n${script.slice(start, end)}\r\nGO\r\n`
}

/** Each table's PostgreSQL columns as `name type [not null]`. */
function pgColumns(dump: ScannedDump, config: Config): Map<string, string[]> {
  return new Map(dump.tables.map((t) => [t.schema.name, toTargetTable(t.schema, 'mssql', config).table.columns.map((c) => `${c.name} ${formatPgType(c.type)}${c.nullable ? '' : ' not null'}`)]))
}

describe('SQL Server Generate-Scripts DDL as schema files: AdventureWorksDW\'s install script beside its bulk-load files', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  let config: Config
  let report: RunReport
  let ddlDump: ScannedDump
  let jsonDump: ScannedDump

  before(async () => {
    if (!PRESENT) return
    db = await createTestDatabase()
    ws = makeWorkspace('tsql-ddl')
    const script = fs.readFileSync(SCRIPT, 'utf8')
    const ddl: Record<string, Buffer> = {}
    const json: Record<string, Buffer> = {}
    for (const table of Object.keys(ROW_COUNTS)) {
      const data = fs.readFileSync(path.join(SAMPLES, `${table}.csv`))
      ddl[`AdventureWorksDW/${table}.sql`] = Buffer.from(scriptOf(script, table))
      ddl[`AdventureWorksDW/${table}.csv`] = data
      json[`AdventureWorksDW/${table}.json`] = fs.readFileSync(path.join(SAMPLES, `${table}.json`))
      json[`AdventureWorksDW/${table}.csv`] = data
    }
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    fs.mkdirSync(path.join(ws.dir, 'json'))
    await makeZip(path.join(ws.dir, 'dumps', 'adventureworks_v2022.zip'), ddl)
    await makeZip(path.join(ws.dir, 'json', 'adventureworks_v2022.zip'), json)
    config = adventureWorksConfig(ws.dir, db.url)
    ddlDump = await scanDump(path.join(ws.dir, 'dumps', 'adventureworks_v2022.zip'), config)
    jsonDump = await scanDump(path.join(ws.dir, 'json', 'adventureworks_v2022.zip'), config)
    report = await runPipeline(config)
  })
  after(async () => {
    if (!PRESENT) return
    await db.drop()
    ws.cleanup()
  })

  it('reads every table of the split script with no problem', (t) => {
    if (!PRESENT) return t.skip(ABSENT)
    assert.deepEqual(ddlDump.problems, [])
    assert.deepEqual(ddlDump.tables.map((x) => x.schema.name).sort(), Object.keys(ROW_COUNTS).sort())
  })

  it('gives the same PostgreSQL columns as the JSON (INFORMATION_SCHEMA) form of the same tables', (t) => {
    if (!PRESENT) return t.skip(ABSENT)
    const fromJson = pgColumns(jsonDump, config)
    const fromDdl = pgColumns(ddlDump, config)
    for (const table of Object.keys(ROW_COUNTS)) assert.deepEqual(fromDdl.get(table), fromJson.get(table), table)
  })

  it('loads every table with the row count the samples README lists, and rejects nothing', async (t) => {
    if (!PRESENT) return t.skip(ABSENT)
    assert.equal(report.ok, true, JSON.stringify(report.ingest, null, 2))
    assert.deepEqual(await db.query('SELECT member, line, reason FROM heirloom.rejects'), [])
    for (const [table, expected] of Object.entries(ROW_COUNTS)) {
      const [{ n }] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM public.${table.toLowerCase()}_v2022`)
      assert.equal(Number(n), expected, table)
    }
  })
})
