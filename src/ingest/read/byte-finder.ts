/**
 * Finds a byte pattern in the reader's window, remembering the last answer.
 * The reader asks for the next delimiter, escape, terminator or LF from
 * positions that only move forward, so a cached hit (or a cached "none up to
 * the end") answers most questions without scanning again; without the cache
 * a rare pattern (an escape, an LF) would be searched to the end of the
 * window once per field.
 */
export class ByteFinder {
  private buf: Buffer = Buffer.alloc(0)
  private len = 0
  /** The position the cached answer was computed from. */
  private from = Number.MAX_SAFE_INTEGER
  /** First aligned match at or after `from` within `len`, or -1 for none. */
  private at = -1

  /** `unit` is the code unit size: in UTF-16 a match must start at an even offset. */
  constructor(readonly pattern: Buffer, private readonly unit: 1 | 2) {}

  /** Points the finder at new window contents; forgets the cache. */
  reset(buf: Buffer, len: number): void {
    // Bytes past `len` are spare capacity, not data: never search them.
    this.buf = buf.length === len ? buf : buf.subarray(0, len)
    this.len = len
    this.from = Number.MAX_SAFE_INTEGER
    this.at = -1
  }

  /** The first match starting at or after `pos` that ends within the window, or -1. `pos` must be aligned. */
  find(pos: number): number {
    if (pos >= this.from && (this.at === -1 || pos <= this.at)) return this.at
    const at = this.search(pos)
    this.from = pos
    this.at = at
    return at
  }

  /**
   * indexOf with a byte value is a memchr, several times faster per call
   * than indexOf with a Buffer; the rest of the pattern is checked by hand
   * (delimiters and terminators are short and start with a rare byte).
   */
  private search(pos: number): number {
    const { buf, pattern, len, unit } = this
    const first = pattern[0] ?? 0
    const n = pattern.length
    for (let i = buf.indexOf(first, pos); i >= 0 && i + n <= len; i = buf.indexOf(first, i + 1)) {
      if (unit === 2 && (i & 1) === 1) continue
      let k = 1
      while (k < n && buf[i + k] === pattern[k]) k++
      if (k === n) return i
    }
    return -1
  }
}
