import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it, type TestContext } from 'node:test'
import pg from 'pg'
import { DEFAULT_MAX_RECORD_BYTES } from '../../src/config/config'
import { copyMember, type MemberLoad } from '../../src/ingest/copy-member'
import { BUILTIN_FORMATS } from '../../src/schema/data-format'
import type { TableTask } from '../../src/ingest/table-task'
import { DUMP_ID_COLUMN, type TargetColumn } from '../../src/schema/model'
import { parsePgType } from '../../src/schema/parse-pg-type'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeZip } from '../support/make-zip'

/*
 * copyMember's ladder, as it says and as PostgreSQL holds it: the rung
 * chosen from the types, what a fast rung refused or handed over on the way,
 * and FREEZE on a relation the loading transaction created.
 */
const ROWS = 30_000

/** mysql-tab rows `id, note, placed` (a timestamp), then the given last ones. */
function member(last: readonly string[] = []): string {
  const good = Array.from({ length: ROWS }, (_, i) => `${i + 1}\tnote ${i}\t2024-01-31 13:45:00`)
  return `${[...good, ...last].join('\n')}\n`
}

const COLUMNS: readonly [string, string][] = [['id', 'integer'], ['note', 'text'], ['placed', 'timestamp']]

describe('copyMember climbs down the load ladder only as far as the data makes it', () => {
  let db: TestDatabase
  let client: pg.Client
  let dir: string
  let visibility: string | undefined

  before(async () => {
    db = await createTestDatabase()
    client = new pg.Client({ connectionString: db.url })
    await client.connect()
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heirloom-ladder-'))
    try {
      await client.query('CREATE EXTENSION pg_visibility')
    } catch (e) {
      visibility = `the pg_visibility extension (PostgreSQL contrib) is not installed: ${(e as Error).message}`
    }
  })
  after(async () => {
    await client.end()
    await db.drop()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  let zips = 0
  /** A dump file holding one member `t.dat`; extra columns (name, PostgreSQL type) after the three. */
  async function task(data: string, extra: readonly (readonly [string, string])[] = []): Promise<TableTask> {
    const file = path.join(dir, `ladder-${++zips}.zip`)
    await makeZip(file, { 't.dat': data })
    const columns: TargetColumn[] = [...COLUMNS, ...extra].map(([name, type]) => ({
      name, type: parsePgType(type), nullable: name !== 'id', source: { name, type: type === 'timestamp' ? 'datetime' : type, nullable: name !== 'id' },
    }))
    return {
      url: db.url, dumpFile: file, dumpId: 3, application: 'ladder', region: 'r', members: ['t.dat'], table: 't', schema: 'public', child: 't',
      columns, fieldOrderFromHeader: false, format: BUILTIN_FORMATS['mysql-tab'], dialect: 'mysql', timezone: undefined, mode: 'append', maxRejects: 10,
      maxMemberBytes: 2 ** 30, maxRecordBytes: DEFAULT_MAX_RECORD_BYTES,
    }
  }

  /** Creates `name` in a transaction, copies the task's member into it, commits; what copyMember said and the rows there. */
  async function load(t: TableTask, name: string, freeze = false, before = ''): Promise<{ load: MemberLoad; rows: number; ids: number }> {
    await client.query('BEGIN')
    try {
      await client.query("SET LOCAL TimeZone = 'UTC'")
      await client.query(`CREATE TABLE ${name} (${t.columns.map((c) => `${c.name} ${c.type.name}`).join(', ')}, ${DUMP_ID_COLUMN} integer)`)
      if (before !== '') await client.query(before)
      const result = await copyMember(client, t, 't.dat', { schema: 'public', table: name, freeze })
      await client.query('COMMIT')
      const [r] = (await client.query<{ n: string; ids: string }>(`SELECT count(*) AS n, count(DISTINCT id) AS ids FROM ${name}`)).rows
      return { load: result, rows: Number(r.n), ids: Number(r.ids) }
    } catch (e) {
      await client.query('ROLLBACK')
      throw e
    }
  }

  async function allFrozen(t: TestContext, name: string): Promise<boolean | undefined> {
    if (visibility !== undefined) {
      t.skip(visibility)
      return undefined
    }
    // The first page: on PostgreSQL 17 a COPY FREEZE from STDIN left the last pages of the load unmarked in the
    // visibility map (on 15 every page was marked); without FREEZE no page is marked.
    const [r] = (await client.query<{ frozen: boolean }>(`SELECT all_frozen AS frozen FROM pg_visibility_map('${name}', 0)`)).rows
    return r.frozen
  }

  it('a clean member: COPY BINARY, chosen before reading, nothing left behind', async () => {
    const { load: l, rows, ids } = await load(await task(member()), 'clean')
    assert.deepEqual({ chosen: l.chosen.kind, path: l.path, leftBehind: l.leftBehind, rows: l.rows, loaded: l.loaded, held: rows, ids },
      { chosen: 'binary', path: 'binary', leftBehind: [], rows: ROWS, loaded: ROWS, held: ROWS, ids: ROWS })
  })

  it('a value the binary writers leave to PostgreSQL: the rest of the member goes as COPY text on the same read, every row once', async () => {
    const { load: l, rows, ids } = await load(await task(member([`${ROWS + 1}\tiso\t2024-02-29T06:30:00`])), 'handover')
    assert.equal(l.chosen.kind, 'binary')
    assert.equal(l.path, 'as-is')
    assert.equal(l.leftBehind.length, 1)
    assert.match(l.leftBehind[0], /COPY BINARY handed over to COPY text after [1-9]\d* rows/)
    assert.deepEqual({ rows: l.rows, held: rows, ids }, { rows: ROWS + 1, held: ROWS + 1, ids: ROWS + 1 })
  })

  it('a value PostgreSQL refuses: the fast rung is refused with PostgreSQL\'s reason, the checks load the member and keep the bad row with its line', async () => {
    const { load: l, rows } = await load(await task(member([`${ROWS + 1}\tbad\t2024-02-30 00:00:00`, `${ROWS + 2}\tok\t2024-03-01 00:00:00`])), 'refused')
    assert.equal(l.chosen.kind, 'binary')
    assert.equal(l.path, 'checked')
    assert.equal(l.leftBehind.length, 1)
    assert.match(l.leftBehind[0], /^binary refused: PostgreSQL refused a value: .*2024-02-30/)
    assert.deepEqual({ rows: l.rows, loaded: l.loaded, held: rows, lines: l.rejects.map((r) => r.line) }, { rows: ROWS + 2, loaded: ROWS + 1, held: ROWS + 1, lines: [ROWS + 1] })
  })

  it('a row the cutter cannot pass as COPY would read it (a raw CR): refused before PostgreSQL sees it, loaded by the checks', async () => {
    const { load: l, rows } = await load(await task(member([`${ROWS + 1}\tcr\rhere\t2024-03-01 00:00:00`])), 'cr')
    assert.equal(l.path, 'checked')
    assert.match(l.leftBehind[0] ?? '', /^binary refused: a row COPY would read otherwise than the checks/)
    assert.deepEqual({ rows: l.rows, held: rows }, { rows: ROWS + 1, held: ROWS + 1 })
  })

  it('a type only the converter checks (uuid): the checks from the start, saying why, no fast rung tried', async () => {
    const data = Array.from({ length: 100 }, (_, i) => `${i + 1}\tn\t2024-01-31 13:45:00\t6f9619ff-8b86-d011-b42d-00c04fc964ff`).join('\n') + '\n'
    const { load: l, rows } = await load(await task(data, [['uid', 'uuid']]), 'uuids')
    assert.deepEqual({ chosen: l.chosen.kind, path: l.path, leftBehind: l.leftBehind, held: rows }, { chosen: 'checked', path: 'checked', leftBehind: [], held: 100 })
    assert.match(l.chosen.reason, /column uid \(uuid\): only the converter checks this type/)
  })

  for (const [label, data, extra, path] of [
    ['on COPY BINARY', member(), [], 'binary'],
    ['on the checks after PostgreSQL refused the fast rung', member([`${ROWS + 1}\tbad\t2024-02-30 00:00:00`]), [], 'checked'],
    ['on the checks chosen from the types', member().replace(/\n/g, '\t6f9619ff-8b86-d011-b42d-00c04fc964ff\n'), [['uid', 'uuid']], 'checked'],
  ] as const) {
    it(`freeze: a member copied into a relation its transaction created is written frozen, ${label}`, async (t) => {
      const name = `frozen_${path}_${label.length}`
      const { load: l } = await load(await task(data, extra), name, true)
      assert.equal(l.path, path)
      const frozen = await allFrozen(t, name)
      if (frozen !== undefined) assert.equal(frozen, true)
    })
  }

  it('without freeze the same member is not written frozen (the check above can fail)', async (t) => {
    await load(await task(member()), 'thawed')
    const frozen = await allFrozen(t, 'thawed')
    if (frozen !== undefined) assert.equal(frozen, false)
  })

  it('freeze into a relation that already holds rows (a later member of the same table): loaded, every row once, without FREEZE', async () => {
    const { load: l, rows } = await load(await task(member()), 'second', true, `INSERT INTO second (id, ${DUMP_ID_COLUMN}) VALUES (0, 3)`)
    assert.equal(l.path, 'binary')
    assert.equal(rows, ROWS + 1)
  })

  /** Copies the task's member dealt to two streams: `client` into `a`, a second connection into `b`, each table created in its own transaction. */
  async function loadTwoStreams(t: TableTask, a: string, b: string): Promise<{ load: MemberLoad; perStream: number[]; ids: number }> {
    const second = new pg.Client({ connectionString: db.url })
    await second.connect()
    try {
      for (const [c, name] of [[client, a], [second, b]] as const) {
        await c.query('BEGIN')
        await c.query("SET LOCAL TimeZone = 'UTC'")
        await c.query(`CREATE TABLE ${name} (${t.columns.map((col) => `${col.name} ${col.type.name}`).join(', ')}, ${DUMP_ID_COLUMN} integer)`)
      }
      const result = await copyMember(client, t, 't.dat', { schema: 'public', table: a, freeze: true }, undefined, [{ client: second, into: { schema: 'public', table: b, freeze: true } }])
      await second.query('COMMIT')
      await client.query('COMMIT')
      const perStream = await Promise.all([a, b].map(async (name) => Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${name}`)).rows[0].n)))
      const [r] = (await client.query<{ ids: string }>(`SELECT count(DISTINCT id) AS ids FROM (SELECT id FROM ${a} UNION ALL SELECT id FROM ${b}) u`)).rows
      return { load: result, perStream, ids: Number(r.ids) }
    } finally {
      await second.end()
    }
  }

  it('a clean member dealt to two streams stays on COPY BINARY, each stream with its own header and trailer, every row once', async () => {
    const { load: l, perStream, ids } = await loadTwoStreams(await task(member()), 'two_a', 'two_b')
    assert.deepEqual({ path: l.path, leftBehind: l.leftBehind, rows: l.rows, loaded: l.loaded, held: perStream[0] + perStream[1], ids },
      { path: 'binary', leftBehind: [], rows: ROWS, loaded: ROWS, held: ROWS, ids: ROWS })
    assert.ok(perStream.every((n) => n > 0), `both streams took rows: ${perStream.join(', ')}`)
  })

  it('dealt to two streams, the stream that meets a value left to PostgreSQL hands over to COPY text alone; every row once', async () => {
    const { load: l, perStream, ids } = await loadTwoStreams(await task(member([`${ROWS + 1}\tiso\t2024-02-29T06:30:00`])), 'two_hand_a', 'two_hand_b')
    assert.equal(l.path, 'as-is')
    assert.equal(l.leftBehind.length, 1)
    assert.match(l.leftBehind[0], /COPY BINARY \(stream [12]\) handed over to COPY text after \d+ rows/)
    assert.deepEqual({ rows: l.rows, held: perStream[0] + perStream[1], ids }, { rows: ROWS + 1, held: ROWS + 1, ids: ROWS + 1 })
  })

})
