/**
 * The config schema compiled by ajv ahead of time, as the source of
 * `config-validator.generated.ts`: every command checks its config, and
 * loading ajv and compiling the schema took ~0.15 s of each start. A unit
 * test fails when the committed file no longer matches config-schema.ts;
 * `npm run config-validator` writes it again.
 */
import fs from 'node:fs'
import Ajv from 'ajv'
import standaloneCode from 'ajv/dist/standalone'
import { CONFIG_SCHEMA } from './config-schema'

const HEADER = `// Generated from config-schema.ts by \`npm run config-validator\` (ajv standalone code): do not edit.
// @ts-nocheck
`

/** The generated module's text: the validator as its default export, with ajv's options of loadConfig (all errors, with their data). */
export function configValidatorSource(): string {
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, verbose: true, code: { source: true, esm: true, lines: true } })
  return HEADER + standaloneCode(ajv, ajv.compile(CONFIG_SCHEMA)) + '\n'
}

if (require.main === module) {
  const file = process.argv[2]
  if (file === undefined) throw new Error('usage: config-validator-source.js OUTPUT_FILE')
  fs.writeFileSync(file, configValidatorSource())
}
