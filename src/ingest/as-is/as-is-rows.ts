import type { CopyBuffer } from '../copy/copy-buffer'

/**
 * Cuts a member into rows for COPY without looking at fields, adding only
 * `_dump_id` to each row: used when PostgreSQL reads the file's rows as
 * heirloom's checks would (`chooseLoadPath`), so its input functions are the
 * check. Each format's cutter refuses bytes the two would read differently.
 */
export interface AsIsRows {
  /** Rows handed over so far. */
  readonly rows: number
  /** Appends the complete rows of the bytes so far to out; false when the member needs the checks. */
  push(chunk: Buffer, out: CopyBuffer): boolean
  /** Appends the last row when the member does not end with LF; false when it needs the checks. */
  finish(out: CopyBuffer): boolean
}

/** A row still open is scanned again with each chunk: past this size, the checks' reader is the better tool. */
const MAX_OPEN_ROW = 1024 * 1024

/**
 * A cutter that scans each chunk together with the row the last one left
 * open (`cut`), so that a row whose end decides how it is read — a quote,
 * a delimiter cut in two — is always seen whole.
 */
export abstract class OpenRowCutter implements AsIsRows {
  rows = 0
  private pending: Buffer | undefined
  private readonly maxOpenRow: number

  /**
   * `maxRecordBytes` (`ingest.maxRecordBytes`): a row longer than that is
   * refused, so that the checks keep it as a reject; `cut` refuses a
   * complete one, `push` an open one.
   */
  constructor(protected readonly maxRecordBytes: number) {
    this.maxOpenRow = Math.min(MAX_OPEN_ROW, maxRecordBytes)
  }

  push(chunk: Buffer, out: CopyBuffer): boolean {
    const buf = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk])
    const rowStart = this.cut(buf, out, false)
    if (rowStart < 0) return false
    this.pending = rowStart === buf.length ? undefined : buf.subarray(rowStart)
    return this.pending === undefined || this.pending.length <= this.maxOpenRow
  }

  finish(out: CopyBuffer): boolean {
    const rest = this.pending
    if (rest === undefined) return true
    this.pending = undefined
    return this.cut(rest, out, true) === rest.length
  }

  /**
   * Appends the complete rows of buf to out (counting them in `rows`);
   * returns where the first incomplete row starts (buf.length when none),
   * or -1 when the member needs the checks (a row longer than
   * `maxRecordBytes` among them). `final`: buf ends the member,
   * so its last row ends there.
   */
  protected abstract cut(buf: Buffer, out: CopyBuffer, final: boolean): number
}

/** The reader skips a UTF-8 BOM at the start of the file; PostgreSQL would keep it in the first field. */
export function startsWithBom(buf: Buffer): boolean {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf
}

/** The next position of byte at or after from, or the buffer's length. */
export function indexOrEnd(buf: Buffer, byte: number, from: number): number {
  const i = buf.indexOf(byte, from)
  return i === -1 ? buf.length : i
}
