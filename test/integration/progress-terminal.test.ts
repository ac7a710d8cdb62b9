/**
 * Issue #16: progress as a person watching a terminal sees it, and as a log
 * file gets it. A ~1M-row load under a pseudo-terminal (util-linux `script`)
 * draws the run bar with rows and bytes, updated while the tables load; the
 * same command with stderr piped prints one plain line per table and no
 * terminal control codes at all.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { CLI, heirloom } from '../support/cli'
import { makeSyntheticDump } from '../support/synthetic-dump'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace, writeConfig } from '../support/workspace'

const HAS_SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0
const ESC = '\x1b'

describe('ingest progress on a terminal and off it', () => {
  const dbs: TestDatabase[] = []
  const workspaces: ReturnType<typeof makeWorkspace>[] = []

  async function workspace(label: string, rows: number): Promise<string> {
    const db = await createTestDatabase()
    const ws = makeWorkspace(label)
    dbs.push(db)
    workspaces.push(ws)
    await makeSyntheticDump(path.join(ws.dir, 'dumps'), { region: 'eu', exportedAt: '2026-01-01T00:00:00Z', tables: 2, rows })
    writeConfig(ws.dir, `database: { url: '${db.url}' }\ndumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\ningest: { workers: 2 }\n`)
    return ws.dir
  }
  before(() => undefined)
  after(async () => {
    for (const db of dbs) await db.drop()
    for (const ws of workspaces) ws.cleanup()
  })

  it('under a pseudo-terminal, a 1M-row run draws the bar with rows, bytes, MB/s and rows/s, updated as the tables load', { skip: HAS_SCRIPT ? false : 'util-linux `script` is not installed: no pseudo-terminal to run under' }, async () => {
    const dir = await workspace('progress-tty', 500_000)
    const command = `stty cols 200 rows 40; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} run`
    const r = spawnSync('script', ['-qfec', command, '/dev/null'], { cwd: dir, encoding: 'utf8', env: { ...process.env, HEIRLOOM_CONFIG: '' }, maxBuffer: 64 * 1024 * 1024 })
    assert.equal(r.status, 0, r.stdout)
    // Every redraw of the run bar; the bar is redrawn in place (cursor moves), so split on the control codes.
    const frames = r.stdout.split(/\x1b\[[0-9;?]*[A-Za-z]|\r|\n/).filter((f) => f.startsWith('loading ['))
    const counts = frames.map((f) => /\| ([\d,]+) rows \|/.exec(f)?.[1]).filter((n): n is string => n !== undefined).map((n) => Number(n.replace(/,/g, '')))
    assert.ok(counts.length >= 2, `the bar was drawn more than once: ${frames.slice(0, 3).join(' / ')}`)
    assert.ok(counts.some((n) => n % 500_000 !== 0), `a frame shows rows while a table loads (not only whole tables done): ${[...new Set(counts)].join(', ')}`)
    assert.equal(Math.max(...counts), 1_000_000, 'the last frame counts every row')
    // A line per table being loaded, with its own rows and bytes.
    assert.match(r.stdout, /\n(\x1b\[1G)? {2}shop_eu_2026-01-01\.zip t0[12]: [\d,]*[1-9][\d,]* rows, [\d.]+ (kB|MB)/)
    const last = frames[frames.length - 1]
    assert.match(last, /\d+(\.\d+)? MB of \d+(\.\d+)? MB \| 1,000,000 rows \| \d+\.\d MB\/s \| [\d,]+ rows\/s \| ETA /)
    assert.match(r.stdout, /total \(2 tables\)\s*│\s*│\s*1,000,000 │/, 'the summary table ends the run')
  })

  it('off a terminal, one plain line per finished table (rows, rejects, bytes, seconds, MB/s) and no control codes', async () => {
    const dir = await workspace('progress-plain', 2_000)
    const r = heirloom(dir, ['run'])
    assert.equal(r.status, 0, r.stderr)
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('loaded  '))
    assert.deepEqual(lines.map((l) => l.replace(/[\d.]+ (kB|MB|B), [\d.]+ s, [\d.]+ MB\/s$/, 'BYTES, SECONDS, RATE')).sort(), [
      'loaded  shop_eu_2026-01-01.zip: t01: 2000 rows, 0 rejected, BYTES, SECONDS, RATE',
      'loaded  shop_eu_2026-01-01.zip: t02: 2000 rows, 0 rejected, BYTES, SECONDS, RATE',
    ])
    assert.equal(r.stderr.includes(ESC) || r.stdout.includes(ESC), false, 'no terminal control codes')
    // The stages as they ended, before the ingest's lines, then the summary.
    assert.match(r.stdout, /^shop_eu_2026-01-01\.zip: shop v1, region eu[^]*\nwrote migrations\/\d+_shop_v1\.ts[^]*\napplied \d+_shop_v1\.ts\n[^]*total \(2 tables\)/)
    assert.match(r.stdout, /\nwarnings: 0\n/)
  })
})
