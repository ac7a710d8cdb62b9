/**
 * The Piscina worker that scans dumps: takes plain data, returns a result
 * object. Loading is another module (load-worker.ts), so the threads that
 * load never hold the dump parsers.
 */
import type { Config } from '../config/config'
import { decryptDump, isEncryptedDump, plaintextFolder, releasePlaintexts } from '../dump/decrypt-dump'
import { scanDump, type ScannedDump } from '../dump/scan-dump'
import { isHeirloomError, messageOf, type ErrorCode } from '../errors'

export interface ScanTask {
  readonly file: string
  readonly config: Config
}

export type ScanResult =
  | { readonly status: 'scanned'; readonly dump: ScannedDump }
  | { readonly status: 'failed'; readonly file: string; readonly code: ErrorCode; readonly message: string; readonly hint: string | undefined }

export async function scan(task: ScanTask): Promise<ScanResult> {
  let plaintext: string | undefined
  try {
    // An encrypted dump is decrypted (and its integrity checked) whole before any of it is read.
    if (isEncryptedDump(task.file)) plaintext = await decryptDump(task.file, task.config.dumps.decrypt, plaintextFolder(task.config.root))
    return { status: 'scanned', dump: await scanDump(task.file, task.config, plaintext) }
  } catch (e) {
    if (plaintext !== undefined) releasePlaintexts([plaintext])
    if (isHeirloomError(e)) return { status: 'failed', file: task.file, code: e.code, message: e.message, hint: e.hint }
    return { status: 'failed', file: task.file, code: 'DUMP_UNREADABLE', message: `${task.file}: ${messageOf(e)}`, hint: undefined }
  }
}
