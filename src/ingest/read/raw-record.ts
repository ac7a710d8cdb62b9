/** One record of a data file as the record reader splits it, before any type conversion. */
export interface RawRecord {
  /** 1-based physical line where the record starts: 1 + the LF code units before its first byte (header row included, BOM excluded). */
  readonly line: number
  /** The fields' bytes in the file's encoding after quote removal and unescaping; null for an unquoted field equal to the nullPattern; an empty Buffer for the emptyString marker. */
  readonly fields: readonly (Buffer | null)[]
  /** The record's bytes as in the file, without the row terminator (for reject messages). */
  readonly raw: Buffer
  /** Longer than the reader's cap: `raw` is only its first bytes, and `fields` is empty. */
  readonly tooLong: boolean
}

const EMPTY = Buffer.alloc(0)
/** `starts[i]` of a NULL field. */
const NULL_FIELD = -1
/** `starts[i]` of a field whose bytes are `own[i]`. */
const OWN_FIELD = -2

/**
 * The record the reader has just completed, as positions in its window: no
 * Buffer and no object per field or per row, which on the ingest hot path
 * cost about as much as splitting the fields. One view is reused for every
 * record: it is valid only during the call that receives it.
 */
export class RecordView {
  line = 1
  /** The reader's window: field i's bytes are `buf[starts[i], ends[i])` when `starts[i] >= 0`. */
  buf: Buffer = EMPTY
  count = 0
  starts = new Int32Array(16)
  ends = new Int32Array(16)
  /** The field's own bytes where the file's could not be used as they are (escapes resolved, doubled quotes made single). */
  private readonly own: Buffer[] = []
  /** The record's bytes as in the file: `buf[rawStart, rawEnd)`. */
  rawStart = 0
  rawEnd = 0
  /** LF code units from the record's first byte to the end of its terminator: more than one = a line break inside a field. */
  lfs = 0
  /** Longer than the reader's cap (`cutToPrefix`): `raw` is only its first bytes, and its fields are not kept. */
  tooLong = false

  get raw(): Buffer {
    return this.buf.subarray(this.rawStart, this.rawEnd)
  }

  isNull(i: number): boolean {
    return this.starts[i] === NULL_FIELD
  }

  /** Whether field i's bytes are `buf[starts[i], ends[i])`, as in the file. */
  isSpan(i: number): boolean {
    return this.starts[i] >= 0
  }

  /** Field i as a Buffer (a view of the window, or its own bytes), or null. Allocates: for the slow paths. */
  value(i: number): Buffer | null {
    const s = this.starts[i]
    if (s === NULL_FIELD) return null
    if (s === OWN_FIELD) return this.own[i]
    return this.buf.subarray(s, this.ends[i])
  }

  /** The record as a value that outlives the view (its buffers are views of window bytes the reader never overwrites). */
  toRecord(): RawRecord {
    const fields: (Buffer | null)[] = []
    for (let i = 0; i < (this.tooLong ? 0 : this.count); i++) fields.push(this.value(i))
    return { line: this.line, fields, raw: this.raw, tooLong: this.tooLong }
  }

  /**
   * The record is longer than the reader's cap: from now on it is only read
   * past. `prefix` (its first bytes, a copy) stands for its raw text; the
   * fields' own bytes are dropped, their count kept (it tells where the
   * record ends).
   */
  cutToPrefix(prefix: Buffer): void {
    this.tooLong = true
    this.buf = prefix
    this.rawStart = 0
    this.rawEnd = prefix.length
    this.own.length = 0
  }

  pushSpan(a: number, b: number): void {
    const i = this.slot()
    this.starts[i] = a
    this.ends[i] = b
  }

  pushNull(): void {
    // slot() first: it may replace `starts` with a larger array, which must get the marker.
    const i = this.slot()
    this.starts[i] = NULL_FIELD
  }

  pushOwn(bytes: Buffer): void {
    const i = this.slot()
    this.starts[i] = OWN_FIELD
    this.own[i] = bytes
  }

  /** The window's bytes moved down by `shift`: so do the spans of the record being read. */
  shift(shift: number): void {
    for (let i = 0; i < this.count; i++) {
      if (this.starts[i] >= 0) {
        this.starts[i] -= shift
        this.ends[i] -= shift
      }
    }
  }

  /** Removes the fields a format file skips (bcp server column order 0), keeping the others in order. */
  dropFields(skip: ReadonlySet<number>): void {
    let k = 0
    for (let i = 0; i < this.count; i++) {
      if (skip.has(i)) continue
      this.starts[k] = this.starts[i]
      this.ends[k] = this.ends[i]
      if (this.starts[i] === OWN_FIELD) this.own[k] = this.own[i]
      k++
    }
    this.count = k
  }

  clear(): void {
    this.count = 0
    this.tooLong = false
    // Drop own bytes (a large unescaped BLOB) as soon as the record is done with.
    if (this.own.length > 0) this.own.length = 0
  }

  private slot(): number {
    if (this.count === this.starts.length) {
      const starts = new Int32Array(this.count * 2)
      const ends = new Int32Array(this.count * 2)
      starts.set(this.starts)
      ends.set(this.ends)
      this.starts = starts
      this.ends = ends
    }
    return this.count++
  }
}
