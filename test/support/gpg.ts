import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** Why the GnuPG tests are skipped, or false when the `gpg` command line is here. */
export const NO_GPG: string | false = spawnSync('gpg', ['--version']).status === 0 ? false : 'no `gpg` command (GnuPG) to make encrypted dumps with'

/** The real `gpg` in a throwaway GNUPGHOME (short path: gpg-agent's socket name has a length limit). */
export class Gpg {
  readonly home = fs.mkdtempSync(path.join(os.tmpdir(), 'hgpg-'))

  constructor() {
    fs.chmodSync(this.home, 0o700)
  }

  run(args: readonly string[], input?: string): string {
    const r = spawnSync('gpg', ['--homedir', this.home, '--batch', '--yes', '--no-tty', '--pinentry-mode', 'loopback', ...args], { encoding: 'latin1', input, maxBuffer: 1 << 28 })
    if (r.status !== 0) throw new Error(`gpg ${args.join(' ')} failed: ${r.stderr}`)
    return r.stdout
  }

  /** `gpg --symmetric` with a passphrase, binary or `--armor`; compressed unless told not to. */
  symmetric(input: string, output: string, passphrase: string, o: { armor?: boolean; compress?: boolean } = {}): void {
    this.run(['--passphrase', passphrase, '--symmetric', '--cipher-algo', 'AES256', ...(o.armor === true ? ['--armor'] : []), ...(o.compress === false ? ['--compress-algo', 'none'] : []), '-o', output, input])
  }

  /** A key pair for `uid`, its secret key protected by `passphrase`; writes the exported secret key (armoured) to keyFile. */
  generateKey(uid: string, passphrase: string, keyFile: string): void {
    this.run(['--passphrase', passphrase, '--quick-gen-key', uid, 'future-default', 'default', 'never'])
    fs.writeFileSync(keyFile, this.run(['--passphrase', passphrase, '--armor', '--export-secret-keys', uid]), 'latin1')
  }

  /** `gpg --encrypt -r uid`, binary or `--armor`. */
  encryptTo(uid: string, input: string, output: string, o: { armor?: boolean } = {}): void {
    this.run(['--trust-model', 'always', '--recipient', uid, '--encrypt', ...(o.armor === true ? ['--armor'] : []), '-o', output, input])
  }

  cleanup(): void {
    spawnSync('gpgconf', ['--homedir', this.home, '--kill', 'all'])
    fs.rmSync(this.home, { recursive: true, force: true })
  }
}
