import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { configValidatorSource } from '../../src/config/config-validator-source'
import { packageRoot } from '../../src/db/package-root'

describe('the precompiled config validator', () => {
  it('is config-schema.ts as ajv compiles it today (else `npm run config-validator` writes it again)', () => {
    const committed = fs.readFileSync(path.join(packageRoot(), 'src', 'config', 'config-validator.generated.ts'), 'utf8')
    assert.ok(committed === configValidatorSource(), 'src/config/config-validator.generated.ts is stale: run `npm run config-validator` and commit it')
  })
})
