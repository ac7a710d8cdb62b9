/**
 * The Piscina worker: one module, two tasks, selected by name. Workers take
 * plain data and return result objects; each opens its own connection.
 */
import type { Config } from '../config/config'
import { scanDump, type ScannedDump } from '../dump/scan-dump'
import { isHeirloomError, messageOf, type ErrorCode } from '../errors'
import { loadTable } from './load-table'
import type { MemberResult, TableTask } from './table-task'

export type ScanResult =
  | { readonly status: 'scanned'; readonly dump: ScannedDump }
  | { readonly status: 'failed'; readonly file: string; readonly code: ErrorCode; readonly message: string; readonly hint: string | undefined }

export async function scan(task: { readonly file: string; readonly config: Config }): Promise<ScanResult> {
  try {
    return { status: 'scanned', dump: await scanDump(task.file, task.config) }
  } catch (e) {
    if (isHeirloomError(e)) return { status: 'failed', file: task.file, code: e.code, message: e.message, hint: e.hint }
    return { status: 'failed', file: task.file, code: 'DUMP_UNREADABLE', message: `${task.file}: ${messageOf(e)}`, hint: undefined }
  }
}

export function load(task: TableTask): Promise<MemberResult[]> {
  return loadTable(task)
}
