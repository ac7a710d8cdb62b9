import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import picomatch from 'picomatch'
import { HeirloomError, isHeirloomError, messageOf } from '../errors'
import { resolveFormatRef, type Config, type FormatRef } from '../config/config'
import type { DataFormat } from '../schema/data-format'
import { compareText } from '../schema/compare-text'
import type { TableSchema } from '../schema/model'
import { identifyDump, type DumpIdentity, type Manifest } from './dump-identity'
import type { DumpProblem } from './dump-problem'
import { assertHoldsTables, baseName, checkMembers, extOf, MANIFEST, memberExts, PART, type MemberExts } from './member-checks'
import { loadPgParser } from './load-pg-parser'
import { MssqlSchemaFiles } from './mssql-schema-files'
import { holdsCreateTable } from './parse-mysql-ddl'
import { parseSchemaFile, type SchemaFileRef } from './parse-schema-file'
import { agreeingSchema, type TableSchemaResult } from './read-table-schema'
import { readTextMember } from './read-text-member'
import { withZip, type ZipArchive, type ZipMember } from './zip-archive'

/** One table found in a dump: its schema and its data members in part order. */
export interface DumpTable {
  readonly schemaMember: string
  readonly schema: TableSchema
  readonly dataMembers: readonly DataMember[]
  readonly format: DataFormat
  /** A live source's table (`heirloom pull`): its one data member is read from the source, not from a ZIP. */
  readonly live?: LiveTable
}

/** How a live source's table is read: the SELECT of its columns in schema order, which of them are BIT (written as raw bytes), and INFORMATION_SCHEMA's DATA_LENGTH. */
export interface LiveTable {
  readonly select: string
  readonly raw: readonly boolean[]
  readonly estimatedBytes: number
}

export interface DataMember {
  readonly name: string
  readonly uncompressedSize: number
}

/** What `scan` learns about one dump from its central directory and schema members. */
export interface ScannedDump {
  readonly file: string
  /** The decrypted copy of an encrypted dump that this run reads instead of `file` (private, removed when the run ends). */
  readonly plaintext?: string
  /** Stable identity of the content: the same files under another name are the same dump. */
  readonly fingerprint: string
  readonly size: number
  readonly identity: DumpIdentity
  readonly tables: readonly DumpTable[]
  /** Members that are neither schema nor data files. */
  readonly ignored: readonly string[]
  /** Problems confined to members or tables: the rest of the dump is still usable, the dump is not complete. */
  readonly problems: readonly DumpProblem[]
  /** The name of the live source this dump is a snapshot of (`heirloom pull`): its tables are read from the source. */
  readonly source?: string
}

/**
 * Reads a dump's central directory, manifest and schema files; never its
 * data. `plaintext` is the decrypted copy of an encrypted dump, read in its
 * place; messages still name the dump.
 */
export async function scanDump(file: string, config: Config, plaintext?: string): Promise<ScannedDump> {
  const size = fs.statSync(file).size
  return withZip(plaintext ?? file, async (zip) => {
    assertHoldsTables(zip, memberExts(config.dumps))
    const manifest = zip.members.some((m) => m.name === MANIFEST) ? await readManifest(zip) : undefined
    const identity = identifyDump(file, manifest, config)
    const exts = memberExts(config.dumps, identity)
    // SQL Server dumps also take their exporters' DDL and bcp format files as schema files (docs/dump-layout.md, Forms D and E).
    const mssql = identity.family === 'mssql' ? await MssqlSchemaFiles.read(zip, exts.dataExts) : undefined
    const schemaExtOf = (name: string): string | undefined => (name === MANIFEST ? undefined : extOf(name, exts.schemaExts) ?? mssql?.schemaExtOf(name))
    const schemas = zip.members.filter((m) => schemaExtOf(m.name) !== undefined)
    const data = zip.members.filter((m) => schemaExtOf(m.name) === undefined && extOf(m.name, exts.dataExts) !== undefined)
    const ignored = zip.members.filter((m) => !schemas.includes(m) && !data.includes(m) && m.name !== MANIFEST && mssql?.isLayoutOnly(m.name) !== true).map((m) => m.name)
    const { problems, blocked } = checkMembers(zip, exts)
    const dataByBase = groupDataMembers(data, exts)
    const schemasByBase = groupSchemaMembers(schemas, exts, schemaExtOf)
    const reader: SchemaReader = { zip, file, identity, config, mssql }
    const tables: DumpTable[] = []
    for (const [base, members] of schemasByBase) {
      const parts = takeDataMembers(dataByBase, base, new Set(schemasByBase.keys()))
      if (blocked.has(base)) continue
      const [first] = members
      if (parts.length === 0) {
        // A view's .sql (mysqldump --tab) is another member; a SQL Server script of alias types only was read for its types.
        if (mssql !== undefined && members.every((m) => mssql.holdsNoTable(m))) continue
        if (identity.family === 'mysql' && await holdNoTable(zip, members)) ignored.push(...members)
        else problems.push(dataMissing(file, first ?? base, base, exts))
        continue
      }
      const read = await readTable(reader, members)
      problems.push(...read.warnings)
      if (!read.ok) {
        problems.push(problemOf(file, read.member, read.error))
        continue
      }
      ignored.push(...read.alsoAgreeing)
      tables.push({ schemaMember: read.member, schema: read.schema, dataMembers: parts, format: read.format ?? tableFormat(read.schema.name, identity, config) })
    }
    for (const [base, orphans] of dataByBase) {
      if (blocked.has(base)) continue
      for (const name of new Set(orphans.map((m) => m.name))) {
        problems.push({ file, member: name, severity: 'error', code: 'SCHEMA_INVALID', message: `${path.basename(file)}: ${name} has no schema file, so it is not loaded`, hint: `add ${exts.schemaExts.map((e) => base + e).join(' or ')} to the dump` })
      }
    }
    tables.sort((a, b) => compareText(a.schema.name, b.schema.name))
    return { file, ...(plaintext === undefined ? {} : { plaintext }), fingerprint: fingerprintOf(zip.members), size, identity, tables, ignored, problems }
  })
}

interface SchemaReader {
  readonly zip: ZipArchive
  readonly file: string
  readonly identity: DumpIdentity
  readonly config: Config
  readonly mssql: MssqlSchemaFiles | undefined
}

/**
 * A table's schema from its schema members (the preferred form first): each
 * parsed once, SQL Server's own files with the dump's alias types and format
 * files, the rest as JSON or MySQL DDL; one table when they agree.
 */
async function readTable(r: SchemaReader, members: readonly string[]): Promise<TableSchemaResult & { readonly format?: DataFormat; readonly warnings: readonly DumpProblem[] }> {
  const parsed: { member: string; schema: TableSchema }[] = []
  const warnings: DumpProblem[] = []
  let format: DataFormat | undefined
  for (const member of members) {
    const where: SchemaFileRef = { dump: path.basename(r.file), member, dialect: r.identity.family }
    try {
      if (r.mssql?.schemaExtOf(member) !== undefined) {
        const table = await r.mssql.readTable(r.file, where, (name) => tableFormat(name, r.identity, r.config), r.config)
        warnings.push(...table.warnings)
        format ??= table.format
        parsed.push({ member, schema: table.schema })
      } else {
        const pgParse = r.identity.family === 'postgresql' && member.toLowerCase().endsWith('.sql') ? await loadPgParser() : undefined
        parsed.push({ member, schema: parseSchemaFile(await readTextMember(r.zip, member), { ...where, ...(pgParse === undefined ? {} : { pgParse }) }) })
      }
    } catch (error) {
      return { ok: false, member, error, warnings }
    }
  }
  return { ...agreeingSchema(path.basename(r.file), parsed, r.identity.dialect, r.config), format, warnings }
}

/** `.sql` members without a CREATE TABLE (a view's definition, as mysqldump --tab writes one): other members, not tables without data. */
async function holdNoTable(zip: ZipArchive, members: readonly string[]): Promise<boolean> {
  if (!members.every((m) => m.toLowerCase().endsWith('.sql'))) return false
  try {
    for (const m of members) if (holdsCreateTable(await readTextMember(zip, m))) return false
    return true
  } catch {
    return false
  }
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

/** Schema members by table base name, the preferred form (the first of `exts.schemaExts`; then a SQL Server format file) first. */
function groupSchemaMembers(members: readonly ZipMember[], exts: MemberExts, schemaExtOf: (name: string) => string | undefined): Map<string, string[]> {
  const rank = (name: string): number => {
    const i = exts.schemaExts.indexOf(extOf(name, exts.schemaExts) ?? '')
    return i < 0 ? exts.schemaExts.length : i
  }
  const byBase = new Map<string, string[]>()
  for (const m of [...members].sort((a, b) => rank(a.name) - rank(b.name))) {
    const base = baseName(m.name, schemaExtOf(m.name) ?? '')
    byBase.set(base, [...(byBase.get(base) ?? []), m.name])
  }
  return byBase
}

/** Data members by table base name, split parts in part order. */
function groupDataMembers(members: readonly ZipMember[], exts: MemberExts): Map<string, DataMember[]> {
  const parts = new Map<string, { part: number; member: DataMember }[]>()
  for (const m of members) {
    const base = baseName(m.name, extOf(m.name, exts.dataExts) ?? '')
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
function dataMissing(file: string, member: string, base: string, exts: MemberExts): DumpProblem {
  const dataFiles = exts.dataExts.map((e) => base + e).join(' or ')
  return {
    file, member, severity: 'error', code: 'DATA_MISSING',
    message: `${path.basename(file)}: table ${base} has a schema file (${member}) but no data file (${dataFiles}), so it is not loaded`,
    hint: `export the dump again with the table's data file (an empty table is written as an empty ${base}${exts.dataExts[0] ?? ''}), or remove ${member} from it`,
  }
}
