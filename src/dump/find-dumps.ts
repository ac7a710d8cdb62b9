import fs from 'node:fs'
import path from 'node:path'
import picomatch from 'picomatch'
import { HeirloomError } from '../errors'
import { compareText } from '../schema/compare-text'
import { isEncryptedDump, plainDumpName } from './decrypt-dump'

/**
 * The dump files `dumps.path` names: every `.zip` under a folder (recursively),
 * or every file matching a glob. Sorted, so runs are reproducible.
 */
export function findDumps(dumpsPath: string, configFile: string | undefined): string[] {
  const where = configNamed(configFile)
  const scanned = picomatch.scan(dumpsPath)
  if (scanned.isGlob) {
    const base = scanned.base === '' ? '.' : scanned.base
    assertFolder(base, dumpsPath, where)
    const isMatch = picomatch(dumpsPath.split(path.sep).join('/'))
    return listFiles(base).filter((f) => isMatch(f.split(path.sep).join('/'))).sort(compareText)
  }
  assertFolder(dumpsPath, dumpsPath, where)
  return listFiles(dumpsPath).filter(isDumpName).sort(compareText)
}

/**
 * A dumps folder (or glob) with no dump in it: a nightly run with nothing to
 * load is a missing export or a wrong path, never "all done".
 */
export function noDumpsFound(dumpsPath: string, configFile: string | undefined): HeirloomError {
  const what = picomatch.scan(dumpsPath).isGlob ? 'matches no file' : 'holds no .zip file'
  return new HeirloomError('CONFIG_INVALID', `${configNamed(configFile)}: dumps.path: ${dumpsPath} ${what}, so there is no dump to load`,
    'check that the night\'s export arrived there, or point dumps.path at the folder or glob that holds the dump ZIPs')
}

/** A `.zip`, or an OpenPGP-encrypted one (`.zip.gpg`, `.zip.pgp`, `.zip.asc`). */
export function isDumpName(file: string): boolean {
  return plainDumpName(file).toLowerCase().endsWith('.zip') && (isEncryptedDump(file) || file.toLowerCase().endsWith('.zip'))
}

function configNamed(configFile: string | undefined): string {
  return configFile === undefined ? 'the default configuration' : configFile
}

function assertFolder(folder: string, dumpsPath: string, where: string): void {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    throw new HeirloomError('CONFIG_INVALID', `${where}: dumps.path: ${dumpsPath} is not a folder`,
      'create the folder and put the dump ZIPs in it, or point dumps.path at the folder or glob that holds them')
  }
}

function listFiles(folder: string): string[] {
  return fs.readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath ?? d.path, d.name))
}
