/**
 * Escape-aware searches for a format's patterns in the reader's window. One
 * ByteFinder per pattern keeps its last answer, so the reader, whose search
 * positions only move forward, rarely scans a byte twice.
 */
import { ByteFinder } from './byte-finder'
import type { FormatBytes } from './format-bytes'

export class PatternScanner {
  readonly delim: ByteFinder
  readonly term: ByteFinder
  readonly quote: ByteFinder | undefined
  /** The finder of each field's terminator when the format gives one per field; fields past them end at `delim`. */
  private readonly fieldEnds: readonly ByteFinder[]
  private readonly lf: ByteFinder
  private readonly esc: ByteFinder | undefined
  private len = 0
  /** Set by a failed search: the first position a match may still start at once more bytes arrive. */
  resumeAt = 0
  /** Whether the last findUnescaped skipped an escape (a quoted field holding one must be copied). */
  skippedEscape = false

  constructor(private readonly fb: FormatBytes) {
    this.delim = new ByteFinder(fb.delimiter, fb.unit)
    this.term = new ByteFinder(fb.terminator, fb.unit)
    this.lf = new ByteFinder(fb.lf, fb.unit)
    this.esc = fb.escape === undefined ? undefined : new ByteFinder(fb.escape, fb.unit)
    this.quote = fb.quote === undefined ? undefined : new ByteFinder(fb.quote, fb.unit)
    this.fieldEnds = (fb.fieldTerminators ?? []).map((t) => new ByteFinder(t, fb.unit))
  }

  /** The finder of the pattern that ends field `index` (0-based) of a row read column by column. */
  fieldEnd(index: number): ByteFinder {
    return this.fieldEnds[index] ?? this.delim
  }

  /** Points every finder at the window's new contents. */
  reset(buf: Buffer, len: number): void {
    this.len = len
    for (const f of [this.delim, this.term, this.lf, this.esc, this.quote, ...this.fieldEnds]) f?.reset(buf, len)
  }

  /** The next occurrence of `finder`'s pattern at or after `p` that is not escaped, or -1 (then `resumeAt` is set). */
  findUnescaped(finder: ByteFinder, p: number): number {
    const esc = this.esc
    this.skippedEscape = false
    for (;;) {
      const i = finder.find(p)
      const e = esc === undefined ? -1 : esc.find(p)
      if (esc === undefined || e < 0 || (i >= 0 && i < e)) {
        if (i < 0) this.resumeAt = this.resumeFrom(p)
        return i
      }
      // The escaped code unit may be the first of the pattern: skip it with the escape.
      const next = e + esc.pattern.length + this.fb.unit
      if (next > this.len) {
        this.resumeAt = e
        return -1
      }
      this.skippedEscape = true
      p = next
    }
  }

  /** The next escape character at or after `p`, or -1. */
  nextEscape(p: number): number {
    return this.esc === undefined ? -1 : this.esc.find(p)
  }

  /** No match starts in [p, len): only the last bytes may begin one that the next chunk completes. */
  resumeFrom(p: number): number {
    let r = this.len - this.fb.longest + 1
    if (this.fb.unit === 2 && (r & 1) === 1) r -= 1
    return Math.max(p, r)
  }

  /** LF code units in [a, b): physical lines, whatever the row terminator. */
  countLf(a: number, b: number): number {
    let n = 0
    for (let i = this.lf.find(a); i >= 0 && i < b; i = this.lf.find(i + this.fb.unit)) n++
    return n
  }
}
