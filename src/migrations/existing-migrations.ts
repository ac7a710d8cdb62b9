import fs from 'node:fs'
import path from 'node:path'
import { HeirloomError } from '../errors'
import type { VersionTable } from '../schema/mother'
import { versionKey } from '../schema/versions'
import { VERSION_MARKER, type VersionRecord } from './render'

export interface ExistingMigrations {
  /** Every migration file name in the folder (without extension), sorted. */
  readonly names: readonly string[]
  /** The version schemas the generated files carry. */
  readonly tables: readonly VersionTable[]
  /** `versionKey(application, version)` of every version a generated file covers. */
  readonly versions: readonly string[]
}

const MIGRATION_FILE = /\.(ts|js|cjs|mjs)$/

/** Reads what the migration folder already covers, from the files themselves (never a cache). */
export function readExistingMigrations(directory: string): ExistingMigrations {
  if (!fs.existsSync(directory)) return { names: [], tables: [], versions: [] }
  const files = fs.readdirSync(directory).filter((f) => MIGRATION_FILE.test(f) && !f.endsWith('.d.ts')).sort()
  const tables: VersionTable[] = []
  const versions: string[] = []
  for (const f of files) {
    const text = fs.readFileSync(path.join(directory, f), 'utf8')
    const start = text.indexOf(`/* ${VERSION_MARKER}`)
    if (start < 0) continue
    const end = text.indexOf('*/', start)
    const json = text.slice(start + VERSION_MARKER.length + 3, end)
    try {
      const record = JSON.parse(json) as VersionRecord
      tables.push(...record.tables)
      versions.push(versionKey(record.application, record.version))
    } catch (e) {
      throw new HeirloomError('MIGRATIONS_MISSING', `${path.join(directory, f)}: the ${VERSION_MARKER} block at its end is not valid JSON`,
        'restore the block from version control: generate plans later versions from it', { cause: e })
    }
  }
  return { names: files.map((f) => f.replace(MIGRATION_FILE, '')), tables, versions }
}
