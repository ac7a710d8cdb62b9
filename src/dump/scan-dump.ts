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
import { parseTsqlAliasTypes, parseTsqlDdl, type AliasTypes } from './parse-tsql-ddl'
import { formatWithLayout, parseBcpNonXmlFormat, parseBcpXmlFormat } from './parse-bcp-format-file'
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

const MAX_SCHEMA_BYTES = 16 * 1024 * 1024

/** Reads a dump's central directory, manifest and schema files; never its data. */
export async function scanDump(file: string, config: Config): Promise<ScannedDump> {
  const size = fs.statSync(file).size
  return withZip(file, async (zip) => {
    const { schemaExt, dataExt } = config.dumps
    assertHoldsTables(zip, config.dumps)
    const manifest = zip.members.some((m) => m.name === MANIFEST) ? await readManifest(zip) : undefined
    const identity = identifyDump(file, manifest, config)
    // SQL Server dumps also take Generate Scripts DDL and bcp XML format files as schema files (SPEC §1 Forms D, E).
    const ddlExt = identity.dialect === 'mssql' ? TSQL_EXT : undefined
    const mssqlExts = identity.dialect === 'mssql' ? [TSQL_EXT, BCP_XML_EXT] : []
    const extOf = (name: string): string => (name.endsWith(schemaExt) ? schemaExt : mssqlExts.find((e) => name.endsWith(e)) ?? schemaExt)
    const schemas = zip.members.filter((m) => m.name !== MANIFEST && (m.name.endsWith(schemaExt) || mssqlExts.some((e) => m.name.endsWith(e))))
    const data = zip.members.filter((m) => m.name.endsWith(dataExt))
    const ignored = zip.members.filter((m) => !schemas.includes(m) && !data.includes(m) && m.name !== MANIFEST && !(ddlExt !== undefined && m.name.endsWith(BCP_FMT_EXT))).map((m) => m.name)
    const { problems, blocked } = checkMembers(zip, config.dumps)
    const dataByBase = groupDataMembers(data, dataExt)
    const schemaBases = new Set(schemas.map((m) => baseName(m.name, extOf(m.name))))
    const scripts = ddlExt === undefined ? new Map<string, string>() : await readScripts(zip, schemas.filter((m) => extOf(m.name) === ddlExt))
    const aliases = aliasTypesOf(scripts)
    const tables: DumpTable[] = []
    for (const member of schemas) {
      const base = baseName(member.name, extOf(member.name))
      const parts = takeDataMembers(dataByBase, base, schemaBases)
      if (blocked.has(base)) continue
      const script = scripts.get(member.name)
      // A script with no table (alias types, say) is read for its types only.
      if (parts.length === 0 && script !== undefined && !CREATE_TABLE.test(script)) continue
      if (parts.length === 0) {
        problems.push(dataMissing(file, member.name, base, dataExt))
        continue
      }
      try {
        const where = { dump: path.basename(file), member: member.name }
        if (extOf(member.name) === BCP_XML_EXT) {
          const { schema, layout } = parseBcpXmlFormat(decodeText(await zip.readMember(member.name, MAX_SCHEMA_BYTES)), where)
          tables.push({ schemaMember: member.name, schema, dataMembers: parts, format: formatWithLayout(tableFormat(schema.name, identity, config), layout) })
          continue
        }
        const { schema, computed } = script === undefined
          ? { schema: parseSchemaFile(decodeText(await zip.readMember(member.name, MAX_SCHEMA_BYTES)), where), computed: [] }
          : parseTsqlDdl(script, where, aliases)
        problems.push(...computedColumnWarnings(file, member.name, schema.name, computed, config))
        // A non-XML format file beside the DDL gives the field order, terminators and encoding (SPEC §1 Form E).
        const fmt = script === undefined ? undefined : zip.members.find((m) => m.name === `${member.name.slice(0, -TSQL_EXT.length)}${BCP_FMT_EXT}`)
        const laid = fmt === undefined ? undefined
          : parseBcpNonXmlFormat(decodeText(await zip.readMember(fmt.name, MAX_SCHEMA_BYTES)), { ...where, member: fmt.name }, schema)
        const format = tableFormat(schema.name, identity, config)
        tables.push({ schemaMember: member.name, schema: laid?.schema ?? schema, dataMembers: parts, format: laid === undefined ? format : formatWithLayout(format, laid.layout) })
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

const TSQL_EXT = '.sql'
const BCP_XML_EXT = '.xml'
const BCP_FMT_EXT = '.fmt'
const CREATE_TABLE = /\bcreate\s+table\b/i

/** Every `.sql` member's text: alias types declared in any of them apply to all (SPEC §1 Form D). */
async function readScripts(zip: ZipArchive, members: readonly ZipMember[]): Promise<Map<string, string>> {
  const scripts = new Map<string, string>()
  for (const m of members) scripts.set(m.name, decodeText(await zip.readMember(m.name, MAX_SCHEMA_BYTES)))
  return scripts
}

function aliasTypesOf(scripts: ReadonlyMap<string, string>): AliasTypes {
  return new Map([...scripts.values()].flatMap((text) => [...parseTsqlAliasTypes(text)]))
}

/** A computed column has no declared type: scan says it loads as text unless `types.columns` names its type. */
function computedColumnWarnings(file: string, member: string, table: string, computed: readonly string[], config: Config): DumpProblem[] {
  const named = new Set(Object.keys(config.types.columns).map((k) => k.toLowerCase()))
  return computed.filter((c) => !named.has(`${table}.${c}`.toLowerCase())).map((c) => ({
    file, member, severity: 'warning', code: 'TYPE_UNKNOWN',
    message: `${path.basename(file)}: ${table}.${c} is a computed column (AS …) with no declared type, so it is loaded as text`,
    hint: `name its type in the config under types.columns, e.g. "${table}.${c}": numeric(19,4)`,
  }))
}

async function readManifest(zip: ZipArchive): Promise<Manifest> {
  const text = decodeText(await zip.readMember(MANIFEST, MAX_SCHEMA_BYTES))
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

/** Schema files are small JSON: UTF-8, or UTF-16 with a BOM as SQL Server tools write them. */
function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le')
  const text = bytes.toString('utf8')
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
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
