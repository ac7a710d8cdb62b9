import path from 'node:path'
import { HeirloomError } from '../../errors'
import type { Reject } from '../../db/bookkeeping'
import { memberError } from '../../dump/zip-archive'
import { decodeText } from '../format/encoding'
import { RecordReader, type RecordView } from '../read/record-reader'
import { asRead, utf8Input } from '../read/member-input'
import { withMemberBytes } from '../read/member-bytes'
import { CopyBuffer } from '../copy/copy-buffer'
import { CHUNK_BYTES, copyChunks, type CopyStream } from '../copy/copy-stream'
import { batchesOf, chunksOf, dealBatches } from '../copy/deal-batches'
import type { ChunkRead, Copied } from '../load-path/rung-result'
import type { TableTask } from '../table-task'
import { RowEncoder } from './row-encoder'

const MAX_RAW_CHARS = 10_000

interface Counts {
  rows: number
  loaded: number
  readonly rejects: Reject[]
}

/**
 * Streams the member through the format reader and the row encoder, which
 * checks every field and converts what PostgreSQL would read differently,
 * keeping each bad row as a reject. More rejects than `maxRejects` abort the COPY.
 * With several `streams`, the one reader and encoder deal their batches of
 * whole encoded rows to one COPY per stream: every record still gets its
 * line number from the one reader, whichever stream takes its row.
 */
export async function copyChecked(streams: readonly CopyStream[], task: TableTask, member: string, onChunk?: ChunkRead): Promise<Copied> {
  return withMemberBytes(task, member, async (bytes) => {
    const counts: Counts = { rows: 0, loaded: 0, rejects: [] }
    const t = asRead(task)
    const input = utf8Input(bytes, task.format)
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
        let bytes = 0
        for await (const chunk of input) {
          reader.read(chunk as Buffer, take)
          bytes += (chunk as Buffer).length
          onChunk?.(bytes, counts.rows)
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
    const source = batchesOf((async function* () {
      if (first.done !== true) yield first.value
      yield* chunks
    })())
    await dealBatches(source, streams.length, (i, batches) => {
      const { client, into } = streams[i]
      return copyChunks(client, { into, columns: columns(), format: 'text', freeze: into.freeze === true }, chunksOf(batches))
    })
    return { kind: 'copied', ...counts, warnings: new Map(encoder?.warnings ?? []), path: 'checked', leftBehind: [] }
  })
}

/** MySQL writes BIT(n) values into tab files as ceil(n/8) raw, unescaped bytes: the reader must take them by width. */
function rawWidths(task: TableTask): (number | undefined)[] {
  if (task.format.escape === undefined) return []
  return task.columns.map((c) => (c.type.name === 'bit' ? Math.ceil((c.type.modifiers[0] ?? 1) / 8) : undefined))
}

function addReject(task: TableTask, member: string, counts: Counts, record: RecordView, reason: string): void {
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
