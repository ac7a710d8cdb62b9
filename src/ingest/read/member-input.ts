import path from 'node:path'
import { pipeline as streamPipeline, type Readable } from 'node:stream'
import { HeirloomError } from '../../errors'
import type { ZipArchive } from '../../dump/zip-archive'
import type { DataFormat } from '../../schema/data-format'
import { classifyEncoding, utf8Transcoder } from '../format/encoding'
import type { TableTask } from '../table-task'

/** The data member's bytes, refused when its declared size is over `dumps.maxMemberBytes`. */
export async function openDataMember(zip: ZipArchive, task: TableTask, member: string): Promise<Readable> {
  const entry = zip.members.find((m) => m.name === member)
  if (entry !== undefined && entry.uncompressedSize > task.maxMemberBytes) {
    throw new HeirloomError('DUMP_UNREADABLE', `${path.basename(task.dumpFile)}: ${member} declares ${entry.uncompressedSize} bytes, more than dumps.maxMemberBytes (${task.maxMemberBytes})`,
      'raise dumps.maxMemberBytes if the member is genuine')
  }
  return zip.openMember(member)
}

/**
 * The task as the reader sees its member (`utf8Input`): UTF-8 when the file
 * is re-encoded on the stream; an ezETL-form schema (no field order of its
 * own) means the header row gives the order.
 */
export function asRead(task: TableTask): TableTask {
  return { ...task, format: readFormat(task.format, task.fieldOrderFromHeader) }
}

/** The format as the reader sees the member (`asRead`). */
export function readFormat(format: DataFormat, fieldOrderFromHeader: boolean): DataFormat {
  const header = format.header || fieldOrderFromHeader
  const encoding = transcoded(format) ? 'utf8' : format.encoding
  return { ...format, header, encoding }
}

/**
 * The member's bytes as the reader reads them: files in another encoding
 * are re-encoded as UTF-8 once, on the stream, unless a MySQL-style escape
 * format may carry raw binary columns (those are decoded per column).
 */
export function utf8Input(raw: Readable, format: DataFormat): Readable {
  if (!transcoded(format)) return raw
  const transcoder = utf8Transcoder(format.encoding)
  // pipeline() carries an inflate or CRC error of the source into the transcoder, where the reader sees it.
  streamPipeline(raw, transcoder, () => undefined)
  return transcoder
}

function transcoded(format: DataFormat): boolean {
  return classifyEncoding(format.encoding) !== 'utf8' && format.escape === undefined
}
