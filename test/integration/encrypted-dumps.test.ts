import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { heirloom, startHeirloom, type CliResult } from '../support/cli'
import { Gpg, NO_GPG } from '../support/gpg'
import { copyInProgress, prepareIngest, SLOW_COPY_SQL, waitUntil } from '../support/interrupt'
import { makeSyntheticDump } from '../support/synthetic-dump'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { makeWorkspace } from '../support/workspace'

const PASSPHRASE = 'Dump-Pass!7xq'
const KEY_PASSPHRASE = 'Key-Pass!9zr'
const UID = 'Heirloom Test <heirloom-test@example.invalid>'
const ENV = { HL_DUMP_PASS: PASSPHRASE, HL_KEY_PASS: KEY_PASSPHRASE }
const ROWS = 50

/** A one-table dump of region `region` in folder `dir`, as a plain ZIP; returns its path. */
function dumpOf(dir: string, region: string, day: number): Promise<string> {
  return makeSyntheticDump(dir, { region, exportedAt: `2026-11-${String(day).padStart(2, '0')}T00:00:00Z`, tables: 1, rows: ROWS })
}

function config(dir: string, db: TestDatabase, decrypt: string): string {
  const file = path.join(dir, 'heirloom.yml')
  fs.writeFileSync(file, `database: { url: '${db.url}' }\ndumps:\n  path: ./dumps\n  decrypt:\n${decrypt}\nmigrations: { directory: ./migrations }\ningest: { workers: 2 }\n`)
  return file
}

async function rowsByRegion(db: TestDatabase): Promise<Record<string, number>> {
  const rows = await db.query<{ region: string; n: number }>(`SELECT d.region, count(*)::int AS n FROM public.t01 t JOIN heirloom.dumps d ON d.id = t._dump_id GROUP BY 1 ORDER BY 1`)
  return Object.fromEntries(rows.map((r) => [r.region, r.n]))
}

function decryptedLeft(dir: string): string[] {
  const folder = path.join(dir, '.heirloom', 'decrypted')
  return fs.existsSync(folder) ? fs.readdirSync(folder) : []
}

/** Every file under dir, read as bytes (latin1 keeps every byte). */
function allFileText(dir: string): string {
  if (!fs.existsSync(dir)) return ''
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile()).map((f) => fs.readFileSync(f, 'latin1')).join('\n')
}

function assertNoSecret(what: string, text: string): void {
  for (const secret of [PASSPHRASE, KEY_PASSPHRASE]) assert.ok(!text.includes(secret), `${what} shows a passphrase`)
}

describe('OpenPGP-encrypted dumps', { skip: NO_GPG }, () => {
  it('loads dumps gpg encrypted with a passphrase and to a key pair, binary and armoured, and keeps every passphrase out of outputs, the temporary folder and the bookkeeping', async () => {
    const ws = makeWorkspace('gpg-ok')
    const gpg = new Gpg()
    const db = await createTestDatabase()
    try {
      const dumps = path.join(ws.dir, 'dumps')
      const keyFile = path.join(ws.dir, 'secret-key.asc')
      gpg.generateKey(UID, KEY_PASSPHRASE, keyFile)
      const cases: [string, (zip: string, out: string) => void, string][] = [
        ['eu', (zip, out) => gpg.symmetric(zip, out, PASSPHRASE), '.gpg'],
        ['us', (zip, out) => gpg.symmetric(zip, out, PASSPHRASE, { armor: true }), '.asc'],
        ['asia', (zip, out) => gpg.encryptTo(UID, zip, out), '.pgp'],
        ['africa', (zip, out) => gpg.encryptTo(UID, zip, out, { armor: true }), '.asc'],
      ]
      for (const [i, [region, encrypt, ext]] of cases.entries()) {
        const zip = await dumpOf(dumps, region, i + 1)
        encrypt(zip, zip + ext)
        fs.rmSync(zip)
      }
      const file = config(ws.dir, db, '    passphrase: ${HL_DUMP_PASS}\n    privateKeyFile: ./secret-key.asc\n    privateKeyPassphrase: ${HL_KEY_PASS}')
      const outputs: [string, CliResult][] = []
      const run = heirloom(ws.dir, ['run', '--config', file], ENV)
      outputs.push(['run', run])
      assert.equal(run.status, 0, run.stderr)
      assert.deepEqual(await rowsByRegion(db), { africa: ROWS, asia: ROWS, eu: ROWS, us: ROWS })
      assert.deepEqual(decryptedLeft(ws.dir), [], 'the decrypted copies are removed when the run is done')
      for (const args of [['run', '--json'], ['scan', '--json'], ['scan'], ['status'], ['status', '--json'], ['ingest', '--log-format', 'json']]) {
        const r = heirloom(ws.dir, [...args, '--config', file], ENV)
        assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`)
        outputs.push([args.join(' '), r])
      }
      const files = (await db.query<{ file: string }>('SELECT file FROM heirloom.dumps ORDER BY file')).map((r) => path.basename(r.file))
      assert.deepEqual(files, ['shop_africa_2026-11-04.zip.asc', 'shop_asia_2026-11-03.zip.pgp', 'shop_eu_2026-11-01.zip.gpg', 'shop_us_2026-11-02.zip.asc'])
      for (const [what, r] of outputs) assertNoSecret(what, r.stdout + r.stderr)
      // Every row of every bookkeeping table as text (SQL, not pg_dump: the embedded server is newer than the machine's pg_dump).
      const tables = await db.query<{ t: string }>("SELECT quote_ident(table_name) AS t FROM information_schema.tables WHERE table_schema = 'heirloom' AND table_type = 'BASE TABLE'")
      let bookkeeping = ''
      for (const { t } of tables) bookkeeping += (await db.query<{ r: string }>(`SELECT r::text AS r FROM heirloom.${t} r`)).map((x) => x.r).join('\n') + '\n'
      assert.match(bookkeeping, /shop_eu_2026-11-01\.zip\.gpg/, 'the rows of the heirloom schema hold the bookkeeping')
      assertNoSecret('the heirloom schema', bookkeeping)
      assertNoSecret('.heirloom/', allFileText(path.join(ws.dir, '.heirloom')))
    } finally {
      await db.drop()
      gpg.cleanup()
      ws.cleanup()
    }
  })

  it('fails a dump with a flipped byte or cut short, loading nothing of it, naming it, and loads the others (exit 1)', async () => {
    const ws = makeWorkspace('gpg-tampered')
    const gpg = new Gpg()
    const db = await createTestDatabase()
    try {
      const dumps = path.join(ws.dir, 'dumps')
      for (const [i, region] of ['eu', 'flipped', 'truncated'].entries()) {
        const zip = await dumpOf(dumps, region, i + 1)
        // Not compressed: a flipped byte still decrypts to readable data, which only the integrity check (MDC) catches.
        gpg.symmetric(zip, `${zip}.gpg`, PASSPHRASE, { compress: false })
        fs.rmSync(zip)
      }
      const flipped = path.join(dumps, 'shop_flipped_2026-11-02.zip.gpg')
      const bytes = fs.readFileSync(flipped)
      bytes[Math.floor(bytes.length / 2)] ^= 0x01
      fs.writeFileSync(flipped, bytes)
      const truncated = path.join(dumps, 'shop_truncated_2026-11-03.zip.gpg')
      fs.truncateSync(truncated, Math.floor(fs.statSync(truncated).size * 0.7))
      const file = config(ws.dir, db, '    passphrase: ${HL_DUMP_PASS}')
      const r = heirloom(ws.dir, ['run', '--config', file], ENV)
      assert.equal(r.status, 1, r.stderr)
      assert.match(r.stdout + r.stderr, /shop_flipped_2026-11-02\.zip\.gpg: cannot decrypt the dump \(.+\), so nothing of it is loaded/)
      assert.match(r.stdout + r.stderr, /shop_truncated_2026-11-03\.zip\.gpg: cannot decrypt the dump \(.+\), so nothing of it is loaded/)
      assert.deepEqual(await rowsByRegion(db), { eu: ROWS })
      const regions = (await db.query<{ region: string }>('SELECT region FROM heirloom.dumps ORDER BY 1')).map((x) => x.region)
      assert.deepEqual(regions, ['eu'], 'the failed dumps are not registered: nothing of them was read')
      assert.deepEqual(decryptedLeft(ws.dir), [])
      assertNoSecret('run', r.stdout + r.stderr)
    } finally {
      await db.drop()
      gpg.cleanup()
      ws.cleanup()
    }
  })

  it('names the dump a wrong passphrase cannot open, exits 1, and still loads the other dumps', async () => {
    const ws = makeWorkspace('gpg-wrong')
    const gpg = new Gpg()
    const db = await createTestDatabase()
    try {
      const dumps = path.join(ws.dir, 'dumps')
      await dumpOf(dumps, 'eu', 1)
      const other = await dumpOf(dumps, 'us', 2)
      gpg.symmetric(other, `${other}.gpg`, 'another passphrase')
      fs.rmSync(other)
      const file = config(ws.dir, db, '    passphrase: ${HL_DUMP_PASS}')
      const r = heirloom(ws.dir, ['run', '--config', file], ENV)
      assert.equal(r.status, 1, r.stderr)
      assert.match(r.stdout + r.stderr, /shop_us_2026-11-02\.zip\.gpg: cannot decrypt the dump/)
      assert.match(r.stdout + r.stderr, /dumps\.decrypt\.passphrase/)
      assert.deepEqual(await rowsByRegion(db), { eu: ROWS })
      assertNoSecret('run', r.stdout + r.stderr)
      const none = config(ws.dir, db, '    {}')
      const without = heirloom(ws.dir, ['scan', '--config', none])
      assert.equal(without.status, 1, without.stderr)
      assert.match(without.stdout + without.stderr, /shop_us_2026-11-02\.zip\.gpg: the dump is OpenPGP-encrypted and the config gives no way to open it/)
    } finally {
      await db.drop()
      gpg.cleanup()
      ws.cleanup()
    }
  })

  it('keeps the plaintext in a private file (0600) while loading, and the next start removes it after a kill -9', async () => {
    const ws = makeWorkspace('gpg-kill')
    const gpg = new Gpg()
    const db = await createTestDatabase()
    try {
      const file = await prepareIngest(ws.dir, db.url)
      const zip = path.join(ws.dir, 'dumps', 'shop_eu_2026-11-01.zip')
      gpg.symmetric(zip, `${zip}.gpg`, PASSPHRASE)
      fs.rmSync(zip)
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('dumps: { path: ./dumps }', 'dumps: { path: ./dumps, decrypt: { passphrase: "${HL_DUMP_PASS}" } }'))
      await db.query(SLOW_COPY_SQL)
      const run = startHeirloomWithEnv(ws.dir, ['ingest', '--config', file])
      await waitUntil('the COPY has written rows', () => copyInProgress(db.url))
      const folder = path.join(ws.dir, '.heirloom', 'decrypted')
      const [plaintext] = decryptedLeft(ws.dir)
      assert.ok(plaintext !== undefined, 'a decrypted copy exists while loading')
      assert.equal(fs.statSync(path.join(folder, plaintext)).mode & 0o777, 0o600)
      assert.equal(fs.statSync(folder).mode & 0o777, 0o700)
      run.child.kill('SIGKILL')
      await run.done
      assert.deepEqual(decryptedLeft(ws.dir), [plaintext], 'kill -9 leaves it behind')
      const next = heirloom(ws.dir, ['scan', '--config', file], ENV)
      assert.equal(next.status, 0, next.stderr)
      assert.deepEqual(decryptedLeft(ws.dir), [], 'the next start removed it')
    } finally {
      await db.drop()
      gpg.cleanup()
      ws.cleanup()
    }
  })
})

function startHeirloomWithEnv(cwd: string, args: readonly string[]): ReturnType<typeof startHeirloom> {
  const saved = { ...process.env }
  Object.assign(process.env, ENV)
  try {
    return startHeirloom(cwd, args)
  } finally {
    for (const k of Object.keys(ENV)) if (saved[k] === undefined) delete process.env[k]
  }
}
