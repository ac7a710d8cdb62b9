import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { run as runPipeline } from '../../src/use-cases/run'
import { createTestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'
import { makeZip } from '../support/make-zip'

/*
 * MySQL TIMESTAMP columns become timestamptz; their text carries no offset.
 * heirloom reads it in `dumps.defaults.timezone` (UTC by default), never in
 * the server's or the database's TimeZone setting — which is set to Tokyo
 * here so that reading in the session's zone would show.
 */
const ROWS = '1\t2024-01-31 13:45:00\n2\t2024-07-01 00:00:00.5\n3\t\\N\n'
/** As UTC wall-clock text. */
const EXPECTED_UTC = ['2024-01-31 13:45:00', '2024-07-01 00:00:00.5', null]
// New York is UTC−5 in January and UTC−4 in July.
const EXPECTED_NEW_YORK = ['2024-01-31 18:45:00', '2024-07-01 04:00:00.5', null]

async function loadIn(timezone: string | undefined): Promise<(string | null)[]> {
  const ws = makeWorkspace('timestamptz-zone')
  const db = await createTestDatabase()
  try {
    await db.query(`ALTER DATABASE ${db.name} SET TimeZone TO 'Asia/Tokyo'`)
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    await makeZip(path.join(ws.dir, 'dumps', 'shop.zip'), {
      'manifest.json': JSON.stringify({ application: 'shop', version: '1', region: 'eu', dialect: 'mysql', format: 'mysql-tab' }),
      'events.json': JSON.stringify({ table: 'events', columns: [{ name: 'id', type: 'int', nullable: false }, { name: 'at', type: 'timestamp' }] }),
      'events.dat': Buffer.from(ROWS),
    })
    const zone = timezone === undefined ? '' : `  defaults: { timezone: '${timezone}' }\n`
    const config = writeConfig(ws.dir, `database: { url: '${db.url}' }\ndumps:\n  path: ./dumps\n${zone}migrations: { directory: ./migrations }\n`)
    const report = await runPipeline(config)
    assert.equal(report.ok, true, JSON.stringify(report.ingest))
    const rows = await db.query<{ at: string | null }>("SELECT (at AT TIME ZONE 'UTC')::text AS at FROM public.events_v1 ORDER BY id")
    return rows.map((r) => r.at)
  } finally {
    await db.drop()
    ws.cleanup()
  }
}

describe('MySQL TIMESTAMP text (timestamptz without an offset)', () => {
  it('is read in UTC by default, whatever the database\'s TimeZone', async () => {
    assert.deepEqual(await loadIn(undefined), EXPECTED_UTC)
  })

  it('is read in the configured zone when one is set', async () => {
    assert.deepEqual(await loadIn('America/New_York'), EXPECTED_NEW_YORK)
  })
})
