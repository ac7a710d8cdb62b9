import type { AsIsRows } from './as-is-rows'
import { BcpRows } from './bcp-rows'
import { CopyTextRows } from './copy-text-rows'
import { CsvRows } from './csv-rows'
import { isCopyText, isPlainCsv, isPlainDelimited } from '../format/data-format'
import { encodeFormat } from '../read/format-bytes'
import { rowEnd, valuesGoAsIs } from '../checked/row-encoder'
import type { TableTask } from '../table-task'

/**
 * The cutter that hands the member's rows to COPY text as they are (or
 * rewritten on bytes), when its format and columns allow. `task` as the
 * reader sees the member (`asRead`): a file re-encoded on the stream is
 * UTF-8 by then.
 */
export function asIsCutter(task: TableTask): AsIsRows | undefined {
  if (!valuesGoAsIs(task)) return undefined
  const { format } = task
  const suffix = rowEnd(task.dumpId)
  if (isCopyText(format)) return new CopyTextRows(suffix, task.maxRecordBytes)
  if (isPlainCsv(format)) return new CsvRows(task.columns.length, format.delimiter.charCodeAt(0), suffix, task.maxRecordBytes)
  if (isPlainDelimited(format)) return new BcpRows(task.columns.length, encodeFormat(format), suffix, task.maxRecordBytes)
  return undefined
}
