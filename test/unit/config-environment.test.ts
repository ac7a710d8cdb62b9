import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { isHeirloomError } from '../../src/errors'
import { loadConfig } from '../../src/config/load-config'

function configWith(yaml: string, env: NodeJS.ProcessEnv): ReturnType<typeof loadConfig> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heirloom-config-'))
  try {
    fs.writeFileSync(path.join(dir, 'heirloom.yml'), yaml)
    return loadConfig({ file: path.join(dir, 'heirloom.yml'), env })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

describe('${VAR} in the config (docs/configuration.md)', () => {
  it('an unset variable is a configuration error naming the key and the variable, not an empty value', () => {
    assert.throws(() => configWith('database: { url: "${HEIRLOOM_NO_SUCH_URL}" }\ningest: { workers: "${HEIRLOOM_NO_WORKERS}" }\n', {}), (e: unknown) => {
      assert.ok(isHeirloomError(e) && e.code === 'CONFIG_INVALID', String(e))
      assert.match(e.message, /database\.url: environment variable HEIRLOOM_NO_SUCH_URL is not set/)
      assert.match(e.message, /ingest\.workers: environment variable HEIRLOOM_NO_WORKERS is not set/, 'every problem at once')
      return true
    })
  })

  it('${VAR:-default} gives the default when the variable is unset or empty, the value when set', () => {
    const yaml = 'database: { url: "${HEIRLOOM_URL:-}" }\ndumps: { path: "${HEIRLOOM_DUMPS:-./dumps}" }\n'
    assert.equal(configWith(yaml, {}).database.url, undefined, 'unset: the embedded server')
    assert.match(configWith(yaml, { HEIRLOOM_DUMPS: '' }).dumps.path, /[/\\]dumps$/)
    assert.match(configWith(yaml, { HEIRLOOM_DUMPS: './elsewhere' }).dumps.path, /[/\\]elsewhere$/)
    assert.equal(configWith(yaml, { HEIRLOOM_URL: 'postgres://u@127.0.0.1:5432/db' }).database.url, 'postgres://u@127.0.0.1:5432/db')
  })

  it('a variable set to the empty string is taken as set', () => {
    assert.equal(configWith('database: { url: "${HEIRLOOM_URL}" }\n', { HEIRLOOM_URL: '' }).database.url, undefined)
  })
})
