import fs from 'node:fs'
import path from 'node:path'
import { pipeline, Readable, Transform } from 'node:stream'
import zlib from 'node:zlib'
import yauzl, { type Entry, type ZipFile } from 'yauzl'
import { HeirloomError, messageOf } from '../errors'

/** One file member of a ZIP, as its central directory describes it. */
export interface ZipMember {
  /** Path inside the ZIP, `/`-separated. */
  readonly name: string
  readonly compressedSize: number
  readonly uncompressedSize: number
  readonly crc32: number
  /** Encrypted with a ZIP password (general purpose bit 0): heirloom cannot read it. */
  readonly encrypted: boolean
}

/** A member not read at all because of its name, and why. */
export interface RefusedMember {
  /** The name as the ZIP spells it. */
  readonly name: string
  readonly reason: string
}

/** An open ZIP: its central directory read, members streamed on demand. */
export interface ZipArchive {
  readonly file: string
  /** Every file member with a safe name, in central-directory order; a name may appear twice (scan names that). */
  readonly members: readonly ZipMember[]
  /** Members whose names would climb out of a folder (`..`, an absolute path, a drive letter): never read. */
  readonly refused: readonly RefusedMember[]
  /** Streams one member, inflated; the stream fails on a bad CRC or a size that lies. */
  openMember(name: string): Promise<Readable>
  /** Reads a small member whole (schema files, manifest), refusing one larger than maxBytes. */
  readMember(name: string, maxBytes: number): Promise<Buffer>
}

/**
 * Opens a ZIP, reads its central directory, runs fn, and closes the file
 * whatever happens. No member is extracted to disk.
 */
export async function withZip<T>(file: string, fn: (zip: ZipArchive) => Promise<T>): Promise<T> {
  const stamp = stampOf(file)
  const known = directories.get(file)
  if (known !== undefined && known.stamp === stamp) {
    const fd = await openFd(file)
    try {
      return await fn(archiveOf(file, (length, position) => readFd(fd, length, position), known.entries))
    } finally {
      fs.closeSync(fd)
    }
  }
  const { zipfile, readAt } = await openZip(file)
  try {
    const entries = await readEntries(zipfile, file)
    if (stamp !== undefined) remember(file, stamp, entries)
    return await fn(archiveOf(file, readAt, entries))
  } finally {
    // Closes the file descriptor too, when there is one.
    zipfile.close()
  }
}

/**
 * The central directories this thread read last, by file. Each table of a
 * dump is loaded by its own task, and re-reading a directory of 10,000
 * entries for each of 5,000 tables cost that ingest minutes. A file whose
 * device, inode, size or modification time changed is read again.
 */
const directories = new Map<string, { readonly stamp: string; readonly entries: readonly Entry[] }>()
const DIRECTORIES_KEPT = 4

function stampOf(file: string): string | undefined {
  try {
    const st = fs.statSync(file, { bigint: true })
    return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}`
  } catch {
    return undefined
  }
}

function remember(file: string, stamp: string, entries: readonly Entry[]): void {
  directories.delete(file)
  directories.set(file, { stamp, entries })
  for (const oldest of directories.keys()) {
    if (directories.size <= DIRECTORIES_KEPT) break
    directories.delete(oldest)
  }
}

/** ZIPs up to this size are read whole, in one read: a scan of thousands of small dumps otherwise spends its time in tiny reads. */
const SMALL_ZIP_BYTES = 8 * 1024 * 1024

/** Reads `length` bytes of the ZIP at `position`. */
type ReadAt = (length: number, position: number) => Promise<Buffer>

/**
 * yauzl's own name check (with decodeStrings) fails the whole ZIP on the first
 * unsafe name; heirloom decodes and checks names itself, to refuse only that member.
 */
const ZIP_OPTIONS = { lazyEntries: true, autoClose: false, decodeStrings: false }

/** The ZIP in memory when small, else through a descriptor of our own, so a small member is one positioned read. */
async function openZip(file: string): Promise<{ zipfile: ZipFile; readAt: ReadAt }> {
  const fd = await openFd(file)
  try {
    const { size } = fs.fstatSync(fd)
    if (size <= SMALL_ZIP_BYTES) {
      const whole = await readFd(fd, size, 0).finally(() => fs.closeSync(fd))
      return { zipfile: await yauzl.fromBufferPromise(whole, ZIP_OPTIONS), readAt: async (length, position) => sliceOf(whole, length, position) }
    }
    // From here the ZipFile owns the descriptor: its close() closes it.
    const zipfile = await yauzl.fromFdPromise(fd, ZIP_OPTIONS).catch((e: unknown) => {
      fs.closeSync(fd)
      throw e
    })
    return { zipfile, readAt: (length, position) => readFd(fd, length, position) }
  } catch (e) {
    throw unreadable(file, e)
  }
}

async function openFd(file: string): Promise<number> {
  try {
    return await new Promise<number>((resolve, reject) => fs.open(file, 'r', (e, n) => (e === null ? resolve(n) : reject(e))))
  } catch (e) {
    throw unreadable(file, e)
  }
}

function unreadable(file: string, e: unknown): HeirloomError {
  return new HeirloomError('DUMP_UNREADABLE', `${path.basename(file)}: not a readable ZIP file (${messageOf(e)})`,
    'check that the file is a complete ZIP (a truncated upload or copy is the usual cause) and export it again if not', { cause: e })
}

function sliceOf(whole: Buffer, length: number, position: number): Buffer {
  if (position + length > whole.length) throw new Error(truncated(whole.length - position, length))
  return whole.subarray(position, position + length)
}

function readFd(fd: number, length: number, position: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length)
  return new Promise((resolve, reject) => fs.read(fd, buf, 0, length, position, (e, n) => {
    if (e !== null) reject(e)
    else if (n < length) reject(new Error(truncated(n, length)))
    else resolve(buf)
  }))
}

const truncated = (n: number, length: number): string => `the file ends ${Math.max(0, n)} bytes into the ${length} bytes it should hold there`

/** yauzl stops at a strongly encrypted member (general purpose bit 6) with this message: not damage, and exporting the same way again will not help. */
const STRONG_ENCRYPTION = /^strong encryption is not supported$/

function readEntries(zipfile: ZipFile, file: string): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = []
    zipfile.on('entry', (entry: Entry) => {
      // Backslashes become slashes, as .NET's ZipFile wrote them (yauzl's strictFileNames: false).
      entry.fileName = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false)
      entries.push(entry)
      zipfile.readEntry()
    })
    zipfile.on('end', () => resolve(entries))
    zipfile.on('error', (e: unknown) => reject(STRONG_ENCRYPTION.test(messageOf(e))
      ? new HeirloomError('MEMBER_ENCRYPTED', `${path.basename(file)}: the ZIP uses PKWARE strong encryption, which heirloom does not read`, ENCRYPTED_HINT, { cause: e })
      : new HeirloomError('DUMP_UNREADABLE', `${path.basename(file)}: the ZIP's central directory is damaged (${messageOf(e)})`,
        'export the dump again', { cause: e })))
    zipfile.readEntry()
  })
}

/** Why a member name is unsafe to use as a path, or undefined when it is safe. */
function unsafeName(name: string): string | undefined {
  if (/^[a-zA-Z]:/.test(name)) return 'its name starts with a drive letter'
  if (name.startsWith('/')) return 'its name is an absolute path'
  if (name.split('/').includes('..')) return 'its name climbs out of its folder with ..'
  return undefined
}

function archiveOf(file: string, readAt: ReadAt, entries: readonly Entry[]): ZipArchive {
  const files = entries.filter((e) => !e.fileName.endsWith('/'))
  const refused: RefusedMember[] = []
  const byName = new Map<string, Entry>()
  const members: ZipMember[] = []
  for (const e of files) {
    const reason = unsafeName(e.fileName)
    if (reason !== undefined) {
      refused.push({ name: yauzl.getFileNameLowLevel(e.generalPurposeBitFlag, e.fileNameRaw, e.extraFields, true), reason })
      continue
    }
    if (!byName.has(e.fileName)) byName.set(e.fileName, e)
    members.push({ name: e.fileName, compressedSize: e.compressedSize, uncompressedSize: e.uncompressedSize, crc32: e.crc32, encrypted: e.isEncrypted() })
  }
  const entryOf = (name: string): Entry => {
    const entry = byName.get(name)
    if (entry === undefined) throw new HeirloomError('DUMP_UNREADABLE', `${path.basename(file)}: no member ${name}`, 'scan the dump again')
    return entry
  }
  const dataStart = (entry: Entry): Promise<number> => dataStartOf(readAt, entry)
  return {
    file,
    members,
    refused,
    async openMember(name) {
      const entry = entryOf(name)
      try {
        return memberStream(file, entry, await dataStart(entry))
      } catch (e) {
        throw memberError(file, name, e)
      }
    },
    async readMember(name, maxBytes) {
      const entry = entryOf(name)
      if (entry.uncompressedSize > maxBytes) {
        throw new HeirloomError('DUMP_UNREADABLE', `${path.basename(file)}: ${name} declares ${entry.uncompressedSize} bytes, more than the ${maxBytes} allowed for it`,
          'a schema or manifest file this large is not one; check the dump')
      }
      try {
        return memberBytes(file, entry, await readAt(entry.compressedSize, await dataStart(entry)))
      } catch (e) {
        throw memberError(file, name, e)
      }
    },
  }
}

const LOCAL_FILE_HEADER = 0x04034b50
const LOCAL_FILE_HEADER_BYTES = 30

/** Where a member's data starts: after its local file header, whose name and extra field may differ in length from the central directory's. */
async function dataStartOf(readAt: ReadAt, entry: Entry): Promise<number> {
  const at = entry.relativeOffsetOfLocalHeader
  const header = await readAt(LOCAL_FILE_HEADER_BYTES, at)
  if (header.readUInt32LE(0) !== LOCAL_FILE_HEADER) throw new Error(`no local file header at offset ${at}`)
  return at + LOCAL_FILE_HEADER_BYTES + header.readUInt16LE(26) + header.readUInt16LE(28)
}

function assertReadable(file: string, entry: Entry): void {
  if (entry.isEncrypted()) throw encryptedError(file, entry.fileName)
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw new Error(`unsupported compression method ${entry.compressionMethod}`)
}

/**
 * A small member (schema file, manifest) whole, from its compressed bytes:
 * inflated in one call, no stream (a scan reads thousands of them), with the
 * same size and CRC-32 checks as a streamed member.
 */
function memberBytes(file: string, entry: Entry, compressed: Buffer): Buffer {
  assertReadable(file, entry)
  const declared = entry.uncompressedSize
  let bytes = compressed
  if (entry.compressionMethod === 8) {
    try {
      bytes = zlib.inflateRawSync(compressed, { maxOutputLength: declared + 1 })
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new Error(tooManyBytes(declared))
      throw e
    }
  }
  if (bytes.length > declared) throw new Error(tooManyBytes(declared))
  if (bytes.length < declared) throw new Error(tooFewBytes(bytes.length, declared))
  const crc = zlib.crc32(bytes)
  if (crc !== entry.crc32) throw new Error(crcMismatch(crc, entry.crc32))
  return bytes
}

const tooManyBytes = (declared: number): string => `it inflates to more than the ${declared} bytes the ZIP declares`
const tooFewBytes = (bytes: number, declared: number): string => `it inflates to ${bytes} bytes where the ZIP declares ${declared}`
const crcMismatch = (crc: number, expected: number): string => `CRC-32 ${hex(crc)} where the ZIP recorded ${hex(expected)}`

/** Compressed bytes are read, and inflated bytes handed on, in chunks this large: per-chunk stream overhead was a measured share of ingest time at zlib's 16 KiB (larger chunks cost more in page faults than they saved). */
const CHUNK_BYTES = 64 * 1024

/**
 * One member's bytes, inflated and checked: its own file stream over the
 * compressed range (large reads, not yauzl's 16 KiB), one inflate, and one
 * check that fails as soon as more bytes arrive than the central directory
 * declares (a ZIP bomb never inflates past that), at the end when fewer did,
 * or when the CRC-32 differs (yauzl does not check it: a damaged deflate
 * stream can inflate to garbage of the right length).
 */
function memberStream(file: string, entry: Entry, fileDataStart: number): Readable {
  assertReadable(file, entry)
  const raw = entry.compressedSize === 0
    ? Readable.from([])
    : fs.createReadStream(file, { start: fileDataStart, end: fileDataStart + entry.compressedSize - 1, highWaterMark: CHUNK_BYTES })
  const check = sizeAndCrcCheck(entry.uncompressedSize, entry.crc32)
  // pipeline() carries a read or inflate error into `check`, where the reader sees it.
  if (entry.compressionMethod === 8) pipeline(raw, zlib.createInflateRaw({ chunkSize: CHUNK_BYTES }), check, () => undefined)
  else pipeline(raw, check, () => undefined)
  return check
}

function sizeAndCrcCheck(declaredBytes: number, expectedCrc: number): Transform {
  let crc = 0
  let bytes = 0
  return new Transform({
    readableHighWaterMark: CHUNK_BYTES,
    writableHighWaterMark: CHUNK_BYTES,
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length
      if (bytes > declaredBytes) return done(new Error(tooManyBytes(declaredBytes)))
      crc = zlib.crc32(chunk, crc)
      done(null, chunk)
    },
    flush(done) {
      if (bytes < declaredBytes) return done(new Error(tooFewBytes(bytes, declaredBytes)))
      done(crc === expectedCrc ? null : new Error(crcMismatch(crc, expectedCrc)))
    },
  })
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0')
}

/** The error for a member that cannot be inflated: bad CRC, truncated data, a lying size. */
export function memberError(file: string, member: string, cause: unknown): HeirloomError {
  if (cause instanceof HeirloomError) return cause
  return new HeirloomError('DUMP_UNREADABLE', `${path.basename(file)}: member ${member} is corrupt (${messageOf(cause)})`,
    'export the dump again; the other members are not affected', { cause })
}

/** A member encrypted with a ZIP password: not corrupt, and exporting it the same way again will not help. */
export function encryptedError(file: string, member: string): HeirloomError {
  return new HeirloomError('MEMBER_ENCRYPTED', `${path.basename(file)}: member ${member} is encrypted with a ZIP password, which heirloom does not read`, ENCRYPTED_HINT)
}

const ENCRYPTED_HINT = 'export the dump again without ZIP encryption; to keep it protected in transit, encrypt the whole ZIP file with OpenPGP instead and decrypt it before heirloom reads it'
