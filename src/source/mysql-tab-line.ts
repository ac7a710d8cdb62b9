/**
 * One row as `mysqldump --tab` (SELECT … INTO OUTFILE with the defaults)
 * writes it, so that the dump path's reader and converter read a live row
 * exactly as they read an exported one: fields separated by TAB, rows ended
 * by LF, NULL as `\N`, and `\`, TAB, LF written with a `\` before them and
 * NUL as `\0`. BIT values are written as raw bytes without escaping, as the
 * server writes them (the reader takes them by width).
 */
const BACKSLASH = 0x5c
const TAB = 0x09
const LF = 0x0a
const NUL = 0x00
const NULL_FIELD = Buffer.from('\\N')
const ESCAPED_NUL = Buffer.from('\\0')

/** The bytes of one row; `raw[i]` marks a BIT column. */
export function mysqlTabLine(fields: readonly (Buffer | null)[], raw: readonly boolean[]): Buffer {
  const parts: Buffer[] = []
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) parts.push(SEPARATOR)
    const f = fields[i] ?? null
    if (f === null) parts.push(NULL_FIELD)
    else if (raw[i] === true || !needsEscape(f)) parts.push(f)
    else parts.push(escape(f))
  }
  parts.push(TERMINATOR)
  return Buffer.concat(parts)
}

const SEPARATOR = Buffer.from([TAB])
const TERMINATOR = Buffer.from([LF])

function needsEscape(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i]
    if (c === BACKSLASH || c === TAB || c === LF || c === NUL) return true
  }
  return false
}

function escape(b: Buffer): Buffer {
  const out = Buffer.allocUnsafe(b.length * 2)
  let n = 0
  for (let i = 0; i < b.length; i++) {
    const c = b[i] as number
    if (c === NUL) { ESCAPED_NUL.copy(out, n); n += 2; continue }
    if (c === BACKSLASH || c === TAB || c === LF) out[n++] = BACKSLASH
    out[n++] = c
  }
  return out.subarray(0, n)
}
