/**
 * Streaming, byte-level splitter of a delimited data file into records and
 * fields (docs/dump-layout.md, "Data files"). Works on the file's bytes, never on decoded
 * text: a string split per line and field was measured slower than the whole
 * PostgreSQL load, and MySQL BLOB columns are not text in any encoding.
 */
import { ByteWindow } from './byte-window'
import type { DataFormat } from '../../schema/data-format'
import { decodeText } from '../format/encoding'
import { pushQuoted, pushUnquoted } from './field-value'
import { encodeFormat, matchesAt, type FormatBytes } from './format-bytes'
import { PatternScanner } from './pattern-scanner'
import { RecordView } from './raw-record'

export { RecordView, type RawRecord } from './raw-record'

const EMPTY = Buffer.alloc(0)
/** A record longer than the cap keeps this many of its first bytes (or the cap's, if fewer) as its raw text (even: whole UTF-16 code units). */
export const TOO_LONG_PREFIX_BYTES = 1024
/** rawField results besides a position. */
const WAIT = -1
const NO_RAW = -2
/** rowEnd before the current row's terminator has been found. */
const UNKNOWN = -1

/** Where the scan stands inside the current field of a quoted (csv-like) format. */
type FieldState = 'start' | 'unquoted' | 'quoted' | 'afterQuote'

/** Receives each record as it completes; the view is reused for the next one. */
export type RecordSink = (record: RecordView) => void

/**
 * Splits a data file into records. Feed chunks with `read` (boundaries may
 * fall anywhere, even inside a character or a delimiter) and finish with
 * `finish`; each completed record goes to the sink as a RecordView, which
 * `toRecord()` turns into a value for a caller that keeps it. Field bytes
 * may be views of the pushed chunks: do not reuse a chunk's memory after
 * pushing it.
 *
 * Without a quote or escape character and with a known column count,
 * fields are read column by column as bcp reads them: the first n−1 end at
 * the delimiter, the last at the row terminator, so a row terminator inside
 * a non-last field is data. With an escape character (mysql-tab), a record
 * ends at the first unescaped row terminator, as LOAD DATA reads it, even
 * when it has too few fields. With a quote character (csv), a record ends at
 * the first row terminator outside quotes.
 *
 * A record longer than `maxRecordBytes` is read past without being held
 * whole: once the bytes waiting for its end pass the cap, the reader keeps
 * its first bytes, drops what it has scanned (counting the LFs, so later
 * line numbers stay right) and goes on scanning for its end as for any
 * record; the sink then gets it with `tooLong` set.
 */
export class RecordReader {
  private readonly fb: FormatBytes
  private readonly win: ByteWindow
  private readonly scan: PatternScanner
  private columns: number | undefined
  private headerNames: string[] | undefined
  private bomPending: boolean
  /** Fields read but dropped before the sink sees the record (`format.skipFields`). */
  private readonly skip: ReadonlySet<number> | undefined

  private recStart = 0
  private fieldStart = 0
  /** Where scanning resumes: past every byte already known to hold no boundary. */
  private pos = 0
  /** The record being read; handed to the sink once complete. */
  private readonly record = new RecordView()
  private state: FieldState = 'start'
  /** Position of the closing quote of the current quoted field. */
  private closeAt = -1
  /** The current quoted field holds a doubled quote or an escape, so it must be copied. */
  private fieldEscaped = false
  private line = 1
  /** The current row's first unescaped terminator, once found (`findRowEnd`). */
  private rowEnd = UNKNOWN
  /** Bytes a record may wait for its end before it is surely longer than the cap: the cap, a terminator and a CR before it. */
  private readonly keepLimit: number
  /** LFs of the too-long record's bytes dropped so far. */
  private droppedLfs = 0

  /**
   * `columnCount`: fields per record when known; enables column-by-column
   * reading for formats without a quote. Undefined: split every record on
   * every unescaped delimiter (or, with a header row, use its length).
   */
  /**
   * `rawWidths[i]`: column i holds exactly that many raw, unescaped bytes
   * (MySQL writes BIT values so in tab files: a byte equal to TAB, LF or `\`
   * is data there). Only for unquoted formats read column by column.
   * `maxRecordBytes`: a record whose bytes (without its terminator) are more
   * is `tooLong` (`ingest.maxRecordBytes`; no cap when absent).
   */
  constructor(readonly format: DataFormat, columnCount?: number, private readonly rawWidths: readonly (number | undefined)[] = [], private readonly maxRecordBytes = Infinity) {
    const fb = encodeFormat(format)
    this.fb = fb
    this.keepLimit = maxRecordBytes + fb.terminator.length + (fb.cr?.length ?? 0)
    this.win = new ByteWindow(this.keepLimit)
    this.scan = new PatternScanner(fb)
    this.skip = format.skipFields === undefined ? undefined : new Set(format.skipFields)
    // The file holds the skipped fields too: rows are read with them, and they are dropped before the sink.
    this.columns = columnCount === undefined ? undefined : Math.max(1, columnCount + (this.skip?.size ?? 0))
    this.bomPending = fb.bom !== undefined
  }

  /** The header row's names when `format.header` is set, once the first record has been read. */
  get header(): readonly string[] | undefined {
    return this.headerNames
  }

  /** Feeds the next chunk; hands each record it completes to the sink. */
  read(chunk: Buffer, sink: RecordSink): void {
    if (chunk.length === 0) return
    this.append(chunk)
    if (this.bomPending && !this.skipBom(false)) return
    this.drain(false, sink)
  }

  /** Ends the input; hands the last record to the sink when the file does not end with a row terminator. */
  finish(sink: RecordSink): void {
    if (this.bomPending) this.skipBom(true)
    this.drain(true, sink)
  }

  /** Bytes the reader holds (its window's buffer): about `maxRecordBytes` and a chunk at most. */
  get heldBytes(): number {
    return this.win.buf.length
  }

  private append(chunk: Buffer): void {
    const unreadFrom = this.readPastTooLong()
    const shift = this.win.append(chunk, this.recStart, unreadFrom)
    if (shift !== 0) {
      this.recStart -= shift
      this.fieldStart -= shift
      this.pos -= shift
      if (this.closeAt >= 0) this.closeAt -= shift
      if (this.rowEnd !== UNKNOWN) this.rowEnd -= shift
      this.record.shift(shift)
    }
    this.scan.reset(this.win.buf, this.win.len)
  }

  /**
   * Once the record being read is surely longer than the cap, it is only
   * read past: it keeps its first bytes, and its start moves up to where
   * scanning resumes, so the window lets go of the bytes scanned (their LFs
   * counted first); returns where those start (else the record's start).
   * A field start may then lie below the window (< 0): searches start at 0
   * instead, and `matchesAt` matches nothing there.
   */
  private readPastTooLong(): number {
    const rec = this.record
    const start = this.recStart
    if (!rec.tooLong) {
      if (this.win.len - start <= this.keepLimit) return start
      rec.cutToPrefix(this.prefixOf(start))
    }
    this.droppedLfs += this.scan.countLf(start, this.pos)
    this.recStart = this.pos
    return start
  }

  /** A copy of the first bytes of a record at `start` whose first cap + 1 bytes are in the window (a view would keep the whole window alive). */
  private prefixOf(start: number): Buffer {
    return Buffer.from(this.win.buf.subarray(start, start + Math.min(this.maxRecordBytes, TOO_LONG_PREFIX_BYTES)))
  }

  /** Skips the encoding's BOM at the start of the file; false while too few bytes have arrived to tell. */
  private skipBom(final: boolean): boolean {
    const bom = this.fb.bom ?? EMPTY
    const { buf, len } = this.win
    const have = Math.min(len - this.recStart, bom.length)
    const prefix = buf.subarray(this.recStart, this.recStart + have).equals(bom.subarray(0, have))
    if (prefix && have < bom.length && !final) return false
    this.bomPending = false
    if (prefix && have === bom.length) this.recStart = this.fieldStart = this.pos = this.recStart + bom.length
    return true
  }

  private drain(final: boolean, sink: RecordSink): void {
    const rec = this.record
    while (this.scan.quote === undefined ? this.scanColumns(final) : this.scanQuoted(final)) {
      if (this.format.header && this.headerNames === undefined) {
        this.headerNames = rec.toRecord().fields.map((f) => (f === null ? this.format.nullPattern : decodeText(f, this.fb.encoding)))
        this.columns ??= Math.max(1, this.headerNames.length)
      } else {
        if (this.skip !== undefined) rec.dropFields(this.skip)
        sink(rec)
      }
      this.next()
    }
  }

  /** Unquoted formats: fields by column count, the last one split on any delimiter left; with an escape, the row ends at its first unescaped terminator. */
  private scanColumns(final: boolean): boolean {
    const { win } = this
    if (final && this.recStart >= win.len) return false
    const n = this.format.header && this.headerNames === undefined ? 1 : (this.columns ?? 1)
    while (this.record.count < n - 1) {
      const end = this.scan.fieldEnd(this.record.count)
      const raw = this.rawField(end.pattern, final)
      if (raw === WAIT) return false
      if (raw !== NO_RAW) {
        this.rowEnd = UNKNOWN
        continue
      }
      const d = this.scan.findUnescaped(end, this.pos)
      // With an escape character a row ends at its first unescaped terminator (docs/dump-layout.md); without one (bcp) a non-last field runs to its delimiter.
      const t = this.fb.escape === undefined ? -1 : this.findRowEnd()
      if (t >= 0 && (d < 0 || t < d)) {
        // An unescaped row terminator before the next delimiter: a short row, and the next line a row of its own.
        this.unquotedField(this.fieldStart, t)
        return this.emit(t, t + this.fb.terminator.length)
      }
      if (d < 0) return final ? this.finishAtEnd() : this.wait()
      this.unquotedField(this.fieldStart, d)
      this.fieldStart = this.pos = d + end.pattern.length
    }
    if (this.rawWidths[n - 1] !== undefined) {
      const raw = this.rawField(this.fb.terminator, final)
      if (raw === WAIT) return false
      if (raw !== NO_RAW) return this.emit(raw - this.fb.terminator.length, raw)
    }
    const t = this.findRowEnd()
    if (t < 0) return final ? this.finishAtEnd() : this.wait()
    this.splitRest(t)
    return this.emit(t, t + this.fb.terminator.length)
  }

  /**
   * The first unescaped row terminator from `pos`, or -1 while none has
   * arrived. Kept until the row is emitted, so a row's escapes are skipped
   * once, not once per field; a raw-width field, whose bytes escapes do not
   * apply to, makes it unknown again.
   */
  private findRowEnd(): number {
    if (this.rowEnd === UNKNOWN) {
      const t = this.scan.findUnescaped(this.scan.term, this.pos)
      if (t < 0) return -1
      this.rowEnd = t
    }
    return this.rowEnd
  }

  /**
   * Reads the current field as its fixed number of raw bytes when its column
   * has one and `end` (delimiter or terminator) follows them; a `\N` that
   * `end` follows is NULL (for a 2-byte column the two cannot be told apart:
   * NULL wins). Returns where the next field starts, WAIT for more bytes, or
   * NO_RAW to read the field the ordinary way.
   */
  private rawField(end: Buffer, final: boolean): number {
    const width = this.rawWidths[this.record.count]
    if (width === undefined) return NO_RAW
    const { buf, len } = this.win
    const start = this.fieldStart
    const nul = this.fb.nullPattern
    if (nul.length > 0 && matchesAt(buf, nul, start, len) && matchesAt(buf, end, start + nul.length, len)) {
      this.record.pushNull()
      return this.advance(start + nul.length + end.length)
    }
    if (start + width + end.length > len) return final ? NO_RAW : WAIT
    if (!matchesAt(buf, end, start + width, len)) return NO_RAW
    this.record.pushSpan(start, start + width)
    return this.advance(start + width + end.length)
  }

  private advance(next: number): number {
    this.fieldStart = this.pos = next
    return next
  }

  private wait(): false {
    this.pos = this.scan.resumeAt
    return false
  }

  /** End of input inside a record: the rest is its last field(s); a row terminator ending the file is not data. */
  private finishAtEnd(): true {
    const { len } = this.win
    let end = len
    // From the field's start, not `pos`: a terminator ending the file may start before where a search resumed.
    for (let t = this.scan.findUnescaped(this.scan.term, Math.max(this.fieldStart, 0)); t >= 0; t = this.scan.findUnescaped(this.scan.term, t + this.fb.unit)) {
      if (t + this.fb.terminator.length === len) end = t
    }
    this.splitRest(end)
    return this.emit(end, len)
  }

  /** Splits [fieldStart, end) on every unescaped delimiter: extra fields reveal a wrong field count to the caller. */
  private splitRest(end: number): void {
    const dl = this.fb.delimiter.length
    let s = Math.max(this.fieldStart, 0)
    for (let d = this.scan.findUnescaped(this.scan.delim, s); d >= 0 && d + dl <= end; d = this.scan.findUnescaped(this.scan.delim, s)) {
      this.unquotedField(s, d)
      s = d + dl
    }
    this.unquotedField(s, end)
  }

  /** Quoted (csv-like) formats: a state machine per field, resumable at any byte. */
  private scanQuoted(final: boolean): boolean {
    const { fb, win } = this
    const quote = fb.quote ?? EMPTY
    if (final && this.recStart >= win.len) return false
    for (;;) {
      switch (this.state) {
        case 'start':
          if (win.len - this.pos < quote.length && !final) return false
          if (matchesAt(win.buf, quote, this.pos, win.len)) {
            this.state = 'quoted'
            this.pos += quote.length
            this.fieldEscaped = false
          } else {
            this.state = 'unquoted'
          }
          break
        case 'quoted': {
          const q = this.findClosingQuote(final)
          if (q === -1 && !final) return false
          this.closeAt = q === -1 ? win.len : q
          this.pos = Math.min(win.len, this.closeAt + quote.length)
          this.state = 'afterQuote'
          break
        }
        default: {
          const done = this.endQuotedFormatField(final)
          if (done !== null) return done
        }
      }
    }
  }

  /**
   * In an unquoted field, or after a quoted field's closing quote: finds
   * the delimiter or terminator that ends it. Returns true when the record
   * is complete, false to wait for more bytes, or null when it goes on.
   */
  private endQuotedFormatField(final: boolean): boolean | null {
    const { fb, win } = this
    const segStart = this.state === 'afterQuote' ? this.closeAt + (fb.quote?.length ?? 0) : this.fieldStart
    const d = this.scan.findUnescaped(this.scan.delim, this.pos)
    const dResume = this.scan.resumeAt
    const t = this.scan.findUnescaped(this.scan.term, this.pos)
    if (d >= 0 && (t < 0 || d < t)) {
      this.quotedFormatField(d)
      this.fieldStart = this.pos = d + fb.delimiter.length
      this.state = 'start'
      this.closeAt = -1
      return null
    }
    if (t < 0 && !final) {
      this.pos = Math.min(dResume, this.scan.resumeAt)
      return false
    }
    let end = t < 0 ? win.len : t
    // csv with an LF terminator also accepts CRLF: the CR is part of the terminator, not the field.
    if (t >= 0 && fb.cr !== undefined && end - fb.cr.length >= segStart && matchesAt(win.buf, fb.cr, end - fb.cr.length, win.len)) {
      end -= fb.cr.length
    }
    this.quotedFormatField(end)
    return this.emit(end, t < 0 ? win.len : t + fb.terminator.length)
  }

  /** The closing quote of the current quoted field from `pos` on, or -1 when it has not arrived yet. */
  private findClosingQuote(final: boolean): number {
    const { fb, win, scan } = this
    const quote = fb.quote ?? EMPTY
    const ql = quote.length
    for (let p = this.pos; scan.quote !== undefined;) {
      const q = scan.findUnescaped(scan.quote, p)
      if (scan.skippedEscape) this.fieldEscaped = true
      if (q < 0) return this.stopAt(scan.resumeAt)
      if (q + 2 * ql > win.len && !final) return this.stopAt(q) // cannot tell a closing quote from a doubled one yet
      if (!matchesAt(win.buf, quote, q + ql, win.len)) return q
      this.fieldEscaped = true
      p = q + 2 * ql
    }
    return -1
  }

  private stopAt(p: number): -1 {
    this.pos = p
    return -1
  }

  private unquotedField(a: number, b: number): void {
    // A too-long record's fields are only counted: their bytes may be gone.
    if (this.record.tooLong) return this.record.pushSpan(0, 0)
    const e = this.scan.nextEscape(a)
    pushUnquoted(this.record, this.win.buf, a, b, this.fb, e >= 0 && e < b)
  }

  /** The current field of a quoted format, ending at `end`. */
  private quotedFormatField(end: number): void {
    if (this.record.tooLong) return this.record.pushSpan(0, 0)
    if (this.state !== 'afterQuote') this.unquotedField(this.fieldStart, end)
    else pushQuoted(this.record, this.win.buf, this.fieldStart, this.closeAt, end, this.fb, this.fieldEscaped)
  }

  /** Completes the record ending at `contentEnd` whose terminator ends at `next`: the view holds it until `next()`. */
  private emit(contentEnd: number, next: number): true {
    const rec = this.record
    if (!rec.tooLong && contentEnd - this.recStart > this.maxRecordBytes) rec.cutToPrefix(this.prefixOf(this.recStart))
    if (!rec.tooLong) {
      rec.buf = this.win.buf
      rec.rawStart = this.recStart
      rec.rawEnd = contentEnd
    }
    rec.line = this.line
    rec.lfs = this.droppedLfs + this.scan.countLf(this.recStart, next)
    this.droppedLfs = 0
    this.recStart = this.fieldStart = this.pos = next
    this.state = 'start'
    this.closeAt = -1
    this.rowEnd = UNKNOWN
    return true
  }

  /** After the sink has seen the record: the next one starts empty. */
  private next(): void {
    this.line += this.record.lfs
    this.record.clear()
  }
}
