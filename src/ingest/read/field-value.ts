/**
 * A field's value from its bytes in the reader's window, added to the
 * record being read: NULL, the empty-string marker, a span of the window
 * (the common case: no copy), or an unescaped copy.
 */
import { matchesAt, type FormatBytes } from './format-bytes'
import type { RecordView } from './raw-record'
import { unescapeBytes } from './unescape-bytes'

/** An unquoted field [a, b); `escaped` = an escape character occurs in it. nullPattern and emptyString are compared before unescaping. */
export function pushUnquoted(view: RecordView, buf: Buffer, a: number, b: number, fb: FormatBytes, escaped: boolean): void {
  const n = b - a
  if (n === fb.nullPattern.length && matchesAt(buf, fb.nullPattern, a, b)) view.pushNull()
  else if (fb.emptyString !== undefined && n === fb.emptyString.length && matchesAt(buf, fb.emptyString, a, b)) view.pushSpan(a, a)
  else if (escaped) view.pushOwn(unescapeBytes(buf.subarray(a, b), fb, false))
  else view.pushSpan(a, b)
}

/**
 * A quoted field: the bytes between the quotes at `open` and `close`
 * (`doubled` = they hold a doubled quote or an escape), then whatever
 * follows the closing quote up to `end`. NULL only as LOAD DATA reads one:
 * `"\N"` with an escape character (a quoted `"NULL"` or, without an
 * escape, `"\N"` is text).
 */
export function pushQuoted(view: RecordView, buf: Buffer, open: number, close: number, end: number, fb: FormatBytes, doubled: boolean): void {
  const ql = fb.quote?.length ?? 0
  const after = Math.min(end, close + ql)
  const nul = fb.quotedNull
  if (nul !== undefined && after >= end && close - open - ql === nul.length && matchesAt(buf, nul, open + ql, close)) return view.pushNull()
  if (!doubled && after >= end) return view.pushSpan(open + ql, close)
  const inner = buf.subarray(open + ql, close)
  const value = doubled ? unescapeBytes(inner, fb, true) : inner
  // Text after the closing quote (`"ab"c`) is malformed; keep it rather than lose data.
  view.pushOwn(after >= end ? value : Buffer.concat([value, unescapeBytes(buf.subarray(after, end), fb, false)]))
}
