import type { AsIsRows } from './as-is-rows'
import { BcpRows } from './bcp-rows'
import { CopyTextRows } from './copy-text-rows'
import { CsvRows } from './csv-rows'
import { isCopyText, isPlainCsv, isPlainDelimited, type DataFormat } from '../../schema/data-format'
import { encodeFormat } from '../read/format-bytes'
import { rowEnd } from '../checked/row-encoder'
import type { TableTask } from '../table-task'

/** Which cutter reads a layout as COPY would: COPY text itself, RFC 4180 csv, or fields that are neither quoted nor escaped. */
export type AsIsLayout = 'copy-text' | 'csv' | 'delimited'

/** The layout's as-is cutter, or undefined when only the checks' reader reads it (a header row, a multi-byte csv delimiter, …). */
export function asIsLayout(format: DataFormat): AsIsLayout | undefined {
  if (format.header) return undefined
  if (isCopyText(format)) return 'copy-text'
  if (isPlainCsv(format)) return 'csv'
  if (isPlainDelimited(format)) return 'delimited'
  return undefined
}

/**
 * The cutter that hands the member's rows to COPY text as they are (or
 * rewritten on bytes), when its layout has one. `task` as the reader sees
 * the member (`asRead`): a file re-encoded on the stream is UTF-8 by then.
 * Whether its values may go as they are is `chooseLoadPath`'s question.
 */
export function asIsCutter(task: TableTask): AsIsRows | undefined {
  const { format } = task
  const suffix = rowEnd(task.dumpId)
  switch (asIsLayout(format)) {
    case 'copy-text': return new CopyTextRows(suffix, task.maxRecordBytes, format.escapeSet === 'copy')
    case 'csv': return new CsvRows(task.columns.length, format.delimiter.charCodeAt(0), suffix, task.maxRecordBytes)
    case 'delimited': return new BcpRows(task.columns.length, encodeFormat(format), suffix, task.maxRecordBytes)
    case undefined: return undefined
  }
}
