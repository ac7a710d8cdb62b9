/**
 * pgloader for the live bench: used when on PATH; otherwise installed with
 * `apt-get install pgloader` (Debian's package) when the bench runs as root
 * and may install; else its row is skipped with the reason. Only the live
 * bench installs it (`npm run bench` and CI never do).
 */
import { onPath } from './baselines'
import { measureCommand } from './measure'

export type Pgloader =
  | { readonly kind: 'ready'; readonly version: string }
  | { readonly kind: 'missing'; readonly reason: string }

export async function ensurePgloader(install: boolean, log: (line: string) => void): Promise<Pgloader> {
  if (!onPath('pgloader')) {
    if (!install) return { kind: 'missing', reason: 'skipped: pgloader not installed and --no-install-pgloader given (apt-get install pgloader)' }
    if (process.getuid?.() !== 0 || !onPath('apt-get')) return { kind: 'missing', reason: 'skipped: pgloader not installed, and installing it needs apt-get as root (apt-get install pgloader)' }
    log('pgloader is not installed: apt-get install -y pgloader')
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    const aptInstall = (): ReturnType<typeof measureCommand> => measureCommand('apt-get', ['install', '-y', '-qq', 'pgloader'], { env })
    let r = await aptInstall()
    if (r.exitCode !== 0) {
      log('apt-get install failed; apt-get update, then once more')
      await measureCommand('apt-get', ['update', '-qq'], { env })
      r = await aptInstall()
    }
    if (r.exitCode !== 0 || !onPath('pgloader')) {
      return { kind: 'missing', reason: `skipped: pgloader could not be installed (apt-get install pgloader exited ${r.exitCode}: ${r.stderr.trim().split('\n').slice(-2).join(' ')})` }
    }
  }
  const v = await measureCommand('pgloader', ['--version'])
  const version = `${v.stdout} ${v.stderr}`.trim().split('\n').map((l) => l.trim()).filter((l) => l !== '').join('; ')
  log(`pgloader: ${version}`)
  return { kind: 'ready', version }
}
