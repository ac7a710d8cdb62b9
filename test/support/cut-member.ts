import type { Row } from './encode-rows'

/** What the ZIP reader hands on per read of a stored member (src/dump/zip-archive.ts): a cut falls at each multiple. */
export const MEMBER_CHUNK = 64 * 1024

/** Longest filler row, so that no row grows large. */
const FILLER_ROW = 4000

export interface CutMemberParts {
  /** The rows before the filler, encoded. */
  readonly head: Buffer
  /** The row a chunk cut is placed in, encoded (with or without its terminator). */
  readonly last: Buffer
  /** Where in `last` the cut falls, 0..last.length. */
  readonly cutAt: number
  /** Filler row number `n`, `length` bytes long of its own choosing (at least 1 byte of it): encoded. */
  readonly filler: (n: number, length: number) => Buffer
}

/**
 * head + filler rows + last, the filler sized so that a multiple of
 * MEMBER_CHUNK falls `cutAt` bytes into `last`: the reader and the cutters
 * then get the last row in two chunks, cut there. Returns the member and
 * the `length` of each filler row in it.
 */
export function cutMember(p: CutMemberParts): { readonly bytes: Buffer; readonly fillerLengths: readonly number[] } {
  const shortest = (n: number): number => p.filler(n, 1).length
  let room = MEMBER_CHUNK - ((p.head.length + p.cutAt) % MEMBER_CHUNK)
  if (room === MEMBER_CHUNK) room = 0
  while (room !== 0 && room < shortest(0) + 2) room += MEMBER_CHUNK
  const rows: Buffer[] = []
  const lengths: number[] = []
  while (room > 0) {
    const n = rows.length
    const base = shortest(n) - 1
    // A full-size row when enough room is left for another after it; else the row that fills the room exactly.
    const length = room - (base + FILLER_ROW) >= shortest(n + 1) + 2 ? FILLER_ROW : room - base
    const row = p.filler(n, length)
    rows.push(row)
    lengths.push(length)
    room -= row.length
  }
  if (room !== 0) throw new Error(`filler overshot by ${-room} bytes`)
  return { bytes: Buffer.concat([p.head, ...rows, p.last]), fillerLengths: lengths }
}

/** A filler row: `id` in column `idAt`, the other columns 'x' each, the first of them `length` long. */
export function fillerRow(columns: number, idAt: number, id: string, length: number): Row {
  let first = true
  return Array.from({ length: columns }, (_, i) => {
    if (i === idAt) return id
    const value = first ? 'x'.repeat(length) : 'x'
    first = false
    return value
  })
}
