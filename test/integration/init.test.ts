import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { frameworkMigrations } from '../../src/db/migrate'
import { heirloom as cli } from '../support/cli'
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

  it('refuses an unknown dialect with exit 2', () => {
    const r = heirloom(ws.dir, 'init', '--dialect', 'oracle')
    assert.equal(r.status, 2)
    assert.match(r.stderr, /Invalid values:[\s\S]*dialect/)
  })
})
