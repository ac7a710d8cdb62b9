import path from 'node:path'
import { HeirloomError } from '../errors'
import type { DumpProblem } from './dump-problem'
import { encryptedError, type ZipArchive } from './zip-archive'

/** The dump's identity file at the ZIP root (docs/dump-layout.md). */
export const MANIFEST = 'manifest.json'

/** `Orders.001` → base `Orders`, part 1. */
export const PART = /^(.*)\.(\d+)$/

/** The extensions of a dump's schema and data members, the preferred schema form first. */
export interface MemberExts {
  readonly schemaExts: readonly string[]
  readonly dataExts: readonly string[]
}

/** Schema files when `dumps.schemaExt` is not set: JSON (Forms A–C) and the exporter's DDL (Form D). */
export const DEFAULT_SCHEMA_EXTS: readonly string[] = ['.json', '.sql']

/**
 * The dump's member extensions: the configured ones, else the defaults of
 * docs/dump-layout.md — `.dat` data, and `.txt` too for a MySQL dump (what `mysqldump
 * --tab` writes), whatever field options it was written with, `.csv` too for a SQLite dump.
 */
export function memberExts(dumps: { readonly schemaExt: string | undefined; readonly dataExt: string | undefined }, dump?: { readonly family: string | undefined; readonly format: string }): MemberExts {
  const mysql = dump !== undefined && (dump.family === 'mysql' || dump.format === 'mysql-tab')
  const sqlite = dump !== undefined && (dump.family === 'sqlite' || dump.format === 'sqlite-csv')
  return {
    schemaExts: dumps.schemaExt === undefined ? DEFAULT_SCHEMA_EXTS : [dumps.schemaExt],
    dataExts: dumps.dataExt !== undefined ? [dumps.dataExt] : mysql ? ['.dat', '.txt'] : sqlite ? ['.dat', '.csv'] : ['.dat'],
  }
}

/** The extension of `exts` the member's name ends with (the longest), or undefined. */
export function extOf(member: string, exts: readonly string[]): string | undefined {
  return exts.filter((e) => member.endsWith(e)).sort((a, b) => b.length - a.length)[0]
}

/** A member's file name without its extension. */
export function baseName(member: string, ext: string): string {
  const name = path.posix.basename(member)
  return name.slice(0, name.length - ext.length)
}

/** The table a schema or data member belongs to (split parts share their table's key), or undefined for other members. */
export function tableKeyOf(member: string, exts: MemberExts): string | undefined {
  const schemaExt = extOf(member, exts.schemaExts)
  if (schemaExt !== undefined) return baseName(member, schemaExt)
  const dataExt = extOf(member, exts.dataExts)
  if (dataExt === undefined) return undefined
  const base = baseName(member, dataExt)
  return PART.exec(base)?.[1] ?? base
}

/** Whether the member is a schema file (the manifest is not). */
export function isSchemaMember(member: string, exts: MemberExts): boolean {
  return member !== MANIFEST && extOf(member, exts.schemaExts) !== undefined
}

/** `*.json, *.sql`, for messages. */
export function listExts(exts: readonly string[]): string {
  return exts.map((e) => `*${e}`).join(', ')
}

/**
 * An empty ZIP, or one without a single schema file, is no dump: said at
 * once, before its identity is looked for (else it reads as "version cannot
 * be determined").
 */
export function assertHoldsTables(zip: Pick<ZipArchive, 'file' | 'members' | 'refused'>, exts: MemberExts): void {
  const dump = path.basename(zip.file)
  const names = [...zip.members.map((m) => m.name), ...zip.refused.map((m) => m.name)]
  if (names.length === 0) {
    throw new HeirloomError('DUMP_EMPTY', `${dump}: the ZIP is empty: it holds no file at all`,
      'the export that wrote it failed or was cut before its first table: export the dump again, and remove this file from the dumps folder')
  }
  // `.sql`, `.xml`: exporters' DDL and bcp format files (docs/dump-layout.md, Forms D and E) count whatever dumps.schemaExt says.
  if (!zip.members.some((m) => isSchemaMember(m.name, exts) || m.name.endsWith('.sql') || m.name.endsWith('.xml'))) {
    const listed = names.slice(0, 5).join(', ') + (names.length > 5 ? `, … (${names.length} files)` : '')
    throw new HeirloomError('DUMP_EMPTY', `${dump}: the ZIP holds no table: none of its files is a schema file (${listExts(exts.schemaExts)}): ${listed}`,
      `a table is a schema file (dumps.schemaExt, here ${listExts(exts.schemaExts)}) beside its data file (dumps.dataExt, here ${listExts(exts.dataExts)}): set those in the config if this dump names its files otherwise, else export the dump again`)
  }
}

/**
 * Members that make a table unreadable or ambiguous (docs/dump-layout.md): a name heirloom
 * refuses (`..`, absolute, drive letter), a ZIP password, one name twice, one
 * table at two depths. Each is named; the table it concerns is blocked (not
 * loaded, the dump not complete) instead of loaded from a guess.
 */
export function checkMembers(zip: Pick<ZipArchive, 'file' | 'members' | 'refused'>, exts: MemberExts): { problems: DumpProblem[]; blocked: Set<string> } {
  const dump = path.basename(zip.file)
  const problems: DumpProblem[] = []
  const blocked = new Set<string>()
  const tables = new Set(zip.members.filter((m) => isSchemaMember(m.name, exts)).map((m) => tableKeyOf(m.name, exts) ?? ''))
  const problem = (member: string | undefined, code: DumpProblem['code'], message: string, hint: string): void => {
    problems.push({ file: zip.file, member, severity: 'error', code, message, hint })
  }
  /**
   * Blocks the member's table, for the message to say; a data member with no
   * table is blocked too, so that it is not named again as lacking a schema.
   */
  const block = (member: string): string => {
    const key = tableKeyOf(member.replaceAll('\\', '/'), exts)
    if (key === undefined) return ''
    if (tables.has(key) || extOf(member, exts.dataExts) !== undefined) blocked.add(key)
    return tables.has(key) ? `; table ${key} is not loaded` : ''
  }
  for (const r of zip.refused) {
    problem(r.name, 'MEMBER_NAME_UNSAFE', `${dump}: member ${r.name} refused: ${r.reason}${block(r.name)}`,
      'the other members load; export the dump again with member names relative to the ZIP\'s root (a ZIP tool given absolute or ../ paths writes such names)')
  }
  for (const m of zip.members) {
    if (!m.encrypted || tableKeyOf(m.name, exts) === undefined) continue
    const e = encryptedError(zip.file, m.name)
    problem(m.name, e.code, `${e.message}${block(m.name)}`, e.hint ?? '')
  }
  const counts = new Map<string, number>()
  for (const m of zip.members) counts.set(m.name, (counts.get(m.name) ?? 0) + 1)
  for (const [name, n] of counts) {
    if (n < 2 || tableKeyOf(name, exts) === undefined) continue
    problem(name, 'MEMBER_AMBIGUOUS', `${dump}: ${name} appears ${n} times in the ZIP${block(name)}`,
      'export the dump again so that each member name appears once: heirloom cannot tell which copy holds the table')
  }
  for (const [key, folders] of foldersByTable(zip.members.map((m) => m.name), exts)) {
    if (folders.size < 2) continue
    problem(undefined, 'MEMBER_AMBIGUOUS', `${dump}: table ${key} has files in ${folders.size} folders (${[...folders].join(', ')})${block(`${key}${exts.schemaExts[0] ?? ''}`) || '; its data is not loaded'}`,
      'export the dump again with each table\'s files in one folder: heirloom would otherwise merge two tables into one or pick one of them')
  }
  return { problems, blocked }
}

/** The folders each table's schema and data members sit in. */
function foldersByTable(names: readonly string[], exts: MemberExts): Map<string, Set<string>> {
  const folders = new Map<string, Set<string>>()
  for (const name of names) {
    const key = tableKeyOf(name, exts)
    if (key === undefined || name === MANIFEST) continue
    const set = folders.get(key) ?? new Set<string>()
    set.add(path.posix.dirname(name) === '.' ? '/' : `${path.posix.dirname(name)}/`)
    folders.set(key, set)
  }
  return folders
}
