import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { frameworkMigrations } from '../../src/db/migrate'
import { heirloom as cli } from '../support/cli'
import { makeZip } from '../support/make-zip'
import { createTestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'

const heirloom = (cwd: string, ...args: string[]) => cli(cwd, args)

describe('heirloom init', () => {
  let ws: ReturnType<typeof makeWorkspace>
  before(() => { ws = makeWorkspace('init') })
  after(() => ws.cleanup())

  it('in an empty folder writes heirloom.yml, knexfile.js, migrations/ with the framework migrations, dumps/ and .gitignore, and says so', () => {
    const dir = path.join(ws.dir, 'empty')
    fs.mkdirSync(dir)
    const r = heirloom(dir, 'init')
    assert.equal(r.status, 0, r.stderr)
    for (const line of ['wrote heirloom.yml', 'wrote knexfile.js', 'wrote migrations/', 'wrote dumps/', 'wrote .gitignore (.heirloom/)']) assert.ok(r.stdout.includes(line), `${line} in ${r.stdout}`)
    assert.match(fs.readFileSync(path.join(dir, 'knexfile.js'), 'utf8'), /^module\.exports = require\('heirloom'\)\.knexConfig\(\)$/m)
    assert.deepEqual(fs.readdirSync(path.join(dir, 'migrations')).sort(), frameworkMigrations())
    assert.ok(fs.statSync(path.join(dir, 'dumps')).isDirectory())
    assert.match(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'), /^\.heirloom\/$/m)
    const yml = fs.readFileSync(path.join(dir, 'heirloom.yml'), 'utf8')
    assert.match(yml, /dialect: mssql/)
    assert.match(yml, /format: mssql-bcp/)
  })

  it('never overwrites: a second init keeps every file byte for byte and adds .heirloom/ to .gitignore once', () => {
    const dir = path.join(ws.dir, 'existing')
    fs.mkdirSync(dir)
    fs.writeFileSync(path.join(dir, 'heirloom.yml'), 'dumps: { path: ./mine }\n')
    fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/')
    const r = heirloom(dir, 'init')
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /kept {2}heirloom\.yml \(exists; not overwritten\)/)
    assert.equal(fs.readFileSync(path.join(dir, 'heirloom.yml'), 'utf8'), 'dumps: { path: ./mine }\n')
    assert.equal(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'), 'node_modules/\n# heirloom: the embedded PostgreSQL\'s data\n.heirloom/\n')
    const before = Object.fromEntries(['heirloom.yml', 'knexfile.js', '.gitignore'].map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]))
    const again = heirloom(dir, 'init')
    assert.equal(again.status, 0, again.stderr)
    assert.doesNotMatch(again.stdout, /^wrote /m)
    for (const [f, text] of Object.entries(before)) assert.equal(fs.readFileSync(path.join(dir, f), 'utf8'), text, f)
  })

  it('writes knexfile.ts in a TypeScript project (tsconfig.json or a typescript dependency), and --dialect mysql picks mysql-tab', () => {
    const byTsconfig = path.join(ws.dir, 'ts-a')
    fs.mkdirSync(byTsconfig)
    fs.writeFileSync(path.join(byTsconfig, 'tsconfig.json'), '{}')
    const byDependency = path.join(ws.dir, 'ts-b')
    fs.mkdirSync(byDependency)
    fs.writeFileSync(path.join(byDependency, 'package.json'), JSON.stringify({ devDependencies: { typescript: '^5' } }))
    for (const dir of [byTsconfig, byDependency]) {
      const r = heirloom(dir, 'init', '--dialect', 'mysql')
      assert.equal(r.status, 0, r.stderr)
      assert.equal(fs.existsSync(path.join(dir, 'knexfile.js')), false)
      assert.match(fs.readFileSync(path.join(dir, 'knexfile.ts'), 'utf8'), /^import \{ knexConfig \} from 'heirloom'\n\nexport default knexConfig\(\)$/m)
      assert.match(fs.readFileSync(path.join(dir, 'heirloom.yml'), 'utf8'), /dialect: mysql\n\s+format: mysql-tab/)
    }
  })

  it('refuses a dialect that is not built in without --extends, and --extends on a built-in, with exit 2 and the command to write', () => {
    const r = heirloom(ws.dir, 'init', '--dialect', 'oracle')
    assert.equal(r.status, 2)
    assert.match(r.stderr, /--dialect oracle is not built in \(mssql, mysql, postgresql[^)]*\): say which built-in its map starts from/)
    assert.match(r.stderr, /heirloom init --dialect oracle --extends mssql\|mysql\|postgresql/)
    const both = heirloom(ws.dir, 'init', '--dialect', 'mysql', '--extends', 'mysql')
    assert.equal(both.status, 2)
    assert.match(both.stderr, /--extends is for a dialect of your own, and "mysql" is built in/)
    assert.equal(heirloom(ws.dir, 'init', '--dialect', 'x', '--extends', 'oracle').status, 2)
    assert.deepEqual(fs.readdirSync(ws.dir).filter((f) => f === 'heirloom.yml' || f === 'dialects'), [], 'nothing written')
  })

  it('--dialect legacydb --extends mysql writes dialects/legacydb.json and names it in heirloom.yml; a real run loads a dump with the map as the user edited it', async () => {
    const dir = path.join(ws.dir, 'legacydb')
    fs.mkdirSync(dir)
    const r = heirloom(dir, 'init', '--dialect', 'legacydb', '--extends', 'mysql')
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /^wrote dialects\/legacydb\.json$/m)
    const mapFile = path.join(dir, 'dialects', 'legacydb.json')
    const map = JSON.parse(fs.readFileSync(mapFile, 'utf8')) as { extends: string; conversions: Record<string, string>; types: Record<string, unknown> }
    assert.deepEqual({ extends: map.extends, conversions: map.conversions, types: map.types }, { extends: 'mysql', conversions: { booleans: 'anyInteger', binary: 'bytes', zeroDates: 'null' }, types: {} })
    const yml = fs.readFileSync(path.join(dir, 'heirloom.yml'), 'utf8')
    assert.match(yml, /^dialects:.*\n {2}legacydb: \.\/dialects\/legacydb\.json/m)
    assert.match(yml, /dialect: legacydb\n\s+format: mysql-tab/)
    // The user states the fork's differences: a money type, and binary written as hex.
    map.types['money'] = { pg: 'numeric', modifiers: [19, 4] }
    map.conversions['binary'] = 'hex'
    fs.writeFileSync(mapFile, JSON.stringify(map, null, 2))
    await makeZip(path.join(dir, 'dumps', 'books.zip'), {
      'manifest.json': JSON.stringify({ application: 'books', version: '1', region: 'apac' }),
      'Ledger.sql': 'CREATE TABLE `Ledger` (\n  `id` int NOT NULL,\n  `amount` money,\n  `blob` varbinary(4),\n  PRIMARY KEY (`id`)\n);\n',
      'Ledger.txt': '1\t12.3456\tCAFE\n2\t\\N\t00ff\n',
    })
    const db = await createTestDatabase()
    try {
      const run = cli(dir, ['run'], { DATABASE_URL: db.url })
      assert.equal(run.status, 0, run.stderr + run.stdout)
      const types = await db.query<{ attname: string; type: string }>(
        "SELECT attname, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'public.ledger_v1'::regclass AND attnum > 0 AND NOT attisdropped AND attname <> '_dump_id' ORDER BY attnum")
      assert.deepEqual(types.map((t) => `${t.attname} ${t.type}`), ['id integer', 'amount numeric(19,4)', 'blob bytea'])
      assert.deepEqual(await db.query('SELECT id, amount::text, blob::text FROM public.ledger_v1 ORDER BY id'), [
        { id: 1, amount: '12.3456', blob: '\\xcafe' }, { id: 2, amount: null, blob: '\\x00ff' },
      ])
      const [dump] = await db.query<{ dialect: string }>('SELECT dialect FROM heirloom.dumps')
      assert.equal(dump?.dialect, 'legacydb')
    } finally {
      await db.drop()
    }
  })

  it('a second init for the dialect keeps its edited map and an existing heirloom.yml, and says what to add by hand', () => {
    const dir = path.join(ws.dir, 'legacydb-again')
    fs.mkdirSync(path.join(dir, 'dialects'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'dialects', 'legacydb.json'), '{"types": {}}\n')
    fs.writeFileSync(path.join(dir, 'heirloom.yml'), 'dumps: { path: ./mine }\n')
    const r = heirloom(dir, 'init', '--dialect', 'legacydb', '--extends', 'mysql')
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /^kept {2}dialects\/legacydb\.json \(exists; not overwritten\)$/m)
    assert.equal(fs.readFileSync(path.join(dir, 'dialects', 'legacydb.json'), 'utf8'), '{"types": {}}\n')
    assert.equal(fs.readFileSync(path.join(dir, 'heirloom.yml'), 'utf8'), 'dumps: { path: ./mine }\n')
    assert.match(r.stdout, /^todo {2}add the dialect to heirloom\.yml: `dialects: \{ legacydb: \.\/dialects\/legacydb\.json \}`, and `dumps\.defaults\.dialect: legacydb`/m)
  })
})
