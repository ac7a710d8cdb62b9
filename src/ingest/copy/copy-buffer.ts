/**
 * The COPY text being built for one batch, as bytes: rows are written
 * straight into a Buffer (no string concatenation, no re-encoding of the
 * batch), and a row found bad half-way is taken back with `moveTo`.
 */
export class CopyBuffer {
  private buf: Buffer
  private pos = 0

  constructor(private readonly capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity)
  }

  get length(): number {
    return this.pos
  }

  /** Hands the bytes written so far to the caller and starts a fresh buffer (the stream may still hold the old one). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos)
    this.buf = Buffer.allocUnsafe(Math.max(this.capacity, this.pos))
    this.pos = 0
    return out
  }

  /** The bytes written so far, kept: valid until the next write; `moveTo(0)` then starts the batch again. */
  written(): Buffer {
    return this.buf.subarray(0, this.pos)
  }

  byte(b: number): void {
    this.ensure(1)
    this.buf[this.pos++] = b
  }

  /** A string as UTF-8, escaped for COPY text (backslash, TAB, LF, CR). Most values are short ASCII: written byte by byte. */
  text(value: string): void {
    const n = value.length
    this.ensure(n * 2)
    const buf = this.buf
    let pos = this.pos
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i)
      if (c >= 0x80) {
        this.pos = pos
        this.nonAscii(value.slice(i))
        return
      }
      pos = putEscaped(buf, pos, c)
    }
    this.pos = pos
  }

  /** Bytes as they are: COPY syntax itself (the row's end). */
  raw(src: Buffer): void {
    this.rawRange(src, 0, src.length)
  }

  /** src[a, b) as they are: COPY text already (a whole `mysql-tab` row, a field that needs no escape). */
  rawRange(src: Buffer, a: number, b: number): void {
    this.ensure(b - a)
    this.pos = copyBytes(src, a, b, this.buf, this.pos)
  }

  private nonAscii(value: string): void {
    const s = NEEDS_ESCAPE.test(value) ? value.replace(NEEDS_ESCAPE_ALL, (ch) => ESCAPES[ch]) : value
    this.ensure(s.length * 3)
    this.pos += this.buf.write(s, this.pos, 'utf8')
  }

  /** src[a, b), UTF-8 already, escaped for COPY text. */
  bytesRange(src: Buffer, a: number, b: number): void {
    this.ensure((b - a) * 2)
    const buf = this.buf
    let pos = this.pos
    let from = a
    for (let i = a; i < b; i++) {
      const e = COPY_ESCAPE[src[i]]
      if (e !== 0) {
        pos = copyBytes(src, from, i, buf, pos)
        buf[pos++] = 0x5c
        buf[pos++] = e
        from = i + 1
      }
    }
    this.pos = copyBytes(src, from, b, buf, pos)
  }

  /**
   * The buffer, with room for n more bytes from `length` on, for a caller
   * that writes bytes itself in a loop (no call per byte); it then says
   * where its bytes end with `moveTo`. Valid until the next write or take.
   */
  room(n: number): Buffer {
    this.ensure(n)
    return this.buf
  }

  /** The batch now ends at pos (after writing into `room`'s buffer, or to drop what was written past pos). */
  moveTo(pos: number): void {
    this.pos = pos
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n))
    this.buf.copy(bigger, 0, 0, this.pos)
    this.buf = bigger
  }
}

/** Below this many bytes a loop beats Buffer#copy, whose fixed cost (~50 ns) dominated copying fields of a few bytes. */
const SHORT_COPY = 32

/** Copies src[a, b) to dst at pos; returns the position after it. */
function copyBytes(src: Buffer, a: number, b: number, dst: Buffer, pos: number): number {
  if (b - a > SHORT_COPY) return pos + src.copy(dst, pos, a, b)
  for (let i = a; i < b; i++) dst[pos++] = src[i]
  return pos
}

/** The COPY text escape letter of each byte that needs one — backslash, TAB, LF, CR — and 0 for the bytes that go as they are. */
export const COPY_ESCAPE = new Uint8Array(256)
COPY_ESCAPE[0x5c] = 0x5c
COPY_ESCAPE[0x09] = 0x74
COPY_ESCAPE[0x0a] = 0x6e
COPY_ESCAPE[0x0d] = 0x72

/** Writes COPY text's NULL, `\N`, at dst[o]; returns where the output goes on. For the cutters' own loops. */
export function putNull(dst: Buffer, o: number): number {
  dst[o] = 0x5c
  dst[o + 1] = 0x4e
  return o + 2
}

/** Writes byte c at dst[o] as COPY text (escaped when it must be); returns where the output goes on. For the cutters' own loops. */
export function putEscaped(dst: Buffer, o: number, c: number): number {
  const e = COPY_ESCAPE[c]
  if (e === 0) {
    dst[o] = c
    return o + 1
  }
  dst[o] = 0x5c
  dst[o + 1] = e
  return o + 2
}

const NEEDS_ESCAPE = /[\\\t\n\r]/
const NEEDS_ESCAPE_ALL = /[\\\t\n\r]/g
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' }
