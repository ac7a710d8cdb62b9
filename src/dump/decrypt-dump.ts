import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { DecryptSecrets } from '../config/config'
import { HeirloomError, messageOf } from '../errors'
import type * as OpenPgp from 'openpgp' with { 'resolution-mode': 'import' }

// openpgp ships CommonJS for require() (dist/node/openpgp.min.cjs) but types only as an ES module.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const openpgp = require('openpgp') as typeof OpenPgp

/** The endings of an OpenPGP-encrypted dump: `X.zip.gpg`, `X.zip.pgp`, `X.zip.asc` (binary or ASCII-armoured alike). */
export const ENCRYPTED_EXTS: readonly string[] = ['.gpg', '.pgp', '.asc']

/** Whether a dump file is OpenPGP-encrypted, by its name. */
export function isEncryptedDump(file: string): boolean {
  const lower = file.toLowerCase()
  return ENCRYPTED_EXTS.some((ext) => lower.endsWith(ext))
}

/** The dump's name as `dumps.pattern` sees it: without `.gpg`/`.pgp`/`.asc`. */
export function plainDumpName(file: string): string {
  const base = path.basename(file)
  return isEncryptedDump(base) ? base.slice(0, -4) : base
}

/**
 * Where decrypted copies live while a dump is read: heirloom's own folder
 * beside the config (`.heirloom/`, like the embedded server's data), a
 * folder only its owner can enter.
 */
export function plaintextFolder(root: string): string {
  return path.join(root, '.heirloom', 'decrypted')
}

/**
 * Decrypts an encrypted dump into a private file (mode 0600) in `folder` and
 * returns its path. A ZIP needs random access, so the plaintext is written
 * once, whole; the integrity check (MDC or AEAD) runs at the end of the
 * stream, and only a file that passed it is returned: a wrong passphrase, a
 * missing key, a flipped byte or a cut-off file is a DECRYPTION_FAILED error
 * naming the dump, and the partial copy is removed. No secret is ever put
 * into a message.
 */
export async function decryptDump(file: string, secrets: DecryptSecrets, folder: string): Promise<string> {
  const name = path.basename(file)
  if (secrets.passphrase === undefined && secrets.privateKeyFile === undefined) {
    throw new HeirloomError('DECRYPTION_FAILED', `${name}: the dump is OpenPGP-encrypted and the config gives no way to open it, so nothing of it is loaded`,
      'set dumps.decrypt.passphrase (gpg --symmetric) or dumps.decrypt.privateKeyFile (gpg --encrypt -r), e.g. passphrase: ${HEIRLOOM_DUMP_PASSPHRASE}')
  }
  const decryptionKeys = secrets.privateKeyFile === undefined ? undefined : await readPrivateKey(name, secrets)
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 })
  const target = path.join(folder, `${process.pid}-${randomBytes(6).toString('hex')}-${plainDumpName(file)}`)
  try {
    const message = await readMessage(file)
    // openpgp tries the passphrase alone when given one: use the key for a message encrypted to keys.
    const toKeys = decryptionKeys !== undefined && message.getEncryptionKeyIDs().length > 0
    const { data } = await openpgp.decrypt({
      message, format: 'binary',
      ...(toKeys ? { decryptionKeys } : { passwords: secrets.passphrase === undefined ? [] : [secrets.passphrase] }),
      // Stream the plaintext to the private file rather than hold it in memory; the
      // file is used only once the stream has ended with its integrity check passed.
      config: { allowUnauthenticatedStream: true },
    })
    // 'wx': a new file, never one that is there (a link planted in the folder); 0600 from its first byte.
    await pipeline(Readable.fromWeb(data as unknown as WebReadableStream<Uint8Array>), fs.createWriteStream(target, { flags: 'wx', mode: 0o600, flush: true }))
    return target
  } catch (e) {
    fs.rmSync(target, { force: true })
    throw decryptionFailed(name, secrets, e)
  }
}

/**
 * Removes the decrypted copies a crashed or killed heirloom left behind:
 * every file of the folder whose process (the pid its name starts with) is
 * gone. Another heirloom running now keeps its own.
 */
export function removeLeftoverPlaintexts(folder: string): string[] {
  if (!fs.existsSync(folder)) return []
  const removed: string[] = []
  for (const entry of fs.readdirSync(folder)) {
    const pid = Number(/^(\d+)-/.exec(entry)?.[1])
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) continue
    if (pid === process.pid && held.has(path.join(folder, entry))) continue
    fs.rmSync(path.join(folder, entry), { force: true, recursive: true })
    removed.push(entry)
  }
  return removed
}

/** Decrypted copies this process uses now: removed when the use case ends, or at exit (Ctrl-C, SIGTERM) at the latest. */
const held = new Set<string>()
let exitHook = false

/** Keeps decrypted copies until `releasePlaintexts`, or until the process exits. */
export function holdPlaintexts(files: readonly string[]): void {
  for (const f of files) held.add(f)
  if (!exitHook && files.length > 0) {
    exitHook = true
    process.on('exit', () => releasePlaintexts([...held]))
  }
}

/** Removes decrypted copies: the dumps they belong to are done. */
export function releasePlaintexts(files: readonly string[]): void {
  for (const f of files) {
    fs.rmSync(f, { force: true })
    held.delete(f)
  }
}

async function readMessage(file: string): Promise<OpenPgp.Message<OpenPgp.WebStream<Uint8Array>> | OpenPgp.Message<OpenPgp.WebStream<string>>> {
  const head = Buffer.alloc(64)
  const fd = fs.openSync(file, 'r')
  const n = (() => {
    try {
      return fs.readSync(fd, head, 0, head.length, 0)
    } finally {
      fs.closeSync(fd)
    }
  })()
  if (head.subarray(0, n).toString('latin1').includes('-----BEGIN PGP MESSAGE')) {
    const text = Readable.toWeb(fs.createReadStream(file, { encoding: 'utf8' })) as unknown as OpenPgp.WebStream<string>
    return openpgp.readMessage({ armoredMessage: text })
  }
  const bytes = Readable.toWeb(fs.createReadStream(file)) as unknown as OpenPgp.WebStream<Uint8Array>
  return openpgp.readMessage({ binaryMessage: bytes })
}

async function readPrivateKey(dump: string, secrets: DecryptSecrets): Promise<OpenPgp.PrivateKey> {
  const file = secrets.privateKeyFile as string
  try {
    const bytes = fs.readFileSync(file)
    const text = bytes.toString('latin1')
    const key = text.includes('-----BEGIN PGP PRIVATE KEY BLOCK')
      ? await openpgp.readPrivateKey({ armoredKey: text })
      : await openpgp.readPrivateKey({ binaryKey: new Uint8Array(bytes) })
    if (key.isDecrypted()) return key
    if (secrets.privateKeyPassphrase === undefined) {
      throw new HeirloomError('DECRYPTION_FAILED', `${dump}: the private key in ${file} is protected by a passphrase and the config gives none`,
        'set dumps.decrypt.privateKeyPassphrase (e.g. ${HEIRLOOM_KEY_PASSPHRASE}) or dumps.decrypt.privateKeyPassphraseFile')
    }
    return await openpgp.decryptKey({ privateKey: key, passphrase: secrets.privateKeyPassphrase })
  } catch (e) {
    if (e instanceof HeirloomError) throw e
    throw new HeirloomError('DECRYPTION_FAILED', `${dump}: cannot use the private key in ${file} (${messageOf(e)})`,
      'check dumps.decrypt.privateKeyFile (an exported secret key: gpg --export-secret-keys) and dumps.decrypt.privateKeyPassphrase', { cause: e })
  }
}

function decryptionFailed(dump: string, secrets: DecryptSecrets, e: unknown): HeirloomError {
  if (e instanceof HeirloomError) return e
  const what = [secrets.passphrase === undefined ? undefined : 'dumps.decrypt.passphrase', secrets.privateKeyFile === undefined ? undefined : 'dumps.decrypt.privateKeyFile']
    .filter((k) => k !== undefined).join(' and ')
  return new HeirloomError('DECRYPTION_FAILED', `${dump}: cannot decrypt the dump (a wrong passphrase or key, or a file altered or cut short: ${messageOf(e)}), so nothing of it is loaded`,
    `check that ${what} match(es) what the sender encrypted with; if they do, the file was altered or cut short on its way: have it sent again`, { cause: e })
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
