import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { makeZip } from '../support/make-zip'
import { makeWorkspace } from '../support/workspace'
import { CLI } from '../support/cli'

const PIPE_BUFFER = 64 * 1024

// Found by `npm run bench -- --scan`: process.exit ran before a piped stdout was flushed,
// so `heirloom scan --json | jq` read the first 64 KiB of the report and no more.
describe('a --json report larger than the pipe buffer reaches a piped stdout whole', () => {
  let ws: ReturnType<typeof makeWorkspace>
  before(async () => {
    ws = makeWorkspace('json-pipe')
    fs.mkdirSync(path.join(ws.dir, 'dumps'))
    const columns = Array.from({ length: 12 }, (_, i) => ({ name: `column_with_a_long_name_${i}`, type: 'nvarchar', length: 100 }))
    for (const region of ['eu', 'us', 'ap']) {
      const members: Record<string, string> = { 'manifest.json': JSON.stringify({ application: 'shop', version: '1', region }) }
      for (let t = 0; t < 30; t++) {
        members[`Table${t}.json`] = JSON.stringify({ table: `Table${t}`, columns })
        members[`Table${t}.dat`] = ''
      }
      await makeZip(path.join(ws.dir, 'dumps', `shop_${region}_v1.zip`), members)
    }
    fs.writeFileSync(path.join(ws.dir, 'heirloom.yml'), 'dumps: { path: ./dumps }\n')
  })
  after(() => ws.cleanup())

  it('scan --json through a pipe parses as JSON', () => {
    const r = spawnSync(process.execPath, [CLI, 'scan', '--config', path.join(ws.dir, 'heirloom.yml'), '--json'],
      { cwd: ws.dir, encoding: 'utf8', env: { ...process.env, HEIRLOOM_CONFIG: '' }, maxBuffer: 64 * 1024 * 1024 })
    assert.equal(r.status, 0, r.stderr)
    assert.ok(r.stdout.length > PIPE_BUFFER, `the report is only ${r.stdout.length} bytes: make the fixture larger`)
    const report = JSON.parse(r.stdout) as { dumps: { tables: unknown[] }[] }
    assert.deepEqual(report.dumps.map((d) => d.tables.length), [30, 30, 30])
  })
})
