import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import ts from 'typescript'
import { readExistingMigrations } from '../../src/migrations/existing-migrations'
import { planMigrations, type MigrationPlan } from '../../src/migrations/plan'
import { renderMigration } from '../../src/migrations/render'
import type { VersionTable } from '../../src/schema/mother'
import { parsePgType } from '../../src/schema/parse-pg-type'

const HOSTILE = ['line\nbreak', 'car\rreturn', 'tab\there', 'sep\u2028arator', 'back`tick ${process.exit(1)} \\', 'quo"te', 'semi; DROP TABLE x; --', '*/ end', 'ünï 名前 😀']

function table(version: string, names: readonly string[], type = 'integer'): VersionTable {
  return {
    application: 'shop', version, table: 'we"ird\ntable', sourceName: 'We"ird', child: `we"ird\ntable_v${version}`,
    columns: names.map((n) => ({ name: n, type: parsePgType(type), nullable: true })), primaryKey: [],
  }
}

/** Compiles a rendered migration and runs up or down against a Knex stand-in that records each statement, and where it ran. */
async function run(text: string, fn: 'up' | 'down'): Promise<string[]> {
  const statements: string[] = []
  const inTransaction = { raw: async (sql: string): Promise<void> => { statements.push(sql) } }
  const knex = {
    raw: async (sql: string): Promise<void> => { statements.push(`outside a transaction: ${sql}`) },
    transaction: async (body: (trx: typeof inTransaction) => Promise<void>): Promise<void> => body(inTransaction),
  }
  await (compile(text)[fn] as (k: typeof knex) => Promise<void>)(knex)
  return statements
}

function compile(text: string): Record<string, unknown> {
  const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText
  const exported: Record<string, unknown> = {}
  new Function('exports', 'require', js)(exported, () => ({}))
  return exported
}

describe('rendered migrations run exactly the planned SQL', () => {
  const [plan] = planMigrations('public', { names: [], tables: [], versions: [] }, [{ application: 'shop', version: '1', exportedAt: undefined, firstDump: 'x.zip', region: 'eu', tables: [table('1', HOSTILE)], tablesFirstSeen: new Map() }])
  const text = renderMigration(plan)

  it('up and down send the planned statements byte for byte, whatever the names hold, inside their own transaction', async () => {
    // The file indents continuation lines by six more spaces; no name here holds a line break followed by six spaces.
    const unindent = (sql: readonly string[]): string[] => sql.map((s) => s.replace(/\n {6}/g, '\n'))
    assert.deepEqual(unindent(await run(text, 'up')), plan.tables[0].up)
    assert.deepEqual(unindent(await run(text, 'down')), plan.tables[0].down)
  })

  it('opts out of the one transaction Knex would share between every pending file', () => {
    assert.deepEqual(compile(text).config, { transaction: false })
  })

  it('keeps control characters out of the file as raw bytes, and comment lines whole', () => {
    assert.ok(!/[\r\u2028\t]/.test(text), 'no raw CR, TAB or line separator in the file')
    for (const line of text.split('\n')) assert.ok(!line.startsWith('break') && !line.startsWith('table'), line)
  })

  it('writes identifiers with ? so that knex.raw finds no binding placeholder in them', async () => {
    const [q] = planMigrations('public', { names: [], tables: [], versions: [] }, [{ application: 'shop', version: '1', exportedAt: undefined, firstDump: 'x.zip', region: 'eu', tables: [table('1', ['why?', 'a\\?b'])], tablesFirstSeen: new Map() }])
    const sql = await run(renderMigration(q), 'up')
    assert.ok(sql.every((s) => !s.includes('?')))
    assert.match(sql[0], /U&"why\\003F" integer,\n +U&"a\\\\\\003Fb" integer/)
  })

  it('reads its version block back, */ in names included', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heirloom-render-'))
    try {
      fs.writeFileSync(path.join(dir, `${plan.name}.ts`), text)
      const existing = readExistingMigrations(dir)
      assert.deepEqual(existing.tables, plan.version.tables)
      assert.deepEqual(existing.names, [plan.name])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('a hand-edited version block is the state later plans start from', () => {
  it('plans v2 against what the edited v1 block says, not against the dumps', () => {
    const v1 = table('1', ['n'])
    const [p1] = planMigrations('public', { names: [], tables: [], versions: [] }, [version(v1)])
    const edited = renderMigration(p1).replace(/"name": "integer"/, '"name": "bigint"')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heirloom-edit-'))
    try {
      fs.writeFileSync(path.join(dir, `${p1.name}.ts`), edited)
      const [p2] = planMigrations('public', readExistingMigrations(dir), [version(v1), version(table('2', ['n'], 'bigint'))])
      assert.equal(p2.version.version, '2')
      assert.ok(!p2.tables[0].up.some((s) => s.includes('ALTER COLUMN')), 'the edited block already says bigint: no widening planned')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

function version(t: VersionTable): MigrationPlan['version'] {
  return { application: t.application, version: t.version, exportedAt: undefined, firstDump: 'x.zip', region: 'eu', tables: [t], tablesFirstSeen: new Map() }
}
