/**
 * `npm test`: runs every compiled test file with node's test runner against
 * a real PostgreSQL: the server in HEIRLOOM_TEST_DATABASE_URL when set, else
 * a throwaway embedded one started here and removed afterwards.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { redactConnectionString } from '../src/db/connection-string'
import { startEmbeddedServer, stopEmbeddedServer } from '../src/db/embedded-server'

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .sort()
}

async function main(): Promise<number> {
  const files = testFiles(__dirname).filter((f) => process.argv.length <= 2 || process.argv.slice(2).some((a) => f.includes(a)))
  let url = process.env.HEIRLOOM_TEST_DATABASE_URL
  let dataDir: string | undefined
  let scratch: string | undefined
  if (url === undefined || url === '') {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'heirloom-test-'))
    // As root the data may go elsewhere (serverDataDir): remove both folders afterwards.
    const server = await startEmbeddedServer(path.join(scratch, 'pgdata'))
    url = server.url
    dataDir = server.dataDir
    process.stdout.write(`test database: embedded PostgreSQL at ${url}\n`)
  } else {
    process.stdout.write(`test database: ${redactConnectionString(url)}\n`)
  }
  try {
    const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
      stdio: 'inherit', env: { ...process.env, HEIRLOOM_TEST_DATABASE_URL: url },
    })
    return r.status ?? 1
  } finally {
    if (dataDir !== undefined && scratch !== undefined) {
      await stopEmbeddedServer(dataDir)
      for (const d of [path.dirname(dataDir), scratch]) fs.rmSync(d, { recursive: true, force: true })
    }
  }
}

void main().then((code) => process.exit(code))
