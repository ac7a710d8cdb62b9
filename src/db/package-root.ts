import fs from 'node:fs'
import path from 'node:path'

let cached: string | undefined

/** heirloom's own folder (where its package.json is), whether running from src/ or dist/. */
export function packageRoot(): string {
  if (cached !== undefined) return cached
  let dir = __dirname
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`)
    dir = parent
  }
  cached = dir
  return dir
}

/** The framework's own Knex migrations (schema `heirloom`). */
export function frameworkMigrationsDirectory(): string {
  return path.join(packageRoot(), 'migrations')
}

/** Every framework migration is stamped 00000000000000; generated ones never are, so they always sort after. */
export const FRAMEWORK_STAMP = '00000000000000'
