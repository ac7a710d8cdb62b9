import path from 'node:path'
import { HeirloomError } from '../errors'
import { plainDumpName } from './decrypt-dump'
import { findDialect, knownDialects, type BuiltInDialect } from '../schema/dialects'
import type { Dialect } from '../schema/model'
import type { Config, FormatRef } from '../config/config'

/** Who exported a dump, from which application version, and how its files are written. */
export interface DumpIdentity {
  readonly application: string
  readonly version: string
  readonly region: string
  /** ISO 8601, when known. */
  readonly exportedAt: string | undefined
  readonly dialect: Dialect
  /** The built-in the dialect is or extends: it decides the `.sql` schema grammar and the member names (schema/dialects.ts). */
  readonly family: BuiltInDialect | undefined
  /** Default format name of the dump's data files. */
  readonly format: string
  /** Per-table formats from the manifest (table name or glob → format). */
  readonly tableFormats: Readonly<Record<string, FormatRef>>
}

/** `manifest.json` at the ZIP root: every key optional. */
export interface Manifest {
  readonly application?: string
  readonly version?: string | number
  readonly region?: string
  readonly exportedAt?: string
  readonly dialect?: string
  readonly format?: string
  readonly tableFormats?: Record<string, FormatRef>
}

export const DEFAULT_APPLICATION = 'default'
export const DEFAULT_REGION = 'default'

/**
 * A dump's identity from, in order: its manifest, its file name matched
 * against `dumps.pattern`, the config defaults (docs/dump-layout.md).
 */
export function identifyDump(file: string, manifest: Manifest | undefined, config: Config): DumpIdentity {
  const fromName = config.dumps.pattern?.exec(plainDumpName(file))?.groups ?? {}
  const defaults = config.dumps.defaults
  const pick = (key: 'application' | 'version' | 'region' | 'exportedAt'): string | undefined => {
    const v = manifest?.[key] ?? fromName[key] ?? defaults[key]
    return v === undefined || v === '' ? undefined : String(v)
  }
  const version = pick('version')
  if (version === undefined) {
    throw new HeirloomError('DUMP_IDENTITY', `${path.basename(file)}: the application version cannot be determined`,
      'add "version" to the dump\'s manifest.json, or a (?<version>…) group to dumps.pattern that matches the file name, or dumps.defaults.version')
  }
  const dialect = manifest?.dialect ?? defaults.dialect
  const definition = findDialect(dialect, config.dialects)
  if (definition === undefined) {
    throw new HeirloomError('DUMP_IDENTITY', `${path.basename(file)}: manifest.json names dialect "${dialect}"`,
      `use one of: ${knownDialects(config.dialects).join(', ')}, or add it under \`dialects\` in the config`)
  }
  const exportedAt = pick('exportedAt')
  if (exportedAt !== undefined && Number.isNaN(Date.parse(exportedAt))) {
    throw new HeirloomError('DUMP_IDENTITY', `${path.basename(file)}: export time "${exportedAt}" is not a date`, 'write exportedAt as ISO 8601, e.g. 2026-11-01T02:00:00Z')
  }
  return {
    application: pick('application') ?? DEFAULT_APPLICATION,
    version,
    region: pick('region') ?? DEFAULT_REGION,
    exportedAt: exportedAt === undefined ? undefined : new Date(exportedAt).toISOString(),
    dialect,
    family: definition.family,
    format: manifest?.format ?? defaults.format,
    tableFormats: manifest?.tableFormats ?? {},
  }
}
