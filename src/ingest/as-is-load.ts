import type { AsIsRows } from './format/as-is-rows'
import { BcpRows } from './format/bcp-rows'
import { CopyTextRows } from './format/copy-text-rows'
import { CsvRows } from './format/csv-rows'
import { isCopyText, isPlainCsv, isPlainDelimited } from './format/data-format'
import { encodeFormat } from './format/format-bytes'
import { rowEnd, valuesGoAsIs } from './row-encoder'
import type { TableTask } from './table-task'

export interface AsIsLoad {
  readonly rows: AsIsRows
  /** The COPY statement's options that read the rows: none for COPY text. */
  readonly options: string
}

/**
 * How the member's rows go to COPY as they are, when its format and columns
 * allow. `task` as the reader sees the member (`asRead`): a file re-encoded
 * on the stream is UTF-8 by then.
 */
export function asIsLoad(task: TableTask): AsIsLoad | undefined {
  if (!valuesGoAsIs(task)) return undefined
  const { format } = task
  if (isCopyText(format)) return { rows: new CopyTextRows(rowEnd(task.dumpId)), options: '' }
  if (isPlainCsv(format)) {
    // The delimiter is one of a few punctuation bytes or TAB (isPlainCsv): safe inside the literal.
    const rows = new CsvRows(format.delimiter.charCodeAt(0), rowEnd(task.dumpId, format.delimiter))
    return { rows, options: `(FORMAT csv, DELIMITER '${format.delimiter}')` }
  }
  if (isPlainDelimited(format)) return { rows: new BcpRows(task.columns.length, encodeFormat(format), rowEnd(task.dumpId)), options: '' }
  return undefined
}
