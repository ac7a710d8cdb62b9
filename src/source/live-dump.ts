import { createHash } from 'node:crypto'
import type { Config, LiveSource } from '../config/config'
import { identifyDump, type Manifest } from '../dump/dump-identity'
import type { DumpProblem } from '../dump/dump-problem'
import { parseSchemaFile } from '../dump/parse-schema-file'
import { agreeingSchema } from '../dump/read-table-schema'
import type { DumpTable, ScannedDump } from '../dump/scan-dump'
import { isHeirloomError, messageOf } from '../errors'
import { BUILTIN_FORMATS } from '../schema/data-format'
import { liveDumpLabel } from './mysql-connection'
import { quoteMysql, type SnapshotFacts, type SourceTable } from './read-source-schema'

/**
 * A source's snapshot as a scanned dump, so that it goes the way a dump file
 * goes (generate → migrate → ingest → switch; one pull = one dump in the
 * bookkeeping): each table's INFORMATION_SCHEMA.COLUMNS rows parsed as a
 * dump's Form B `<table>.json` (same parser, type map and overrides), one
 * data member per table (named as the table) read from the source in the
 * `mysql-tab` format (the bytes `liveTableBytes` writes). Its `file` is a
 * label (`source <name> (<host>:<port>, database <db>)`, never the
 * password); its fingerprint is the source's name, database and snapshot
 * time, so each pull is a new dump. Member sizes are INFORMATION_SCHEMA's
 * DATA_LENGTH: an estimate for progress, not the bytes read.
 */
export function liveDump(config: Config, source: LiveSource, tables: ReadonlyMap<string, SourceTable>, facts: SnapshotFacts): ScannedDump {
  const file = liveDumpLabel(source)
  const manifest: Manifest = { application: source.application, version: facts.version, region: source.region, exportedAt: facts.exportedAt, dialect: 'mysql', format: 'mysql-tab' }
  const identity = identifyDump(file, manifest, config)
  const problems: DumpProblem[] = []
  const read: DumpTable[] = []
  for (const [name, table] of tables) {
    const member = `${name}.json`
    const fail = (e: unknown): void => {
      problems.push(isHeirloomError(e)
        ? { file, member, severity: 'error', code: e.code, message: e.message, hint: e.hint }
        : { file, member, severity: 'error', code: 'SCHEMA_INVALID', message: `${file}: ${member}: ${messageOf(e)}`, hint: undefined })
    }
    let result
    try {
      const schema = parseSchemaFile(`${JSON.stringify({ columns: table.columns })}\n`, { dump: file, member, dialect: 'mysql' })
      result = agreeingSchema(file, [{ member, schema }], identity.dialect, config)
    } catch (e) {
      fail(e)
      continue
    }
    if (!result.ok) {
      fail(result.error)
      continue
    }
    const names = table.columns.map((c) => quoteMysql(String(c.COLUMN_NAME))).join(', ')
    read.push({
      schemaMember: member, schema: result.schema, format: BUILTIN_FORMATS['mysql-tab'],
      dataMembers: [{ name, uncompressedSize: table.estimatedBytes }],
      live: { select: `SELECT ${names} FROM ${quoteMysql(source.database)}.${quoteMysql(name)}`, raw: table.columns.map((c) => String(c.DATA_TYPE).toLowerCase() === 'bit'), estimatedBytes: table.estimatedBytes },
    })
  }
  const fingerprint = createHash('sha256').update(`live\0${source.name}\0${source.database}\0${facts.exportedAt}`).digest('hex')
  const size = [...tables.values()].reduce((n, t) => n + t.estimatedBytes, 0)
  return { file, fingerprint, size, identity, tables: read, ignored: [], problems, source: source.name }
}
