import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { loadConfig } from '../../src/config/load-config'
import { isHeirloomError } from '../../src/errors'

const SECRET = 'S3cret-Pass!phrase'

function inFolder<T>(files: Readonly<Record<string, string>>, fn: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heirloom-decrypt-'))
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text)
    return fn(dir)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

describe('dumps.decrypt and watch in the config', () => {
  it('reads a passphrase from ${VAR} or from a file (its trailing newline dropped), and the key file path against the config folder', () => {
    const yaml = 'dumps:\n  decrypt:\n    passphraseFile: ./pass.txt\n    privateKeyFile: ./key.asc\n    privateKeyPassphrase: ${KEY_PASS}\n'
    inFolder({ 'heirloom.yml': yaml, 'pass.txt': `${SECRET}\n`, 'key.asc': 'key' }, (dir) => {
      const c = loadConfig({ file: path.join(dir, 'heirloom.yml'), env: { KEY_PASS: 'kp' } })
      assert.deepEqual(c.dumps.decrypt, { passphrase: SECRET, privateKeyFile: path.join(dir, 'key.asc'), privateKeyPassphrase: 'kp' })
      assert.deepEqual(c.watch, { stabilityMs: 5000, usePolling: false, pollIntervalMs: 2000 })
    })
  })

  it('names the key of every decrypt problem at once, and never the secret', () => {
    const yaml = `dumps:\n  decrypt:\n    passphrase: ${SECRET}\n    passphraseFile: ./pass.txt\n    privateKeyFile: ./missing.asc\n    privateKeyPassphraseFile: ./missing.txt\n    keyring: x\nwatch: { stabilityMs: -1 }\n`
    inFolder({ 'heirloom.yml': yaml, 'pass.txt': SECRET }, (dir) => {
      assert.throws(() => loadConfig({ file: path.join(dir, 'heirloom.yml'), env: {} }), (e: unknown) => {
        assert.ok(isHeirloomError(e) && e.code === 'CONFIG_INVALID', String(e))
        assert.match(e.message, /dumps\.decrypt\.keyring: unknown key/)
        assert.match(e.message, /watch\.stabilityMs: must be >= 0/)
        assert.ok(!e.message.includes(SECRET), e.message)
        return true
      })
      fs.writeFileSync(path.join(dir, 'heirloom.yml'), yaml.replace('    keyring: x\n', '').replace('watch: { stabilityMs: -1 }\n', ''))
      assert.throws(() => loadConfig({ file: path.join(dir, 'heirloom.yml'), env: {} }), (e: unknown) => {
        assert.ok(isHeirloomError(e) && e.code === 'CONFIG_INVALID', String(e))
        assert.match(e.message, /dumps\.decrypt: give passphrase or passphraseFile, not both/)
        assert.match(e.message, /dumps\.decrypt\.privateKeyFile: .*missing\.asc does not exist/)
        assert.match(e.message, /dumps\.decrypt\.privateKeyPassphraseFile: cannot read .*missing\.txt \(ENOENT\)/)
        assert.ok(!e.message.includes(SECRET), e.message)
        return true
      })
    })
  })
})
