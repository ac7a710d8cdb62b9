import type { AsIsRows } from './format/as-is-rows'
import { CopyTextRows } from './format/copy-text-rows'
import { CsvRows } from './format/csv-rows'
import { isCopyText, isPlainCsv } from './format/data-format'
import { rowEnd, valuesGoAsIs } from './row-encoder'
import type { TableTask } from './table-task'

export interface AsIsLoad {
  readonly rows: AsIsRows
  /** The COPY statement's options that read the rows: none for COPY text. */
  readonly options: string
}

/** How the member's rows go to COPY as they are, when its format and columns allow. */
export function asIsLoad(task: TableTask): AsIsLoad | undefined {
  if (!valuesGoAsIs(task)) return undefined
  const { format } = task
  if (isCopyText(format)) return { rows: new CopyTextRows(rowEnd(task.dumpId)), options: '' }
  if (isPlainCsv(format)) {
    // The delimiter is one of a few punctuation bytes or TAB (isPlainCsv): safe inside the literal.
    const rows = new CsvRows(format.delimiter.charCodeAt(0), rowEnd(task.dumpId, format.delimiter))
    return { rows, options: `(FORMAT csv, DELIMITER '${format.delimiter}')` }
  }
  return undefined
}
