import fs from 'node:fs'
import path from 'node:path'
import picomatch from 'picomatch'
import { HeirloomError } from '../errors'
import { compareText } from './scan-dump'

/**
 * The dump files `dumps.path` names: every `.zip` under a folder (recursively),
 * or every file matching a glob. Sorted, so runs are reproducible.
 */
export function findDumps(dumpsPath: string, configFile: string | undefined): string[] {
  const where = configFile === undefined ? 'the default configuration' : configFile
  const scanned = picomatch.scan(dumpsPath)
  if (scanned.isGlob) {
    const base = scanned.base === '' ? '.' : scanned.base
    assertFolder(base, dumpsPath, where)
    const isMatch = picomatch(dumpsPath.split(path.sep).join('/'))
    return listFiles(base).filter((f) => isMatch(f.split(path.sep).join('/'))).sort(compareText)
  }
  assertFolder(dumpsPath, dumpsPath, where)
  return listFiles(dumpsPath).filter((f) => f.toLowerCase().endsWith('.zip')).sort(compareText)
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
