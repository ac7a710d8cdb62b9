import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { HeirloomError } from '../errors'
import type { Reject } from '../db/bookkeeping'
import { qualifiedName, quoteIdentifier } from '../schema/identifiers'
import { DUMP_ID_COLUMN, DUMP_ID_TYPE } from '../schema/model'
import { memberError, withZip } from '../dump/zip-archive'
import { decodeText } from './format/encoding'
import { RecordReader, type RecordView } from './format/record-reader'
import { CopyBuffer } from './copy-buffer'
import type { TableTask } from './table-task'
import { asIsCutter } from './as-is-cutter'
import type { AsIsRows } from './format/as-is-rows'
import { CopyBinaryRows } from './copy-binary'
import { RowEncoder } from './row-encoder'
import { asRead, openDataMember, utf8Input } from './member-input'

/** COPY data is sent in chunks of about this size, never row by row. */
const CHUNK_BYTES = 256 * 1024
const MAX_RAW_CHARS = 10_000

export interface MemberCounts {
  rows: number
  loaded: number
  readonly rejects: Reject[]
  readonly warnings: Map<string, number>
}

/**
 * Streams one data member out of the ZIP into `COPY … FROM STDIN` on the
 * caller's transaction. When PostgreSQL reads the member's rows as they are
 * exactly as the checks would pass them (`asIsCutter`), they go as they are,
 * under a savepoint: as COPY BINARY when every column has a binary writer
 * (`CopyBinaryRows`), or as COPY text when not, or when the writers meet a
 * value in a form they leave to PostgreSQL. If PostgreSQL refuses a value, the
 * member is rolled back to the savepoint and loaded again through the
 * checks, which keep each bad row as a reject. Clean members — nearly all —
 * are thus checked once, by PostgreSQL, instead of twice.
 */
export async function copyMember(client: pg.Client, task: TableTask, member: string, into: CopyTarget, options: CopyOptions = { freeze: false }): Promise<MemberCounts> {
  const target = { ...into, ...options }
  const read = asRead(task)
  if (asIsCutter(read) !== undefined) {
    const types = [...task.columns.map((c) => c.type), DUMP_ID_TYPE]
    await client.query(`SAVEPOINT ${AS_IS}`)
    for (const binary of CopyBinaryRows.supports(types) ? [true, false] : [false]) {
      try {
        // Each try reads the member afresh, with a fresh cutter of the kind found above.
        const counts = await copyAsIs(client, task, target, member, asIsCutter(read) as AsIsRows, binary ? new CopyBinaryRows(types) : undefined)
        await client.query(`RELEASE SAVEPOINT ${AS_IS}`)
        return counts
      } catch (e) {
        const asText = e instanceof NeedsText
        if (!asText && !(e instanceof NeedsChecks) && !isDataError(e)) throw e
        await client.query(`ROLLBACK TO SAVEPOINT ${AS_IS}`)
        if (!asText) break
      }
    }
  }
  return copyChecked(client, task, target, member)
}

const AS_IS = 'heirloom_as_is'

/** The table the rows go into (the (dump, table)'s staged leaf). */
export interface CopyTarget {
  readonly schema: string
  readonly table: string
}

export interface CopyOptions {
  /** The target was created in this transaction and is still empty: COPY … FREEZE writes the rows frozen (no later vacuum rewrite). */
  readonly freeze: boolean
}

type Target = CopyTarget & CopyOptions

/** The member holds bytes PostgreSQL and heirloom's reader would read differently. */
class NeedsChecks extends Error {}

/** The member holds a value whose text form the binary writers leave to PostgreSQL's text input. */
class NeedsText extends Error {}

/** SQLSTATE classes 22 (data exception: bad value, bad COPY row) and 23 (integrity: NULL in NOT NULL). */
function isDataError(e: unknown): boolean {
  const code = (e as { code?: unknown }).code
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'))
}

/**
 * The member's rows as they are, each with `_dump_id` added, as COPY text
 * or, with `binary`, turned into COPY BINARY; throws NeedsChecks, NeedsText
 * or PostgreSQL's error when that is not enough, or when PostgreSQL counts
 * other rows than were cut (an end-of-data marker, say).
 */
async function copyAsIs(client: pg.Client, task: TableTask, target: Target, member: string, rows: AsIsRows, binary: CopyBinaryRows | undefined): Promise<MemberCounts> {
  return withZip(task.dumpFile, async (zip) => {
    const input = utf8Input(await openDataMember(zip, task, member), task.format)
    const text = new CopyBuffer(CHUNK_BYTES * 2)
    // Binary output is about as long as the text.
    const out = binary === undefined ? text : new CopyBuffer(CHUNK_BYTES * 2)
    /** The rows cut so far, as COPY data; `final`: with the end of the data. */
    const batch = (final: boolean): Buffer => {
      if (binary !== undefined) {
        if (!binary.push(text.written(), out)) throw new NeedsText()
        text.moveTo(0)
        if (final) binary.finish(out)
      }
      return out.take()
    }
    async function* copyData(): AsyncGenerator<Buffer> {
      try {
        for await (const chunk of input) {
          if (!rows.push(chunk as Buffer, text)) throw new NeedsChecks()
          if (text.length >= CHUNK_BYTES) yield batch(false)
        }
      } catch (e) {
        throw e instanceof NeedsChecks || e instanceof NeedsText ? e : memberError(task.dumpFile, member, e)
      }
      if (!rows.finish(text)) throw new NeedsChecks()
      const last = batch(true)
      if (last.length > 0) yield last
    }
    const copied = await copyInto(client, target, task.columns.map((c) => c.name), copyData(), binary !== undefined)
    if (copied !== rows.rows) throw new NeedsChecks()
    return { rows: rows.rows, loaded: rows.rows, rejects: [], warnings: new Map() }
  })
}

/**
 * Streams the member through the format reader and the row encoder, which
 * checks every field and converts what PostgreSQL would read differently,
 * keeping each bad row as a reject. More rejects than `maxRejects` abort the COPY.
 */
async function copyChecked(client: pg.Client, task: TableTask, target: Target, member: string): Promise<MemberCounts> {
  return withZip(task.dumpFile, async (zip) => {
    const counts: MemberCounts = { rows: 0, loaded: 0, rejects: [], warnings: new Map() }
    const t = asRead(task)
    const input = utf8Input(await openDataMember(zip, task, member), task.format)
    const format = t.format
    const reader = new RecordReader(format, format.header ? undefined : t.columns.length, format.header ? [] : rawWidths(t), t.maxRecordBytes)
    let encoder: RowEncoder | undefined = format.header ? undefined : new RowEncoder(t, member, undefined)
    const columns = (): readonly string[] => (encoder ?? new RowEncoder(t, member, reader.header)).copyColumns

    async function* copyText(): AsyncGenerator<Buffer> {
      const out = new CopyBuffer(CHUNK_BYTES * 2)
      const take = (record: RecordView): void => {
        encoder ??= new RowEncoder(t, member, reader.header)
        counts.rows++
        if (record.tooLong) return addReject(t, member, counts, record, tooLongReason(t, record))
        const invalid = encoder.encodeInto(record, out)
        if (invalid === undefined) counts.loaded++
        else addReject(t, member, counts, record, invalid.reason)
      }
      try {
        for await (const chunk of input) {
          reader.read(chunk as Buffer, take)
          if (out.length >= CHUNK_BYTES) yield out.take()
        }
      } catch (e) {
        throw memberError(task.dumpFile, member, e)
      }
      reader.finish(take)
      if (out.length > 0) yield out.take()
    }

    // With a header row the COPY column list is known only once the first records are read.
    const chunks = copyText()
    const first = await chunks.next()
    await copyInto(client, target, columns(), (async function* () {
      if (first.done !== true) yield first.value
      yield* chunks
    })())
    for (const [column, n] of encoder?.warnings ?? []) counts.warnings.set(column, n)
    return counts
  })
}

/** `COPY child (columns, _dump_id) FROM STDIN` (COPY text, or BINARY) fed from data, with backpressure; the rows PostgreSQL took. */
async function copyInto(client: pg.Client, target: Target, columns: readonly string[], data: AsyncIterable<Buffer>, binary = false): Promise<number> {
  const list = [...columns, DUMP_ID_COLUMN].map(quoteIdentifier).join(', ')
  const name = qualifiedName(target.schema, target.table)
  // FREEZE needs the table created or truncated in the current subtransaction (a savepoint is one): the leaf is empty, so TRUNCATE costs nothing.
  if (target.freeze) await client.query(`TRUNCATE ${name}`)
  const options = [...(binary ? ['FORMAT binary'] : []), ...(target.freeze ? ['FREEZE'] : [])]
  const copy = client.query(copyFrom(`COPY ${name} (${list}) FROM STDIN${options.length > 0 ? ` (${options.join(', ')})` : ''}`))
  await pipeline(data, copy)
  return copy.rowCount
}

/** MySQL writes BIT(n) values into tab files as ceil(n/8) raw, unescaped bytes: the reader must take them by width. */
function rawWidths(task: TableTask): (number | undefined)[] {
  if (task.format.escape === undefined) return []
  return task.columns.map((c) => (c.type.name === 'bit' ? Math.ceil((c.type.modifiers[0] ?? 1) / 8) : undefined))
}

function addReject(task: TableTask, member: string, counts: MemberCounts, record: RecordView, reason: string): void {
  counts.rejects.push({ line: record.line, raw: rawText(record.raw, task.format.encoding), reason })
  if (counts.rejects.length > task.maxRejects) {
    throw new HeirloomError('TOO_MANY_REJECTS', `${path.basename(task.dumpFile)}: ${member}: more than ${task.maxRejects} rows rejected (the last at line ${record.line}: ${reason})`,
      'fix the data or the format (delimiter, encoding, types) and re-run; raise ingest.maxRejects if these rows are expected')
  }
}

function tooLongReason(task: TableTask, record: RecordView): string {
  return `record longer than ingest.maxRecordBytes (${task.maxRecordBytes} bytes); raise ingest.maxRecordBytes or fix the export; raw text cut to its first ${record.raw.length} bytes`
}

/** The row as readable text for the rejects table: never fails, NUL bytes made visible. */
function rawText(raw: Buffer, encoding: string): string {
  const text = decodeText(raw, encoding).replace(/\0/g, '\\0')
  return text.length > MAX_RAW_CHARS ? `${text.slice(0, MAX_RAW_CHARS)}…` : text
}
