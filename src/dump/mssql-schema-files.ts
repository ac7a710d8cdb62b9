/**
 * What a SQL Server dump's own files say about its tables (docs/dump-layout.md, Forms D
 * and E): Generate-Scripts DDL (`T.sql`), bcp XML format files (`T.xml`,
 * the schema when alone, the layout beside a `T.sql`) and non-XML format
 * files (`T.fmt`, beside a `T.sql`). Alias types declared in any `.sql`
 * member apply to every table.
 */
import path from 'node:path'
import type { Config } from '../config/config'
import type { DataFormat } from '../schema/data-format'
import type { TableSchema } from '../schema/model'
import type { DumpProblem } from './dump-problem'
import { extOf, PART } from './member-checks'
import { formatWithLayout, layoutOverDdl, parseBcpNonXmlFormat, parseBcpXmlFormat } from './parse-bcp-format-file'
import type { SchemaFileRef } from './parse-schema-file'
import { parseTsqlAliasTypes, parseTsqlDdl, type AliasTypes } from './parse-tsql-ddl'
import { readTextMember } from './read-text-member'
import type { ZipArchive } from './zip-archive'

const DDL = '.sql'
const XML = '.xml'
const FMT = '.fmt'
const CREATE_TABLE = /\bcreate\s+table\b/i

export interface MssqlTable {
  readonly schema: TableSchema
  readonly format: DataFormat
  /** Computed columns whose type the config does not name: loaded as text, and said so. */
  readonly warnings: readonly DumpProblem[]
}

export class MssqlSchemaFiles {
  private constructor(
    private readonly zip: ZipArchive,
    private readonly names: ReadonlySet<string>,
    /** Data members' table keys (`dir/Orders` for `dir/Orders.001.dat`). */
    private readonly dataKeys: ReadonlySet<string>,
    private readonly scripts: ReadonlyMap<string, string>,
    private readonly aliases: AliasTypes,
  ) {}

  /** Reads every `.sql` member once: their alias types apply to all tables. */
  static async read(zip: ZipArchive, dataExts: readonly string[]): Promise<MssqlSchemaFiles> {
    const scripts = new Map<string, string>()
    for (const m of zip.members) if (m.name.endsWith(DDL)) scripts.set(m.name, await readTextMember(zip, m.name))
    const aliases = new Map([...scripts.values()].flatMap((text) => [...parseTsqlAliasTypes(text)]))
    const dataKeys = new Set(zip.members.flatMap((m) => {
      const ext = extOf(m.name, dataExts)
      if (ext === undefined) return []
      const base = m.name.slice(0, -ext.length)
      return [PART.exec(base)?.[1] ?? base]
    }))
    return new MssqlSchemaFiles(zip, new Set(zip.members.map((m) => m.name)), dataKeys, scripts, aliases)
  }

  /**
   * The extension that makes `name` a schema file: `.sql`, or `.xml` beside
   * a data file and no `.sql` (other XML files a dump may hold stay
   * ignored); undefined for other members.
   */
  schemaExtOf(name: string): string | undefined {
    if (name.endsWith(DDL)) return DDL
    return name.endsWith(XML) && !this.names.has(sibling(name, XML, DDL)) && this.dataKeys.has(name.slice(0, -XML.length)) ? XML : undefined
  }

  /** A format file read with the DDL beside it: not a member to list as ignored. */
  isLayoutOnly(name: string): boolean {
    return (name.endsWith(FMT) || name.endsWith(XML)) && this.names.has(sibling(name, name.endsWith(FMT) ? FMT : XML, DDL))
  }

  /** A `.sql` member declaring no table (alias types, say): read for its types only. */
  holdsNoTable(name: string): boolean {
    const script = this.scripts.get(name)
    return script !== undefined && !CREATE_TABLE.test(script)
  }

  /** The table of schema member `where.member`, with the format its format file (if any) lays over `formatOf(table)`. */
  async readTable(file: string, where: SchemaFileRef, formatOf: (table: string) => DataFormat, config: Config): Promise<MssqlTable> {
    const { member } = where
    if (member.endsWith(XML)) {
      const { schema, layout } = parseBcpXmlFormat(await readTextMember(this.zip, member), where)
      return { schema, format: formatWithLayout(formatOf(schema.name), layout), warnings: [] }
    }
    const { schema: ddl, computed } = parseTsqlDdl(this.scripts.get(member) ?? '', where, this.aliases)
    const laid = await this.layoutBeside(where, ddl)
    const schema = laid?.schema ?? ddl
    const loaded = computed.filter((c) => schema.columns.some((col) => col.name === c))
    const format = formatOf(schema.name)
    return { schema, format: laid === undefined ? format : formatWithLayout(format, laid.layout), warnings: computedWarnings(file, where, schema.name, loaded, config) }
  }

  private async layoutBeside(where: SchemaFileRef, ddl: TableSchema): Promise<ReturnType<typeof parseBcpNonXmlFormat> | undefined> {
    const fmt = sibling(where.member, DDL, FMT)
    if (this.names.has(fmt)) return parseBcpNonXmlFormat(await readTextMember(this.zip, fmt), { ...where, member: fmt }, ddl)
    const xml = sibling(where.member, DDL, XML)
    if (!this.names.has(xml)) return undefined
    const xmlWhere = { ...where, member: xml }
    return layoutOverDdl(parseBcpXmlFormat(await readTextMember(this.zip, xml), xmlWhere), ddl, xmlWhere)
  }
}

function sibling(name: string, ext: string, other: string): string {
  return `${name.slice(0, -ext.length)}${other}`
}

/** A computed column has no declared type: scan says it loads as text unless `types.columns` names its type. */
function computedWarnings(file: string, where: SchemaFileRef, table: string, computed: readonly string[], config: Config): DumpProblem[] {
  const named = new Set(Object.keys(config.types.columns).map((k) => k.toLowerCase()))
  return computed.filter((c) => !named.has(`${table}.${c}`.toLowerCase())).map((c) => ({
    file, member: where.member, severity: 'warning', code: 'TYPE_UNKNOWN',
    message: `${path.basename(file)}: ${table}.${c} is a computed column (AS …) with no declared type, so it is loaded as text`,
    hint: `name its type in the config under types.columns, e.g. "${table}.${c}": numeric(19,4)`,
  }))
}
