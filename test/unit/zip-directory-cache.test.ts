import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { text } from 'node:stream/consumers'
import { after, describe, it } from 'node:test'
import { withZip } from '../../src/dump/zip-archive'
import { makeZip } from '../support/make-zip'

/** Every member's name and inflated text, as withZip reads them. */
function contents(file: string): Promise<Record<string, string>> {
  return withZip(file, async (zip) => {
    const out: Record<string, string> = {}
    for (const m of zip.members) out[m.name] = await text(await zip.openMember(m.name))
    return out
  })
}

describe('withZip keeps the central directory it read, per file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heirloom-zip-cache-'))
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('reads the same members a second time, from the kept directory, byte for byte', async () => {
    const file = path.join(dir, 'a.zip')
    // A long name in one member and a stored one: the data start comes from each local header.
    await makeZip(file, { 'T.dat': 'one\ttwo\n', [`${'x'.repeat(300)}/U.dat`]: 'three\n' }, ['T.dat'])
    const first = await contents(file)
    assert.deepEqual(await contents(file), first)
    assert.deepEqual(first, { 'T.dat': 'one\ttwo\n', [`${'x'.repeat(300)}/U.dat`]: 'three\n' })
  })

  it('reads a file replaced at the same path afresh, not through the directory of the old one', async () => {
    const file = path.join(dir, 'b.zip')
    await makeZip(file, { 'T.dat': 'old\n' })
    assert.deepEqual(await contents(file), { 'T.dat': 'old\n' })
    const next = path.join(dir, 'b.next.zip')
    await makeZip(next, { 'A.dat': 'new member first\n', 'T.dat': 'new content, longer than the old\n' })
    fs.renameSync(next, file)
    assert.deepEqual(await contents(file), { 'A.dat': 'new member first\n', 'T.dat': 'new content, longer than the old\n' })
  })
})
