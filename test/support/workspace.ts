import fs from 'node:fs'
import path from 'node:path'
import { packageRoot } from '../../src/db/package-root'
import { loadConfig } from '../../src/config/load-config'
import type { Config } from '../../src/config/config'

/**
 * A scratch folder for one test, inside the repository's .heirloom/ so that
 * generated migrations resolve `knex` from the project's node_modules.
 */
export function makeWorkspace(label: string): { dir: string; cleanup(): void } {
  const base = path.join(packageRoot(), '.heirloom', 'test-workspaces')
  fs.mkdirSync(base, { recursive: true })
  const dir = fs.mkdtempSync(path.join(base, `${label}-`))
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

/** Writes heirloom.yml into dir and loads it. */
export function writeConfig(dir: string, yaml: string): Config {
  fs.writeFileSync(path.join(dir, 'heirloom.yml'), yaml)
  return loadConfig({ file: path.join(dir, 'heirloom.yml') })
}
