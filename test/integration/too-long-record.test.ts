import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { run as runPipeline } from '../../src/use-cases/run'
import { TOO_LONG_PREFIX_BYTES } from '../../src/ingest/read/record-reader'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'
import { makeZip } from '../support/make-zip'

/*
 * Issue #13: a record longer than ingest.maxRecordBytes is a reject with its
 * line and the reason, read past without being held whole; the rows around
 * it load, a bad row after it is rejected on its right line (the LFs inside
 * the long record are counted), and the next member and table load.
 */
const CAP = 1024 * 1024
const REASON = `record longer than ingest.maxRecordBytes (${CAP} bytes); raise ingest.maxRecordBytes or fix the export; raw text cut to its first ${TOO_LONG_PREFIX_BYTES} bytes`

/** `piece` repeated past 5 MiB. */
const huge = (piece: string): string => piece.repeat(Math.ceil((5 * CAP) / piece.length))

interface Spec {
  /** Each its own version: its own child tables. */
  readonly version: string
  readonly format: string
  readonly dialect: 'mysql' | 'mssql'
  readonly columns: readonly object[]
  readonly end: string
  readonly good: (i: number) => string
  readonly bad: string
  /** Row 4: over 5 MiB, with line breaks inside. */
  readonly long: string
}

const TEXT = { name: 'body', type: 'nvarchar', length: -1 }
const SPECS: readonly Spec[] = [
  {
    version: '1', format: 'mysql-tab', dialect: 'mysql', columns: [{ name: 'id', type: 'int' }, { name: 'body', type: 'longtext' }], end: '\n',
    good: (i) => `${i}\tgood ${i}`, bad: 'x\tbad', long: `4\t${huge(`${'m'.repeat(999)}\\\n`)}`,
  },
  {
    version: '2', format: 'csv', dialect: 'mssql', columns: [{ name: 'id', type: 'int' }, TEXT], end: '\r\n',
    good: (i) => `${i},good ${i}`, bad: 'x,bad', long: `4,"${huge(`${'c'.repeat(996)}""\r\n`)}"`,
  },
  {
    version: '3', format: 'mssql-bcp', dialect: 'mssql', columns: [{ name: 'id', type: 'int' }, TEXT, { name: 'tail', type: 'varchar', length: 5 }], end: '\r\n',
    good: (i) => `${i}\tgood ${i}\tt`, bad: 'x\tbad\tt', long: `4\t${huge(`${'b'.repeat(998)}\r\n`)}\tt`,
  },
]

/** Rows 1–8: 4 is the long one, 7 a bad id; each row's line is 1 + the LFs before it. */
function bigMember(s: Spec): { text: string; lines: number[] } {
  const rows = [s.good(1), s.good(2), s.good(3), s.long, s.good(5), s.good(6), s.bad, s.good(8)]
  const lines: number[] = []
  let line = 1
  for (const row of rows) {
    lines.push(line)
    line += (row + s.end).split('\n').length - 1
  }
  return { text: rows.join(s.end) + s.end, lines }
}

describe('a record longer than ingest.maxRecordBytes', () => {
  let db: TestDatabase
  let ws: ReturnType<typeof makeWorkspace>
  let ok: boolean
  before(async () => {
    db = await createTestDatabase()
    ws = makeWorkspace('too-long-record')
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    for (const s of SPECS) {
      const schema = (table: string): string => JSON.stringify({ table, columns: s.columns })
      const app = s.format.replace('-', '')
      await makeZip(path.join(ws.dir, 'dumps', `${app}.zip`), {
        'manifest.json': JSON.stringify({ application: app, version: s.version, region: 'eu', dialect: s.dialect, format: s.format }),
        'Big.json': schema('Big'),
        'Big.001.dat': bigMember(s).text,
        'Big.002.dat': [9, 10].map(s.good).join(s.end) + s.end,
        'After.json': schema('After'),
        'After.dat': [1, 2].map(s.good).join(s.end) + s.end,
        ...(s.format === 'csv' ? { 'Open.json': schema('Open'), 'Open.dat': `${s.good(1)}\r\n${s.good(2)}\r\n3,"${huge('never closed\r\n')}` } : {}),
      })
    }
    const config = writeConfig(ws.dir, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { mode: append, maxRecordBytes: ${CAP} }\n`)
    ok = (await runPipeline(config)).ok
  })
  after(async () => {
    await db.drop()
    ws.cleanup()
  })

  const loads = async (app: string, member: string): Promise<number[]> => {
    const [load] = await db.query<{ rows_in_file: string; rows_loaded: string; rows_rejected: string }>(
      'SELECT l.rows_in_file, l.rows_loaded, l.rows_rejected FROM heirloom.loads l JOIN heirloom.dumps d ON d.id = l.dump_id WHERE d.application = $1 AND l.member = $2', [app, member])
    return [load.rows_in_file, load.rows_loaded, load.rows_rejected].map(Number)
  }
  const rejects = async (app: string, member: string): Promise<{ line: number; reason: string; raw: string }[]> => {
    const rows = await db.query<{ line: string; reason: string; raw: string }>(
      'SELECT r.line, r.reason, r.raw FROM heirloom.rejects r JOIN heirloom.dumps d ON d.id = r.dump_id WHERE d.application = $1 AND r.member = $2 ORDER BY r.line', [app, member])
    return rows.map((r) => ({ line: Number(r.line), reason: r.reason, raw: r.raw }))
  }
  const ids = async (table: string): Promise<number[]> => (await db.query<{ id: number }>(`SELECT id FROM public.${table} ORDER BY id`)).map((r) => r.id)

  for (const s of SPECS) {
    const app = s.format.replace('-', '')
    it(`${s.format}: is one reject on its line with the reason and its first bytes; the rows around it load, a later bad row keeps its line, the next member and table load`, async () => {
      assert.equal(ok, true)
      const { lines } = bigMember(s)
      const [long, bad] = await rejects(app, 'Big.001.dat')
      assert.deepEqual(long, { line: 4, reason: REASON, raw: s.long.slice(0, TOO_LONG_PREFIX_BYTES) })
      assert.equal(bad.line, lines[6])
      assert.match(bad.reason, /\bid\b/)
      assert.deepEqual(await loads(app, 'Big.001.dat'), [8, 6, 2])
      assert.deepEqual(await loads(app, 'Big.002.dat'), [2, 2, 0])
      assert.deepEqual(await ids(`big_v${s.version}`), [1, 2, 3, 5, 6, 8, 9, 10])
      assert.deepEqual(await loads(app, 'After.dat'), [2, 2, 0])
      assert.deepEqual(await ids(`after_v${s.version}`), [1, 2])
    })
  }

  it('csv: a quoted field that never closes is one reject up to the end of the member; the rows before it load', async () => {
    assert.deepEqual(await rejects('csv', 'Open.dat'), [{ line: 3, reason: REASON, raw: `3,"${'never closed\r\n'.repeat(100)}`.slice(0, TOO_LONG_PREFIX_BYTES) }])
    assert.deepEqual(await loads('csv', 'Open.dat'), [3, 2, 1])
    assert.deepEqual(await ids('open_v2'), [1, 2])
  })
})

describe('a record longer than a small ingest.maxRecordBytes, in a member COPY would take as it is', () => {
  it('is a reject too: the as-is path leaves it to the checks', async () => {
    const db = await createTestDatabase()
    const ws = makeWorkspace('too-long-as-is')
    try {
      fs.mkdirSync(path.join(ws.dir, 'dumps'))
      await makeZip(path.join(ws.dir, 'dumps', 'small.zip'), {
        'manifest.json': JSON.stringify({ application: 'small', version: '1', region: 'eu', dialect: 'mysql', format: 'mysql-tab' }),
        'T.json': JSON.stringify({ table: 'T', columns: [{ name: 'id', type: 'int' }, { name: 'body', type: 'longtext' }] }),
        'T.dat': `1\ta\n2\t${'v'.repeat(5000)}\n3\tc\n`,
      })
      const config = writeConfig(ws.dir, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { maxRecordBytes: 1000 }\n`)
      assert.equal((await runPipeline(config)).ok, true)
      const rejects = await db.query<{ line: string; reason: string }>('SELECT line, reason FROM heirloom.rejects')
      assert.deepEqual(rejects.map((r) => [Number(r.line), r.reason]), [[2, REASON.replace(`${CAP}`, '1000').replace(`${TOO_LONG_PREFIX_BYTES}`, '1000')]])
      assert.deepEqual((await db.query<{ id: number }>('SELECT id FROM public.t_v1 ORDER BY id')).map((r) => r.id), [1, 3])
    } finally {
      await db.drop()
      ws.cleanup()
    }
  })
})
