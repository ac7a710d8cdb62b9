import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { loadConfig } from '../../src/config/load-config'

function configWith(yaml: string): ReturnType<typeof loadConfig> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heirloom-config-'))
  try {
    fs.writeFileSync(path.join(dir, 'heirloom.yml'), yaml)
    return loadConfig({ file: path.join(dir, 'heirloom.yml'), env: {} })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

describe('ingest.maxRecordBytes', () => {
  it('defaults to 256 MiB and takes a configured value', () => {
    assert.equal(configWith('ingest: { workers: 1 }\n').ingest.maxRecordBytes, 268435456)
    assert.equal(configWith('ingest: { maxRecordBytes: 1048576 }\n').ingest.maxRecordBytes, 1048576)
  })

  it('refuses a cap over 1 GiB (PostgreSQL reads no longer COPY line) or below 1 byte, naming the key', () => {
    for (const value of [1073741825, 0, 'big']) {
      assert.throws(() => configWith(`ingest: { maxRecordBytes: ${value} }\n`), (e: Error) => e.message.includes('ingest.maxRecordBytes'), String(value))
    }
  })
})
