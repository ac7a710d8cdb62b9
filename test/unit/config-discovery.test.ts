import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { isHeirloomError } from '../../src/errors'
import { loadConfig } from '../../src/config/load-config'

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heirloom-discovery-'))
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    fs.writeFileSync(path.join(dir, name), text)
  }
  return dir
}

function withFolder<T>(files: Record<string, string>, fn: (dir: string) => T): T {
  const dir = folder(files)
  try {
    return fn(dir)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

describe('config discovery: which file a command uses', () => {
  it('finds heirloom.yml, heirloom.yaml, heirloom.config.json and heirloom.config.js, and reads each', () => {
    const cases: Record<string, string> = {
      'heirloom.yml': 'target: { schema: from_yml }\n',
      'heirloom.yaml': 'target: { schema: from_yaml }\n',
      'heirloom.config.json': '{ "target": { "schema": "from_json" } }',
      'heirloom.config.js': 'module.exports = { target: { schema: "from_js" } }\n',
    }
    for (const [name, text] of Object.entries(cases)) {
      withFolder({ [name]: text }, (dir) => {
        const config = loadConfig({ cwd: dir, env: {} })
        assert.equal(config.file, path.join(dir, name))
        assert.equal(config.target.schema, `from_${name.split('.').pop() ?? ''}`)
      })
    }
  })

  it('takes heirloom.yml before the others when several exist', () => {
    withFolder({ 'heirloom.config.json': '{}', 'heirloom.yml': 'target: { schema: yml }\n', 'heirloom.yaml': '' }, (dir) => {
      assert.equal(loadConfig({ cwd: dir, env: {} }).file, path.join(dir, 'heirloom.yml'))
    })
  })

  it('with no config file, reports none (file undefined) and uses the defaults beside the working folder', () => {
    withFolder({}, (dir) => {
      const config = loadConfig({ cwd: dir, env: {} })
      assert.equal(config.file, undefined)
      assert.equal(config.dumps.path, path.join(dir, 'dumps'))
    })
  })

  it('does not take a config from a parent folder: it would point at another project\'s database', () => {
    withFolder({ 'heirloom.yml': 'target: { schema: parent }\n', 'sub/placeholder': '' }, (dir) => {
      assert.equal(loadConfig({ cwd: path.join(dir, 'sub'), env: {} }).file, undefined)
    })
  })

  it('HEIRLOOM_CONFIG names the file, and --config (file) wins over it; a missing one is an error naming it', () => {
    withFolder({ 'a.yml': 'target: { schema: a }\n', 'b.yml': 'target: { schema: b }\n', 'heirloom.yml': 'target: { schema: here }\n' }, (dir) => {
      assert.equal(loadConfig({ cwd: dir, env: { HEIRLOOM_CONFIG: 'a.yml' } }).target.schema, 'a')
      assert.equal(loadConfig({ cwd: dir, file: 'b.yml', env: { HEIRLOOM_CONFIG: 'a.yml' } }).target.schema, 'b')
      assert.throws(() => loadConfig({ cwd: dir, file: 'nope.yml', env: {} }), (e: unknown) =>
        isHeirloomError(e) && e.code === 'CONFIG_UNREADABLE' && e.message.includes(path.join(dir, 'nope.yml')))
    })
  })

  it('a heirloom.config.json that is not JSON is CONFIG_UNREADABLE naming the file; unknown keys in it are rejected like YAML ones', () => {
    withFolder({ 'heirloom.config.json': '{ "target": ' }, (dir) => {
      assert.throws(() => loadConfig({ cwd: dir, env: {} }), (e: unknown) => isHeirloomError(e) && e.code === 'CONFIG_UNREADABLE' && e.message.includes('heirloom.config.json'))
    })
    withFolder({ 'heirloom.config.json': '{ "target": { "shema": "x" } }' }, (dir) => {
      assert.throws(() => loadConfig({ cwd: dir, env: {} }), (e: unknown) => isHeirloomError(e) && e.code === 'CONFIG_INVALID' && /target\.shema: unknown key/.test(e.message))
    })
  })

  it('${VAR} rules hold in a JSON config too: unset is an error naming it, :- gives the default', () => {
    withFolder({ 'heirloom.config.json': '{ "database": { "url": "${HEIRLOOM_DISCOVERY_URL}" }, "target": { "schema": "${HEIRLOOM_S:-dflt}" } }' }, (dir) => {
      assert.throws(() => loadConfig({ cwd: dir, env: {} }), (e: unknown) => isHeirloomError(e) && /database\.url: environment variable HEIRLOOM_DISCOVERY_URL is not set/.test(e.message))
      assert.equal(loadConfig({ cwd: dir, env: { HEIRLOOM_DISCOVERY_URL: '' } }).target.schema, 'dflt')
    })
  })
})
