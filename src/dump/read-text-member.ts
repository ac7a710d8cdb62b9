import type { ZipArchive } from './zip-archive'

/** The largest schema, manifest or format file read: they are small text, and a bigger one is no such file. */
const MAX_TEXT_BYTES = 16 * 1024 * 1024

/** A small text member (manifest, schema file, DDL, format file) as a string. */
export async function readTextMember(zip: Pick<ZipArchive, 'readMember'>, name: string): Promise<string> {
  return decodeText(await zip.readMember(name, MAX_TEXT_BYTES))
}

/** UTF-8, or UTF-16 with a BOM as SQL Server tools (Generate Scripts, bcp -x) write them. */
function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le')
  const text = bytes.toString('utf8')
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}
