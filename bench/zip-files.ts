import fs from 'node:fs'
import yazl from 'yazl'

/** A ZIP member: a file on disk (streamed, never read whole) or small content in memory. */
export type ZipSource =
  | { readonly kind: 'file'; readonly name: string; readonly path: string }
  | { readonly kind: 'buffer'; readonly name: string; readonly content: string }

const MTIME = new Date('2026-01-01T00:00:00Z')

/** Writes a deflated ZIP of the given members, streaming files from disk: memory stays bounded. */
export function zipFiles(target: string, members: readonly ZipSource[]): Promise<void> {
  const zip = new yazl.ZipFile()
  for (const m of members) {
    if (m.kind === 'file') zip.addFile(m.path, m.name, { mtime: MTIME, compress: true })
    else zip.addBuffer(Buffer.from(m.content, 'utf8'), m.name, { mtime: MTIME, compress: true })
  }
  zip.end()
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(target)
    zip.outputStream.on('error', reject)
    out.on('error', reject)
    out.on('close', () => resolve())
    zip.outputStream.pipe(out)
  })
}
