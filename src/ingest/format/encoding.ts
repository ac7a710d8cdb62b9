/**
 * Byte-level helpers for the encodings a data file may use. The record reader
 * matches delimiters on bytes, so every format string is encoded once into the
 * file's encoding here; values are decoded to strings only where needed.
 */
import { transcode } from 'node:buffer'
import { Transform } from 'node:stream'
import { TextDecoder, TextEncoder } from 'node:util'
import { HeirloomError } from '../../errors'
import { classifyEncoding, type EncodingKind } from '../../schema/encoding-name'

export { classifyEncoding, type EncodingKind } from '../../schema/encoding-name'

/** Code points of windows-1252 bytes 0x80–0x9F (WHATWG table); the five unassigned bytes map to the C1 control of the same value. */
const CP1252_HIGH: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
]
const CP1252_ENCODE: ReadonlyMap<number, number> = new Map(CP1252_HIGH.map((cp, i) => [cp, 0x80 + i]))

const decoders = new Map<string, TextDecoder>()
const utf8Encoder = new TextEncoder()

/** Bytes per code unit: matches in UTF-16 must start on a unit boundary. */
export function codeUnitSize(label: string): 1 | 2 {
  const k = classifyEncoding(label)
  return k === 'utf16le' || k === 'utf16be' ? 2 : 1
}

/** Encodes `text` (a delimiter, terminator, quote, …) into the bytes it has in a file of encoding `label`. */
export function encodeText(text: string, label: string): Buffer {
  const kind = classifyEncoding(label)
  switch (kind) {
    case 'utf8':
      return Buffer.from(utf8Encoder.encode(text))
    case 'utf16le':
      return Buffer.from(text, 'utf16le')
    case 'utf16be':
      return Buffer.from(text, 'utf16le').swap16()
    case 'windows-1252':
    case 'single-byte':
      return encodeSingleByte(text, label, kind)
  }
}

function encodeSingleByte(text: string, label: string, kind: EncodingKind): Buffer {
  const out = Buffer.alloc(text.length)
  let n = 0
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0
    const byte = cp < 0x80 ? cp : kind === 'windows-1252' ? cp1252Byte(cp) : undefined
    if (byte === undefined) {
      throw new HeirloomError('CONFIG_INVALID', `format text ${JSON.stringify(text)} cannot be written in encoding "${label}"`,
        'use characters the data file\'s encoding can represent, or set the format\'s encoding')
    }
    out[n++] = byte
  }
  return out.subarray(0, n)
}

function cp1252Byte(cp: number): number | undefined {
  if (cp >= 0xa0 && cp <= 0xff) return cp
  return CP1252_ENCODE.get(cp)
}

/** A TextDecoder per encoding label and strictness, created once (they are costly to build; `decode` without `stream` keeps no state). */
function decoderFor(label: string, fatal = false): TextDecoder {
  const key = fatal ? `${label}\0fatal` : label
  let d = decoders.get(key)
  if (d === undefined) {
    try {
      // ignoreBOM: decode() runs per field, and a field may start with U+FEFF as data; the
      // reader skips the file's own BOM on bytes.
      d = new TextDecoder(label, { fatal, ignoreBOM: true })
    } catch (e) {
      throw new HeirloomError('CONFIG_INVALID', `unknown data file encoding "${label}"`,
        'use utf8, utf16le, windows-1252 or another WHATWG encoding label', { cause: e })
    }
    decoders.set(key, d)
  }
  return d
}

/**
 * Decodes bytes of a file in encoding `label` into a string. Invalid
 * sequences become U+FFFD, or, with `fatal`, throw a TypeError (every byte
 * is valid windows-1252). Accepts Node's labels (`utf16le`) as well as WHATWG's.
 */
export function decodeText(bytes: Uint8Array, label: string, fatal = false): string {
  switch (classifyEncoding(label)) {
    case 'utf8':
      return decoderFor('utf-8', fatal).decode(bytes)
    case 'utf16le':
      return decoderFor('utf-16le', fatal).decode(bytes)
    case 'utf16be':
      return decoderFor('utf-16be', fatal).decode(bytes)
    case 'windows-1252':
      return decodeWindows1252(bytes)
    case 'single-byte':
      return decoderFor(label, fatal).decode(bytes)
  }
}

/** Node 20's TextDecoder('windows-1252') decodes as ISO-8859-1 (0x80–0x9F become C1 controls), so 0x80–0x9F go through the table. */
function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
  return /[\x80-\x9f]/.test(latin1) ? latin1.replace(/[\x80-\x9f]/g, (c) => String.fromCodePoint(CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? 0xfffd)) : latin1
}

const BOMS: readonly { readonly kind: EncodingKind; readonly bytes: Buffer }[] = [
  { kind: 'utf8', bytes: Buffer.from([0xef, 0xbb, 0xbf]) },
  { kind: 'utf16le', bytes: Buffer.from([0xff, 0xfe]) },
  { kind: 'utf16be', bytes: Buffer.from([0xfe, 0xff]) },
]

/** The byte order mark a file of this encoding may start with, if the encoding has one. */
export function byteOrderMark(label: string): Buffer | undefined {
  const kind = classifyEncoding(label)
  return BOMS.find((b) => b.kind === kind)?.bytes
}

/** Which BOM, if any, `head` starts with (for sniffing a file whose encoding is in doubt). */
export function detectBom(head: Uint8Array): { readonly encoding: 'utf8' | 'utf16le' | 'utf16be'; readonly length: number } | undefined {
  for (const b of BOMS) {
    if (head.length >= b.bytes.length && b.bytes.every((x, i) => head[i] === x)) {
      return { encoding: b.kind === 'utf8' ? 'utf8' : b.kind === 'utf16le' ? 'utf16le' : 'utf16be', length: b.bytes.length }
    }
  }
  return undefined
}

/**
 * Re-encodes a data file of another encoding as UTF-8, chunk by chunk (a
 * character split between chunks stays whole), so the reader and the row
 * encoder run their UTF-8 path: one decode per chunk instead of one per
 * field. Bytes that are not valid in `label` fail the stream. A BOM comes
 * through as a UTF-8 BOM, which the reader skips.
 */
export function utf8Transcoder(label: string): Transform {
  const kind = classifyEncoding(label)
  if (kind === 'windows-1252') {
    // Single-byte: every chunk decodes on its own, and Node's own windows-1252 decoder is latin1.
    return new Transform({ transform: (chunk: Buffer, _e, done) => done(null, Buffer.from(decodeWindows1252(chunk), 'utf8')) })
  }
  if (kind === 'utf16le') return utf16leTranscoder(label)
  const decoder = new TextDecoder(kind === 'utf16be' ? 'utf-16be' : label, { fatal: true, ignoreBOM: true })
  return new Transform({
    transform(chunk: Buffer, _e, done) {
      try {
        done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'))
      } catch (e) {
        done(invalidBytes(label, e))
      }
    },
    flush(done) {
      try {
        done(null, Buffer.from(decoder.decode(), 'utf8'))
      } catch (e) {
        done(endsInside(label, e))
      }
    },
  })
}

/**
 * UTF-16LE (bcp -w) to UTF-8 in one native call per chunk (buffer.transcode,
 * several times faster than decoding to a string and encoding it again). It
 * throws on a lone surrogate, so a chunk never ends inside a character: an
 * odd last byte, or a high surrogate whose pair is in the next chunk, waits
 * for it.
 */
function utf16leTranscoder(label: string): Transform {
  let carry: Buffer | undefined
  return new Transform({
    transform(chunk: Buffer, _e, done) {
      const input = carry === undefined ? chunk : Buffer.concat([carry, chunk])
      let end = input.length & ~1
      if (end >= 2 && (input[end - 1] & 0xfc) === 0xd8) end -= 2
      carry = end < input.length ? Buffer.from(input.subarray(end)) : undefined
      try {
        done(null, transcode(input.subarray(0, end), 'utf16le', 'utf8'))
      } catch (e) {
        done(invalidBytes(label, e))
      }
    },
    flush(done) {
      done(carry === undefined ? null : endsInside(label, undefined))
    },
  })
}

function invalidBytes(label: string, cause: unknown): HeirloomError {
  return new HeirloomError('DATA_INVALID', `bytes that are not valid ${label}`, 'check the format\'s encoding', { cause })
}

function endsInside(label: string, cause: unknown): HeirloomError {
  return new HeirloomError('DATA_INVALID', `the file ends inside a ${label} character`, 'check the format\'s encoding', { cause })
}
