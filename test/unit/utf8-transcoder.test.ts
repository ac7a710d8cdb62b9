import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { utf8Transcoder } from '../../src/ingest/format/encoding'

/** Feeds `input` in the given pieces; resolves to the UTF-8 output, rejects with the stream's error. */
async function transcode(label: string, pieces: readonly Buffer[]): Promise<Buffer> {
  const t = utf8Transcoder(label)
  const out: Buffer[] = []
  t.on('data', (c: Buffer) => out.push(c))
  const done = new Promise<void>((resolve, reject) => {
    t.on('end', resolve)
    t.on('error', reject)
  })
  for (const p of pieces) t.write(p)
  t.end()
  await done
  return Buffer.concat(out)
}

const TEXT = '\ufeffa|~|Ångström 😀\r\n漢\u{1D11E}x'

describe('utf8Transcoder', () => {
  for (const label of ['utf16le', 'utf16be', 'windows-1252']) {
    it(`re-encodes ${label} as UTF-8 whatever the chunk boundaries (inside a character, a surrogate pair, a BOM)`, async () => {
      const text = label === 'windows-1252' ? 'a|~|Ångström €\r\n' : TEXT
      const input = label === 'utf16be' ? Buffer.from(text, 'utf16le').swap16() : label === 'windows-1252' ? Buffer.from(text.replace('€', '\x80'), 'latin1') : Buffer.from(text, 'utf16le')
      const expected = Buffer.from(text, 'utf8')
      for (let a = 0; a <= input.length; a++) {
        for (let b = a; b <= input.length; b++) {
          const got = await transcode(label, [input.subarray(0, a), input.subarray(a, b), input.subarray(b)])
          assert.deepEqual(got, expected, `${label} split at ${a} and ${b}`)
        }
      }
    })
  }

  it('fails on a lone surrogate, naming the encoding', async () => {
    await assert.rejects(transcode('utf16le', [Buffer.from([0x41, 0x00, 0x00, 0xdc, 0x42, 0x00])]), /not valid utf16le/)
    await assert.rejects(transcode('utf16le', [Buffer.from([0x41, 0x00, 0x00, 0xd8, 0x42, 0x00])]), /not valid utf16le/)
  })

  it('fails when the file ends inside a character (an odd byte, half a surrogate pair)', async () => {
    await assert.rejects(transcode('utf16le', [Buffer.from([0x41, 0x00, 0x42])]), /ends inside a utf16le character/)
    await assert.rejects(transcode('utf16le', [Buffer.from([0x41, 0x00, 0x3d, 0xd8])]), /ends inside a utf16le character/)
    await assert.rejects(transcode('utf16be', [Buffer.from([0x00, 0x41, 0x00])]), /ends inside a utf16be character/)
  })
})
