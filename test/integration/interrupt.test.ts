import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { embeddedDataDir } from '../../src/db/database'
import { runningPort, serverDataDir, startEmbeddedServer, stopEmbeddedServer } from '../../src/db/embedded-server'
import { CLI, heirloom, startHeirloom } from '../support/cli'
import {
  copyInProgress, FAST_COPY_SQL, heirloomSessions, interruptedMessage, loadedState, prepareIngest, processAlive, query, readPid, ROWS, SLOW_COPY_SQL, waitUntil,
} from '../support/interrupt'
import { createTestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'

const SIGNALS = ['SIGINT', 'SIGTERM'] as const

describe('Ctrl-C (SIGINT) or SIGTERM in the middle of a COPY', () => {
  it('exits 130 saying nothing partial was kept, keeps no row of the table, and a re-run loads every row once', async () => {
    const ws = makeWorkspace('interrupt')
    const db = await createTestDatabase()
    try {
      const file = await prepareIngest(ws.dir, db.url)
      await db.query(SLOW_COPY_SQL)
      for (const signal of SIGNALS) {
        const run = startHeirloom(ws.dir, ['ingest', '--config', file])
        await waitUntil('the COPY has written rows', () => copyInProgress(db.url))
        run.child.kill(signal)
        const r = await run.done
        assert.equal(r.status, 130, `${signal}: ${r.stderr}`)
        assert.match(r.stderr, interruptedMessage(signal))
        // The abandoned session rolls back once it reads the end of its connection.
        await waitUntil('the abandoned sessions are gone', async () => (await heirloomSessions(db.url)) === 0)
        assert.deepEqual(await loadedState(db.url), { rows: 0, distinct: 0, loaded: 0 }, `after ${signal}`)
      }
      await db.query(FAST_COPY_SQL)
      const rerun = heirloom(ws.dir, ['ingest', '--config', file])
      assert.equal(rerun.status, 0, rerun.stderr)
      assert.deepEqual(await loadedState(db.url), { rows: ROWS, distinct: ROWS, loaded: 1 })
    } finally {
      await db.drop()
      ws.cleanup()
    }
  })

  it('stops the embedded server the command started, and a re-run loads every row once', async () => {
    const ws = makeWorkspace('interrupt-embedded')
    const requested = embeddedDataDir({ root: ws.dir })
    const dataDir = serverDataDir(requested)
    try {
      const file = await prepareIngest(ws.dir)
      await query((await startEmbeddedServer(requested)).url, SLOW_COPY_SQL)
      await stopEmbeddedServer(requested)
      for (const signal of SIGNALS) {
        const run = startHeirloom(ws.dir, ['ingest', '--config', file])
        let url = ''
        await waitUntil('the command has started the embedded server', () => {
          const port = runningPort(dataDir)
          url = `postgres://postgres@127.0.0.1:${port}/heirloom`
          return port !== undefined
        })
        await waitUntil('the COPY has written rows', () => copyInProgress(url).catch(() => false))
        const pid = readPid(path.join(dataDir, 'postmaster.pid'))
        run.child.kill(signal)
        const r = await run.done
        assert.equal(r.status, 130, `${signal}: ${r.stderr}`)
        assert.match(r.stderr, interruptedMessage(signal))
        assert.equal(fs.existsSync(path.join(dataDir, 'postmaster.pid')), false, `${signal}: the server's postmaster.pid is gone`)
        // pg_ctl stop -w returns when postmaster.pid is removed, a moment before the process ends.
        await waitUntil(`${signal}: the server process ${pid} is gone`, () => !processAlive(pid))
        const server = await startEmbeddedServer(requested)
        assert.deepEqual(await loadedState(server.url), { rows: 0, distinct: 0, loaded: 0 }, `after ${signal}`)
        await stopEmbeddedServer(requested)
      }
      const server = await startEmbeddedServer(requested)
      await query(server.url, FAST_COPY_SQL)
      const rerun = heirloom(ws.dir, ['ingest', '--config', file])
      assert.equal(rerun.status, 0, rerun.stderr)
      assert.deepEqual(await loadedState(server.url), { rows: ROWS, distinct: ROWS, loaded: 1 })
    } finally {
      await stopEmbeddedServer(requested)
      fs.rmSync(path.dirname(dataDir), { recursive: true, force: true })
      ws.cleanup()
    }
  })
})

const hasScript = spawnSync('script', ['--version']).status === 0

describe('Ctrl-C with the progress bar on a terminal', () => {
  it('shows the cursor again and lets lines wrap', { skip: hasScript ? false : 'no `script` command (util-linux) to give heirloom a terminal' }, async () => {
    const ws = makeWorkspace('interrupt-tty')
    const db = await createTestDatabase()
    try {
      const file = await prepareIngest(ws.dir, db.url)
      await db.query(SLOW_COPY_SQL)
      // script(1) runs the command on a pseudo-terminal and copies what it prints; the shell leaves heirloom's pid.
      const pidFile = path.join(ws.dir, 'heirloom.pid')
      const command = `echo $$ > '${pidFile}'; exec '${process.execPath}' '${CLI}' ingest --config '${file}'`
      const child = spawn('script', ['-qefc', `sh -c "${command.replace(/"/g, '\\"')}"`, '/dev/null'], { cwd: ws.dir, env: { ...process.env, HEIRLOOM_CONFIG: '' } })
      let output = ''
      child.stdout.on('data', (d: Buffer) => { output += d.toString() })
      const done = new Promise<number | null>((resolve) => child.on('close', resolve))
      await waitUntil('the COPY has written rows', () => copyInProgress(db.url))
      process.kill(Number(fs.readFileSync(pidFile, 'utf8')), 'SIGINT')
      const status = await done
      child.stdin.end()
      assert.equal(status, 130, output)
      // The bar hides the cursor (?25l) and stops long lines wrapping (?7l); both must be undone at the end.
      for (const [off, on] of [['\x1b[?25l', '\x1b[?25h'], ['\x1b[?7l', '\x1b[?7h']]) {
        assert.ok(output.includes(off), `the progress bar sent ${JSON.stringify(off)}: ${JSON.stringify(output)}`)
        assert.ok(output.lastIndexOf(on) > output.lastIndexOf(off), `${JSON.stringify(on)} comes after it: ${JSON.stringify(output.slice(-300))}`)
      }
    } finally {
      await db.drop()
      ws.cleanup()
    }
  })
})
