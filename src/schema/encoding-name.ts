/**
 * What an encoding label names: the config checks a format's `encoding`
 * with it, and the reader chooses how to match delimiters by it.
 */
import { TextDecoder } from 'node:util'
import { HeirloomError } from '../errors'

/** The encodings the reader knows how to encode patterns for; other labels are treated as ASCII-compatible single-byte. */
export type EncodingKind = 'utf8' | 'utf16le' | 'utf16be' | 'windows-1252' | 'single-byte'

/** Labels already classified: decodeText may run once per field. */
const kinds = new Map<string, EncodingKind>()

/**
 * Classifies an encoding label. WHATWG treats `latin1`/`iso-8859-1`/`ascii`
 * as windows-1252, and so do we, so that patterns and decoding agree.
 */
export function classifyEncoding(label: string): EncodingKind {
  let kind = kinds.get(label)
  if (kind === undefined) {
    kind = classify(label.trim().toLowerCase(), label)
    kinds.set(label, kind)
  }
  return kind
}

function classify(l: string, label: string): EncodingKind {
  if (l === 'utf8' || l === 'utf-8') return 'utf8'
  if (l === 'utf16le' || l === 'utf-16le' || l === 'utf-16' || l === 'ucs2' || l === 'ucs-2') return 'utf16le'
  if (l === 'utf16be' || l === 'utf-16be') return 'utf16be'
  let encoding: string
  try {
    encoding = new TextDecoder(label).encoding
  } catch (e) {
    throw new HeirloomError('CONFIG_INVALID', `unknown data file encoding "${label}"`,
      'use utf8, utf16le, windows-1252 or another WHATWG encoding label', { cause: e })
  }
  return encoding === 'windows-1252' ? 'windows-1252' : 'single-byte'
}
