import fs from 'node:fs'
import path from 'node:path'
import { packageRoot } from '../../src/db/package-root'

/**
 * The project's shared/ folder (SPEC, samples), found by walking up from the
 * repository root: beside the repository here, and in the CI clone, which
 * keeps a copy of shared/ next to the repo. Undefined when there is none.
 */
export function findSharedDir(): string | undefined {
  for (let dir = packageRoot(); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared')
    if (fs.existsSync(path.join(candidate, 'SPEC.md'))) return candidate
    if (path.dirname(dir) === dir) return undefined
  }
}
