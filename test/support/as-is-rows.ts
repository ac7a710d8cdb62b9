import { CopyBuffer } from '../../src/ingest/copy/copy-buffer'
import type { AsIsRows } from '../../src/ingest/as-is/as-is-rows'

/** Feeds the bytes to the cutter in the given pieces; the COPY data written, or undefined when the rows need the checks. */
export function passThrough(rows: AsIsRows, pieces: readonly Buffer[]): { text: string; rows: number } | undefined {
  const out = new CopyBuffer(16)
  for (const piece of pieces) if (!rows.push(piece, out)) return undefined
  if (!rows.finish(out)) return undefined
  return { text: out.take().toString('utf8'), rows: rows.rows }
}

/** The bytes cut at the given points (taken modulo the length, sorted, duplicates dropped). */
export function cut(bytes: Buffer, at: readonly number[]): Buffer[] {
  const points = [...new Set(at.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b)
  const pieces: Buffer[] = []
  let from = 0
  for (const p of points) {
    pieces.push(bytes.subarray(from, p))
    from = p
  }
  pieces.push(bytes.subarray(from))
  return pieces
}
