/**
 * The bytes the record reader has received but not yet turned into records.
 * A chunk that arrives while no record is pending is adopted as it is (no
 * copy: fields become views of the caller's chunk). Otherwise the pending
 * tail and the chunk are joined once per chunk, never once per row, into a
 * buffer that grows geometrically, so a record spanning many chunks (a large
 * BLOB) costs linear, not quadratic, copying. Views handed out earlier stay
 * valid: bytes below `len` are never overwritten, only spare capacity above,
 * and only bytes the caller says nothing reads any more are given back.
 */
export class ByteWindow {
  buf: Buffer = Buffer.alloc(0)
  /** Bytes of `buf` that hold data; the rest is spare capacity. */
  len = 0
  private owned = false
  /** The memory behind `buf` once a record grew past JUMP_BYTES under a limit: it grows in place, and shrinks to give bytes back. */
  private grown: ResizableArrayBuffer | undefined

  /** `limit`: the most bytes a caller keeps before an append (its record cap): the buffer never grows past that and one chunk. */
  constructor(private readonly limit = Infinity) {}

  /**
   * Appends `chunk`, keeping the bytes from `keepFrom` on. Returns how far
   * positions moved down (subtract it from every position kept). Bytes from
   * `unreadFrom` to `keepFrom` are read by nobody any more (the scanned part
   * of a record too long to keep): their memory is given back at once
   * rather than left to the garbage collector.
   */
  append(chunk: Buffer, keepFrom: number, unreadFrom = keepFrom): number {
    const tail = this.len - keepFrom
    if (unreadFrom < keepFrom && this.grown !== undefined) return this.moveOut(chunk, keepFrom, unreadFrom)
    if (tail <= 0) {
      this.use(chunk, chunk.length, false, undefined)
      return keepFrom
    }
    if (this.owned && this.buf.length - this.len >= chunk.length) {
      chunk.copy(this.buf, this.len)
      this.len += chunk.length
      return 0
    }
    if (this.grown !== undefined && this.grown.maxByteLength - this.len >= chunk.length) {
      this.grown.resize(Math.min(this.grown.maxByteLength, Math.max(this.len + chunk.length, 2 * this.len)))
      this.use(Buffer.from(this.grown), this.len, true, this.grown)
      chunk.copy(this.buf, this.len)
      this.len += chunk.length
      return 0
    }
    this.copyTo(this.newBuffer(tail, chunk.length), chunk, keepFrom)
    return keepFrom
  }

  /** Leaves a grown buffer for a plain one holding what is kept and the chunk; the grown one keeps only the bytes below `unreadFrom`. */
  private moveOut(chunk: Buffer, keepFrom: number, unreadFrom: number): number {
    const grown = this.grown as ResizableArrayBuffer
    this.copyTo(Buffer.allocUnsafe(Math.max(0, this.len - keepFrom) + chunk.length), chunk, keepFrom)
    grown.resize(unreadFrom)
    return keepFrom
  }

  private copyTo(next: Buffer, chunk: Buffer, keepFrom: number): void {
    const tail = Math.max(0, this.len - keepFrom)
    if (tail > 0) this.buf.copy(next, 0, keepFrom, this.len)
    chunk.copy(next, tail)
    this.use(next, tail + chunk.length, true, next.buffer === this.grown ? this.grown : undefined)
  }

  private use(buf: Buffer, len: number, owned: boolean, grown: ResizableArrayBuffer | undefined): void {
    this.buf = buf
    this.len = len
    this.owned = owned
    this.grown = grown
  }

  /**
   * Room for the tail and the chunk. Doubling only pays off once the tail is
   * large, i.e. a record spans chunks; past JUMP_BYTES, with a limit, the
   * buffer is resizable up to the limit and grows in place: doubling into new
   * buffers left the old ones to the garbage collector, which freed them late
   * (a 256 MiB record measured 780 MB resident).
   */
  private newBuffer(tail: number, chunk: number): Buffer {
    const full = this.limit + chunk
    const size = Math.max(tail + chunk, Math.min(tail * 2, full))
    if (size < JUMP_BYTES || full === Infinity) return Buffer.allocUnsafe(size)
    this.grown = new ResizableBuffer(size, { maxByteLength: full })
    return Buffer.from(this.grown)
  }
}

const JUMP_BYTES = 2 * 1024 * 1024

/** ES2024's resizable ArrayBuffer (Node 20 has it; the project's typings are ES2022). */
interface ResizableArrayBuffer extends ArrayBuffer {
  readonly maxByteLength: number
  resize(byteLength: number): void
}
const ResizableBuffer = ArrayBuffer as unknown as new (byteLength: number, options: { maxByteLength: number }) => ResizableArrayBuffer
