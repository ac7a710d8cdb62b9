import fs from 'node:fs'
import yauzl from 'yauzl'

interface EntryPosition {
  /** Offset of the member's data (after its local header). */
  readonly dataStart: number
  readonly compressedSize: number
  /** Offset of the member's central-directory record. */
  readonly centralRecord: number
}

/** Where a member's bytes and its central-directory record are, read with yauzl and the local header. */
export async function locateMember(file: string, member: string): Promise<EntryPosition> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false })
  try {
    const entry = await new Promise<yauzl.Entry>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => (e.fileName === member ? resolve(e) : zip.readEntry()))
      zip.on('end', () => reject(new Error(`no ${member} in ${file}`)))
      zip.readEntry()
    })
    const bytes = fs.readFileSync(file)
    const local = entry.relativeOffsetOfLocalHeader
    const dataStart = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28)
    return { dataStart, compressedSize: entry.compressedSize, centralRecord: centralRecordOf(bytes, member) }
  } finally {
    zip.close()
  }
}

/** Flips bytes in the middle of a member's compressed data: a bad CRC or a broken deflate stream. */
export async function damageMember(file: string, member: string): Promise<void> {
  const p = await locateMember(file, member)
  const bytes = fs.readFileSync(file)
  for (let i = 0; i < 8; i++) bytes[p.dataStart + Math.floor(p.compressedSize / 2) + i] ^= 0xff
  fs.writeFileSync(file, bytes)
}

/** Makes the central directory declare another uncompressed size for a member. */
export async function declareSize(file: string, member: string, size: number): Promise<void> {
  const p = await locateMember(file, member)
  const bytes = fs.readFileSync(file)
  bytes.writeUInt32LE(size, p.centralRecord + 24)
  fs.writeFileSync(file, bytes)
}

const CENTRAL_SIGNATURE = Buffer.from([0x50, 0x4b, 0x01, 0x02])

function centralRecordOf(bytes: Buffer, member: string): number {
  for (let at = bytes.indexOf(CENTRAL_SIGNATURE); at >= 0; at = bytes.indexOf(CENTRAL_SIGNATURE, at + 4)) {
    const nameLength = bytes.readUInt16LE(at + 28)
    if (bytes.subarray(at + 46, at + 46 + nameLength).toString() === member) return at
  }
  throw new Error(`no central-directory record for ${member}`)
}
