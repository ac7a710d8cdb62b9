/**
 * Turns a field's bytes as written in the file into its value: MySQL escapes
 * resolved and, inside a quoted field, doubled quotes made single. Only
 * called for fields that hold an escape or a doubled quote; all others are
 * returned as views of the input without copying.
 */
import { unitKey, type FormatBytes } from './format-bytes'

/** The next aligned match of `pattern` in `src` at or after `from`, or -1. */
function findAligned(src: Buffer, pattern: Buffer, from: number, unit: 1 | 2): number {
  let i = src.indexOf(pattern, from)
  while (i >= 0 && unit === 2 && (i & 1) === 1) i = src.indexOf(pattern, i + 1)
  return i
}

/**
 * Unescapes `src` (exactly one field's content: a view bounded to the field,
 * so searches cannot run into the rest of the window). `quoted` = `src` is the
 * inside of a quoted field, where a doubled quote stands for one.
 */
export function unescapeBytes(src: Buffer, fb: FormatBytes, quoted: boolean): Buffer {
  const { unit, escape } = fb
  const quote = quoted ? fb.quote : undefined
  const n = src.length
  // Every rule shortens or keeps the length, so the input size bounds the output.
  const out = Buffer.allocUnsafe(n)
  let w = 0
  let p = 0
  let q = quote === undefined ? -1 : findAligned(src, quote, 0, unit)
  let e = escape === undefined ? -1 : findAligned(src, escape, 0, unit)
  while (q >= 0 || e >= 0) {
    if (e >= 0 && (q < 0 || e < q) && escape !== undefined) {
      w += src.copy(out, w, p, e)
      const u = e + escape.length
      if (u + unit > n) {
        // A dangling escape at the very end of the input has nothing to escape: keep it.
        p = e
        break
      }
      const byteEnd = fb.byteEscapes ? byteEscapeEnd(src, u) : -1
      if (byteEnd >= 0) {
        out[w++] = byteEscapeValue(src, u, byteEnd)
        p = byteEnd
      } else {
        const replacement = fb.escapes.get(unitKey(src, u, unit))
        w += replacement === undefined ? src.copy(out, w, u, u + unit) : replacement.copy(out, w)
        p = u + unit
      }
    } else if (quote !== undefined) {
      w += src.copy(out, w, p, q + quote.length)
      p = q + quote.length
      // A doubled quote yields one; a lone one (malformed input) is kept as it is.
      if (p + quote.length <= n && src.compare(quote, 0, quote.length, p, p + quote.length) === 0) p += quote.length
    }
    if (q >= 0 && q < p) q = quote === undefined ? -1 : findAligned(src, quote, p, unit)
    if (e >= 0 && e < p) e = escape === undefined ? -1 : findAligned(src, escape, p, unit)
  }
  w += src.copy(out, w, p, n)
  return out.subarray(0, w)
}

const isOctal = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x37
const hexValue = (c: number | undefined): number =>
  c === undefined ? -1 : c >= 0x30 && c <= 0x39 ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 0x57 : -1

/**
 * PostgreSQL COPY text's byte escapes after the backslash at `u - 1`:
 * octal `\NNN` (one to three digits) and hex `\xH` / `\xHH`. Returns where
 * the escape ends, or -1 when `src[u]` starts none (`\x` without a hex
 * digit is an `x`, as COPY reads it).
 */
function byteEscapeEnd(src: Buffer, u: number): number {
  if (isOctal(src[u])) {
    let end = u + 1
    while (end < u + 3 && isOctal(src[end])) end++
    return end
  }
  if (src[u] === 0x78 && hexValue(src[u + 1]) >= 0) return hexValue(src[u + 2]) >= 0 ? u + 3 : u + 2
  return -1
}

/** The byte a byte escape `src[u, end)` names; octal above 0377 keeps its low 8 bits, as COPY does. */
function byteEscapeValue(src: Buffer, u: number, end: number): number {
  let value = 0
  if (src[u] === 0x78) {
    for (let i = u + 1; i < end; i++) value = value * 16 + hexValue(src[i])
  } else {
    for (let i = u; i < end; i++) value = value * 8 + ((src[i] as number) - 0x30)
  }
  return value & 0xff
}
