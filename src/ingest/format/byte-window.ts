/**
 * The bytes the record reader has received but not yet turned into records.
 * A chunk that arrives while no record is pending is adopted as it is (no
 * copy: fields become views of the caller's chunk). Otherwise the pending
 * tail and the chunk are joined once per chunk, never once per row, into a
 * buffer that grows geometrically, so a record spanning many chunks (a large
 * BLOB) costs linear, not quadratic, copying. Views handed out earlier stay
 * valid: bytes below `len` are never overwritten, only spare capacity above.
 */
export class ByteWindow {
  buf: Buffer = Buffer.alloc(0)
  /** Bytes of `buf` that hold data; the rest is spare capacity. */
  len = 0
  private owned = false

  /** `limit`: the most bytes a caller keeps before an append (its record cap): the buffer never grows past that and one chunk. */
  constructor(private readonly limit = Infinity) {}

  /**
   * Appends `chunk`, keeping the bytes from `keepFrom` on. Returns how far
   * positions moved down (subtract it from every position kept).
   */
  append(chunk: Buffer, keepFrom: number): number {
    const tail = this.len - keepFrom
    if (tail <= 0) {
      this.buf = chunk
      this.len = chunk.length
      this.owned = false
      return keepFrom
    }
    if (this.owned && this.buf.length - this.len >= chunk.length) {
      chunk.copy(this.buf, this.len)
      this.len += chunk.length
      return 0
    }
    // Doubling only pays off once the tail is large, i.e. a record spans chunks; past the limit it would only hold garbage.
    const next = Buffer.allocUnsafe(Math.max(tail + chunk.length, Math.min(tail * 2, this.limit + chunk.length)))
    this.buf.copy(next, 0, keepFrom, this.len)
    chunk.copy(next, tail)
    this.buf = next
    this.len = tail + chunk.length
    this.owned = true
    return keepFrom
  }
}
