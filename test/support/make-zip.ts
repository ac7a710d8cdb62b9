import fs from 'node:fs'
import yazl from 'yazl'

/** Writes a ZIP holding the given members (name → content), deterministically; members named in `stored` are not compressed. */
export function makeZip(file: string, members: Readonly<Record<string, string | Buffer>>, stored: readonly string[] = []): Promise<void> {
  const zip = new yazl.ZipFile()
  for (const [name, content] of Object.entries(members)) {
    zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), name, { mtime: new Date('2026-01-01T00:00:00Z'), compress: !stored.includes(name) })
  }
  zip.end()
  return new Promise((resolve, reject) => {
    zip.outputStream.pipe(fs.createWriteStream(file)).on('close', () => resolve()).on('error', reject)
  })
}
