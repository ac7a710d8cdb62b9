import type { Readable } from 'node:stream'
import { DUMP_ID_TYPE } from '../../schema/model'
import { memberError } from '../../dump/zip-archive'
import { CopyBinaryRows } from '../binary/copy-binary'
import { CopyBuffer } from '../copy/copy-buffer'
import { CHUNK_BYTES, copyChunks, type CopyStatement, type CopyStream } from '../copy/copy-stream'
import { dealBatches, type BatchSource } from '../copy/deal-batches'
import { isDataError, type RungResult } from '../load-path/rung-result'
import { asRead, utf8Input } from '../read/member-input'
import { withMemberBytes } from '../read/member-bytes'
import type { ChunkRead } from '../load-path/rung-result'
import type { TableTask } from '../table-task'
import type { AsIsRows } from './as-is-rows'
import { asIsCutter } from './as-is-cutter'

/**
 * The fast rungs: the member's rows as they are, each with `_dump_id`
 * added, cut by the layout's as-is cutter, with PostgreSQL's input
 * functions as the check. With `binary` they go as COPY BINARY; when the
 * binary writers meet a value whose text form they leave to PostgreSQL,
 * that COPY ends at the last whole batch before it, and the rest of the
 * member — from the same read, not read again — goes as COPY text in a
 * second COPY. The bytes come from `withMemberBytes` (a ZIP member or a
 * live table). Refused, with nothing of it kept by the caller's savepoint,
 * when the cutter meets a row COPY would read otherwise than the checks,
 * when PostgreSQL refuses a value (SQLSTATE class 22 or 23), or when it
 * counts other rows than were cut (an end-of-data marker, say). The member
 * is inflated once. With several `streams` (one large member, see
 * `copyMember`), one reader cuts the rows and deals whole-row batches to one
 * COPY per stream (`dealBatches`); each stream writes its own COPY BINARY
 * header and trailer, and hands over to COPY text on its own.
 */
export async function copyAsIs(streams: readonly CopyStream[], task: TableTask, member: string, binary: boolean, onChunk?: ChunkRead): Promise<RungResult> {
  const cutter = asIsCutter(asRead(task))
  if (cutter === undefined) return { kind: 'refused', reason: 'the layout has no as-is cutter' }
  return withMemberBytes(task, member, async (bytes) => {
    const input = utf8Input(bytes, task.format)
    const rows = new AsIsBatches(input, cutter, task.dumpFile, member, onChunk)
    try {
      const copies = await dealBatches(rows, streams.length, (i, batches) => copyStream(streams[i], task, batches, binary))
      const copied = copies.reduce((n, c) => n + c.copied, 0)
      const leftBehind = copies.flatMap((c, i) => c.binaryRows === undefined ? [] : [
        `COPY BINARY${streams.length > 1 ? ` (stream ${i + 1})` : ''} handed over to COPY text after ${c.binaryRows} rows: a value in a text form left to PostgreSQL`])
      if (rows.refusal !== undefined) return { kind: 'refused', reason: rows.refusal }
      if (copied !== cutter.rows) return { kind: 'refused', reason: `PostgreSQL took ${copied} rows of the ${cutter.rows} cut (an end-of-data marker?)` }
      return { kind: 'copied', rows: copied, loaded: copied, rejects: [], warnings: new Map(), path: binary && leftBehind.length === 0 ? 'binary' : 'as-is', leftBehind }
    } catch (e) {
      if (isDataError(e)) return { kind: 'refused', reason: `PostgreSQL refused a value: ${e.message}` }
      throw e
    } finally {
      input.destroy()
    }
  })
}

/**
 * One stream's COPY (or two: binary, then text from the batch the binary
 * writers handed over): the rows it took, and with a hand-over, how many
 * went as binary.
 */
async function copyStream({ client, into }: CopyStream, task: TableTask, rows: BatchSource, binary: boolean): Promise<{ copied: number; binaryRows: number | undefined }> {
  const statement = (format: 'text' | 'binary'): CopyStatement => ({ into, columns: task.columns.map((c) => c.name), format, freeze: into.freeze === true })
  let copied = 0
  let handedOver: Buffer | undefined
  if (binary) {
    const writer = new CopyBinaryRows([...task.columns.map((c) => c.type), DUMP_ID_TYPE])
    const binaryRows = { handedOver: undefined as Buffer | undefined }
    copied += await copyChunks(client, statement('binary'), binaryBatches(rows, writer, binaryRows))
    handedOver = binaryRows.handedOver
  }
  const binaryRows = handedOver === undefined ? undefined : copied
  if (!binary || handedOver !== undefined) copied += await copyChunks(client, statement('text'), textBatches(rows, handedOver))
  return { copied, binaryRows }
}

/**
 * The member's rows, cut as COPY text, in batches of about CHUNK_BYTES of
 * whole rows. Stops (`next` gives undefined) at the member's end, or when
 * the cutter refuses it (`refusal` says why).
 */
class AsIsBatches implements BatchSource {
  refusal: string | undefined
  private readonly chunks: AsyncIterator<Buffer>
  private readonly text = new CopyBuffer(CHUNK_BYTES * 2)
  private ended = false
  /** The last batch was lent (`next(false)`): its bytes are written over by the next. */
  private lent = false
  /** The member's bytes read so far, for `onChunk`. */
  private bytes = 0

  constructor(input: Readable, private readonly cutter: AsIsRows, private readonly dumpFile: string, private readonly member: string, private readonly onChunk?: ChunkRead) {
    this.chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  }

  /** The next batch: the caller's own with `keep`, else lent until the next call. */
  async next(keep: boolean): Promise<Buffer | undefined> {
    const text = this.text
    if (this.lent) text.moveTo(0)
    this.lent = false
    while (!this.ended && this.refusal === undefined && text.length < CHUNK_BYTES) {
      let chunk: IteratorResult<Buffer>
      try {
        chunk = await this.chunks.next()
      } catch (e) {
        throw memberError(this.dumpFile, this.member, e)
      }
      if (chunk.done === true) {
        this.ended = true
        if (!this.cutter.finish(text)) this.refuse()
      } else if (!this.cutter.push(chunk.value, text)) {
        this.refuse()
      } else {
        this.bytes += chunk.value.length
        this.onChunk?.(this.bytes, this.cutter.rows)
      }
    }
    if (this.refusal !== undefined || text.length === 0) return undefined
    if (keep) return text.take()
    this.lent = true
    return text.written()
  }

  private refuse(): void {
    this.refusal = 'a row COPY would read otherwise than the checks (or longer than allowed)'
  }
}

/**
 * The batches as COPY BINARY, header to trailer. When the writers leave a
 * value to PostgreSQL's text input, the binary data ends before that
 * batch, which is kept in `state.handedOver` for COPY text.
 */
async function* binaryBatches(rows: BatchSource, writer: CopyBinaryRows, state: { handedOver: Buffer | undefined }): AsyncGenerator<Buffer> {
  const out = new CopyBuffer(CHUNK_BYTES * 2)
  writer.start(out)
  for (let text = await rows.next(false); text !== undefined; text = await rows.next(false)) {
    const mark = out.length
    if (!writer.push(text, out)) {
      out.moveTo(mark)
      state.handedOver = Buffer.from(text)
      break
    }
    yield out.take()
  }
  writer.finish(out)
  yield out.take()
}

/** The batches as COPY text, after the one the binary writers handed over. */
async function* textBatches(rows: BatchSource, first: Buffer | undefined): AsyncGenerator<Buffer> {
  if (first !== undefined) yield first
  for (let text = await rows.next(true); text !== undefined; text = await rows.next(true)) yield text
}
