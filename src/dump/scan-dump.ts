import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import picomatch from 'picomatch'
import { HeirloomError, isHeirloomError, messageOf } from '../errors'
import { resolveFormatRef, type Config, type FormatRef } from '../config/config'
import type { DataFormat } from '../ingest/format/data-format'
import type { TableSchema } from '../schema/model'
import { identifyDump, type DumpIdentity, type Manifest } from './dump-identity'
import type { DumpProblem } from './dump-problem'
import { assertHoldsTables, baseName, checkMembers, MANIFEST, PART } from './member-checks'
import { parseSchemaFile } from './parse-schema-file'
import { MssqlSchemaFiles } from './mssql-schema-files'
import { readTextMember } from './read-text-member'
import { withZip, type ZipArchive, type ZipMember } from './zip-archive'

/** One table found in a dump: its schema and its data members in part order. */
export interface DumpTable {
  readonly schemaMember: string
  readonly schema: TableSchema
  readonly dataMembers: readonly DataMember[]
  readonly format: DataFormat
}

export interface DataMember {
  readonly name: string
  readonly uncompressedSize: number
}

/** What `scan` learns about one dump from its central directory and schema members. */
export interface ScannedDump {
  readonly file: string
  /** Stable identity of the content: the same files under another name are the same dump. */
  readonly fingerprint: string
  readonly size: number
  readonly identity: DumpIdentity
  readonly tables: readonly DumpTable[]
  /** Members that are neither schema nor data files. */
  readonly ignored: readonly string[]
  /** Problems confined to members or tables: the rest of the dump is still usable, the dump is not complete. */
  readonly problems: readonly DumpProblem[]
}

/** Reads a dump's central directory, manifest and schema files; never its data. */
export async function scanDump(file: string, config: Config): Promise<ScannedDump> {
  const size = fs.statSync(file).size
  return withZip(file, async (zip) => {
    const { schemaExt, dataExt } = config.dumps
    assertHoldsTables(zip, config.dumps)
    const manifest = zip.members.some((m) => m.name === MANIFEST) ? await readManifest(zip) : undefined
    const identity = identifyDump(file, manifest, config)
    // SQL Server dumps also take their exporters' DDL and bcp format files as schema files (SPEC §1 Forms D, E).
    const mssql = identity.dialect === 'mssql' ? await MssqlSchemaFiles.read(zip, dataExt) : undefined
    const extOf = (name: string): string | undefined => (name.endsWith(schemaExt) ? schemaExt : mssql?.schemaExtOf(name))
    const schemas = zip.members.filter((m) => m.name !== MANIFEST && extOf(m.name) !== undefined)
    const data = zip.members.filter((m) => m.name.endsWith(dataExt))
    const ignored = zip.members.filter((m) => !schemas.includes(m) && !data.includes(m) && m.name !== MANIFEST && mssql?.isLayoutOnly(m.name) !== true).map((m) => m.name)
    const { problems, blocked } = checkMembers(zip, config.dumps)
    const dataByBase = groupDataMembers(data, dataExt)
    const schemaBases = new Set(schemas.map((m) => baseName(m.name, extOf(m.name) ?? schemaExt)))
    const tables: DumpTable[] = []
    for (const member of schemas) {
      const base = baseName(member.name, extOf(member.name) ?? schemaExt)
      const parts = takeDataMembers(dataByBase, base, schemaBases)
      if (blocked.has(base) || (parts.length === 0 && mssql?.holdsNoTable(member.name) === true)) continue
      if (parts.length === 0) {
        problems.push(dataMissing(file, member.name, base, dataExt))
        continue
      }
      try {
        const where = { dump: path.basename(file), member: member.name }
        const formatOf = (table: string): DataFormat => tableFormat(table, identity, config)
        const read = mssql !== undefined && mssql.schemaExtOf(member.name) !== undefined
          ? await mssql.readTable(file, where, formatOf, config)
          : { schema: parseSchemaFile(await readTextMember(zip, member.name), where), format: undefined, warnings: [] }
        problems.push(...read.warnings)
        tables.push({ schemaMember: member.name, schema: read.schema, dataMembers: parts, format: read.format ?? formatOf(read.schema.name) })
      } catch (e) {
        problems.push(problemOf(file, member.name, e))
      }
    }
    for (const [base, orphans] of dataByBase) {
      if (blocked.has(base)) continue
      for (const name of new Set(orphans.map((m) => m.name))) {
        problems.push({ file, member: name, severity: 'error', code: 'SCHEMA_INVALID', message: `${path.basename(file)}: ${name} has no schema file, so it is not loaded`, hint: `add ${base}${schemaExt} to the dump` })
      }
    }
    tables.sort((a, b) => compareText(a.schema.name, b.schema.name))
    return { file, fingerprint: fingerprintOf(zip.members), size, identity, tables, ignored, problems }
  })
}

async function readManifest(zip: ZipArchive): Promise<Manifest> {
  const text = await readTextMember(zip, MANIFEST)
  try {
    const value: unknown = JSON.parse(text)
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object')
    return value as Manifest
  } catch (e) {
    throw new HeirloomError('DUMP_IDENTITY', `${path.basename(zip.file)}: manifest.json is not valid (${messageOf(e)})`,
      'write manifest.json as one JSON object, e.g. {"application":"shop","version":"2.1","region":"eu"}')
  }
}

/**
 * A schema file's data members: those with exactly its base name; else, for
 * exports from case-insensitive systems (`Customers.json` + `customers.dat`),
 * those whose base differs only in case and that no other schema file names
 * exactly (a dump may hold both `Items` and `ITEMS`).
 */
function takeDataMembers(byBase: Map<string, DataMember[]>, base: string, schemaBases: ReadonlySet<string>): DataMember[] {
  const key = byBase.has(base) ? base : [...byBase.keys()].find((k) => k.toLowerCase() === base.toLowerCase() && !schemaBases.has(k))
  if (key === undefined) return []
  const parts = byBase.get(key) ?? []
  byBase.delete(key)
  return parts
}

/** Data members by table base name, split parts in part order. */
function groupDataMembers(members: readonly ZipMember[], dataExt: string): Map<string, DataMember[]> {
  const parts = new Map<string, { part: number; member: DataMember }[]>()
  for (const m of members) {
    const base = baseName(m.name, dataExt)
    const split = PART.exec(base)
    const key = split?.[1] ?? base
    const list = parts.get(key) ?? []
    list.push({ part: split === null ? 0 : Number(split[2]), member: { name: m.name, uncompressedSize: m.uncompressedSize } })
    parts.set(key, list)
  }
  return new Map([...parts].map(([k, list]) => [k, list.sort((a, b) => a.part - b.part).map((p) => p.member)]))
}

function tableFormat(table: string, identity: DumpIdentity, config: Config): DataFormat {
  const base = resolveFormatRef(identity.format, config.formats, config.formats['mssql-bcp'])
  const ref = matchTable(identity.tableFormats, table) ?? matchTable(config.dumps.tableFormats, table)
  return ref === undefined ? base : resolveFormatRef(ref, config.formats, base)
}

/** The entry keyed by the table's name, else by the first glob that matches it. */
function matchTable(map: Readonly<Record<string, FormatRef>>, table: string): FormatRef | undefined {
  if (map[table] !== undefined) return map[table]
  for (const [key, ref] of Object.entries(map)) {
    if (picomatch.isMatch(table, key, { nocase: true })) return ref
  }
  return undefined
}

function fingerprintOf(members: readonly ZipMember[]): string {
  const hash = createHash('sha256')
  for (const m of [...members].sort((a, b) => compareText(a.name, b.name))) {
    hash.update(`${m.name}\0${m.crc32}\0${m.uncompressedSize}\n`)
  }
  return hash.digest('hex')
}

function problemOf(file: string, member: string, e: unknown): DumpProblem {
  if (isHeirloomError(e)) return { file, member, severity: 'error', code: e.code, message: e.message, hint: e.hint }
  return { file, member, severity: 'error', code: 'DUMP_UNREADABLE', message: messageOf(e), hint: undefined }
}

/** A schema file alone: loading it as an empty table would say "loaded, 0 rows" of a table whose rows were lost. */
function dataMissing(file: string, member: string, base: string, dataExt: string): DumpProblem {
  return {
    file, member, severity: 'error', code: 'DATA_MISSING',
    message: `${path.basename(file)}: table ${base} has a schema file (${member}) but no data file (${base}${dataExt}), so it is not loaded`,
    hint: `export the dump again with the table's data file (an empty table is written as an empty ${base}${dataExt}), or remove ${member} from it`,
  }
}

/** Locale-independent ordering so generated files are byte-identical everywhere. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
