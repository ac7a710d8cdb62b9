/**
 * Issue #13: a version of 5,000 tables. Knex would apply all its migrations
 * in ONE transaction, whose locks (about five per table) overflow
 * PostgreSQL's shared lock table at default settings ("out of shared
 * memory"), rolling back the framework's bookkeeping migration with it.
 * Generated files of at most MAX_TABLES_PER_MIGRATION tables, each in a
 * transaction of its own, apply through `heirloom migrate` and through
 * plain `npx knex migrate:latest`, and roll back. The full ingest of this
 * dump takes minutes: `npm run bench:many-tables` measures it.
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { frameworkMigrations } from '../../src/db/migrate'
import { MAX_TABLES_PER_MIGRATION } from '../../src/migrations/plan'
import { heirloom, knexCli } from '../support/cli'
import { makeSyntheticDump } from '../support/synthetic-dump'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'

const TABLES = 5000

describe(`a dump of ${TABLES} tables`, () => {
  const databases: TestDatabase[] = []
  let ws: ReturnType<typeof makeWorkspace>
  const configFor = (db: TestDatabase): string => {
    const file = path.join(ws.dir, `${db.name}.yml`)
    fs.writeFileSync(file, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\n`)
    return file
  }
  const fresh = async (): Promise<{ db: TestDatabase; config: string }> => {
    const db = await createTestDatabase()
    databases.push(db)
    return { db, config: configFor(db) }
  }
  const children = async (db: TestDatabase): Promise<number> =>
    (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relname LIKE 't%\\_v1'"))[0].n
  const generatedFiles = (): string[] => fs.readdirSync(path.join(ws.dir, 'migrations')).filter((f) => !f.startsWith('00000000000000_')).sort()

  before(async () => {
    ws = makeWorkspace('many-tables')
    await makeSyntheticDump(path.join(ws.dir, 'dumps'), { region: 'eu', exportedAt: '2026-01-01T00:00:00Z', tables: TABLES, rows: 1 })
  })
  after(async () => {
    for (const db of databases) await db.drop()
    ws.cleanup()
  })

  it(`is generated as files of at most ${MAX_TABLES_PER_MIGRATION} tables that sort in order, and heirloom migrate applies them at default settings`, async () => {
    const { db, config } = await fresh()
    const generate = heirloom(ws.dir, ['generate', '--config', config])
    assert.equal(generate.status, 0, generate.stderr)
    const files = generatedFiles()
    assert.equal(files.length, TABLES / MAX_TABLES_PER_MIGRATION)
    assert.equal(files[0], '20260101000000_shop_v1_part01of50.ts')
    assert.equal(files[49], '20260101000049_shop_v1_part50of50.ts')
    const migrate = heirloom(ws.dir, ['migrate', '--config', config])
    assert.equal(migrate.status, 0, migrate.stdout + migrate.stderr)
    assert.equal(await children(db), TABLES)
  })

  it('npx knex migrate:latest applies the same folder, and migrate:rollback takes it all back', async () => {
    const { db, config } = await fresh()
    const latest = knexCli(ws.dir, config, 'migrate:latest')
    assert.equal(latest.status, 0, latest.stdout + latest.stderr)
    assert.equal(await children(db), TABLES)
    const rollback = knexCli(ws.dir, config, 'migrate:rollback')
    assert.equal(rollback.status, 0, rollback.stdout + rollback.stderr)
    assert.equal(await children(db), 0)
    assert.deepEqual(await db.query("SELECT relname FROM pg_class WHERE relname LIKE 't%' AND relkind = 'r'"), [])
  })

  it('a file that fails rolls back alone: the bookkeeping migration and the files before it stay applied', async () => {
    const { db, config } = await fresh()
    // A table in the way of part 25's first table: part 25 fails with "already exists".
    const sorted = Array.from({ length: TABLES }, (_, i) => `t${String(i + 1).padStart(2, '0')}`).sort()
    const blocker = sorted[24 * MAX_TABLES_PER_MIGRATION]
    await db.query(`CREATE TABLE public.${blocker} (x int)`)
    const migrate = heirloom(ws.dir, ['migrate', '--config', config])
    assert.equal(migrate.status, 1)
    assert.match(migrate.stderr, new RegExp(`relation "${blocker}" already exists`))
    const applied = (await db.query<{ name: string }>('SELECT name FROM knex_migrations ORDER BY id')).map((r) => r.name)
    assert.deepEqual(applied, [...frameworkMigrations(), ...generatedFiles().slice(0, 24)])
    assert.equal(await children(db), 24 * MAX_TABLES_PER_MIGRATION)
    assert.deepEqual(await db.query('SELECT count(*)::int AS n FROM pg_class WHERE relname = $1', [`${sorted[24 * MAX_TABLES_PER_MIGRATION + 1]}_v1`]), [{ n: 0 }], 'part 25 left nothing behind')
  })
})
