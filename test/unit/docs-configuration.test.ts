import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { configKeyPaths } from '../../src/config/config-keys'
import { loadConfig } from '../../src/config/load-config'
import { packageRoot } from '../../src/db/package-root'
import { heirloomYml } from '../../src/use-cases/init-templates'

/** The keys docs/configuration.md's reference tables list: the first cell of each row, as `a.b.c`. */
function documentedKeys(): string[] {
  const text = fs.readFileSync(path.join(packageRoot(), 'docs', 'configuration.md'), 'utf8')
  return [...text.matchAll(/^\| `([a-zA-Z.]+)` \|/gm)].map((m) => m[1])
}

describe('docs/configuration.md and the config schema cannot drift apart', () => {
  it('documents every key of config-schema.ts', () => {
    const documented = new Set(documentedKeys())
    const missing = configKeyPaths().filter((k) => !documented.has(k))
    assert.deepEqual(missing, [], 'keys of src/config/config-schema.ts missing from docs/configuration.md')
  })

  it('documents no key the schema does not have (a removed or misspelt key)', () => {
    const known = new Set(configKeyPaths())
    assert.deepEqual(documentedKeys().filter((k) => !known.has(k)), [])
  })

  it('the keys are those of the one schema: a known sample of them', () => {
    const keys = configKeyPaths()
    for (const k of ['database.url', 'dumps.pattern', 'dumps.defaults.format', 'formats', 'types.overrides.mssql', 'target.renames', 'ingest.maxRejects']) assert.ok(keys.includes(k), k)
  })
})

describe('the heirloom.yml `heirloom init` writes', () => {
  for (const dialect of ['mssql', 'mysql', 'postgresql', 'sqlite'] as const) {
    it(`(${dialect}) loads as a valid config, and names every key, the commented ones included`, () => {
      const text = heirloomYml({ dialect, family: dialect })
      // With every commented key uncommented, the file is still a valid config: each default it shows is a real value.
      const uncommented = text.replace(/^(\s*)# (?=\s*[A-Za-z-]+:)/gm, '$1')
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heirloom-init-yml-'))
      try {
        fs.writeFileSync(path.join(dir, 'heirloom.yml'), text)
        const config = loadConfig({ cwd: dir, env: {} })
        assert.equal(config.dumps.defaults.dialect, dialect)
        assert.equal(config.dumps.defaults.format, ({ mssql: 'mssql-bcp', mysql: 'mysql-tab', postgresql: 'pg-copy', sqlite: 'sqlite-csv' } as const)[dialect])
        assert.equal(config.database.url, undefined, 'DATABASE_URL unset: the embedded server')
        fs.writeFileSync(path.join(dir, 'heirloom.yml'), uncommented)
        // The example names the passphrase's variable: a user sets it (the alternatives stay commented).
        const full = loadConfig({ cwd: dir, env: { HEIRLOOM_DUMP_PASSPHRASE: 'p' } })
        assert.equal(full.ingest.maxRecordBytes, 268435456)
        assert.equal(full.formats['legacy-pipe']?.delimiter, '|~|')
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
      const leaves = configKeyPaths().map((k) => k.split('.').pop() ?? k)
      for (const leaf of new Set(leaves)) assert.match(text, new RegExp(`\\b${leaf}:`), `init's heirloom.yml lacks ${leaf}`)
    })
  }
})
