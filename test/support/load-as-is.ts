import assert from 'node:assert/strict'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { AsIsRows } from '../../src/ingest/format/as-is-rows'
import { passThrough } from './as-is-rows'

/** The table the rows go to: three text values and `_dump_id`, in file order. */
export const AS_IS_TABLE = 'CREATE TABLE t (n serial, a text, b text, c text, d int)'

/**
 * The values PostgreSQL loads from the member as the cutter hands it over
 * (in the given pieces, with COPY options `options`), or undefined when the
 * cutter or PostgreSQL refuses it. Rolled back either way.
 */
export async function loadAsIs(client: pg.Client, rows: AsIsRows, pieces: readonly Buffer[], options = ''): Promise<(string | null)[][] | undefined> {
  const fed = passThrough(rows, pieces)
  if (fed === undefined) return undefined
  await client.query('BEGIN')
  try {
    const copy = client.query(copyFrom(`COPY t (a, b, c, d) FROM STDIN ${options}`))
    await pipeline(Readable.from([Buffer.from(fed.text)]), copy)
    assert.equal(copy.rowCount, fed.rows, 'PostgreSQL counts the rows the cutter cut')
    return (await client.query<{ a: string | null; b: string | null; c: string | null }>('SELECT a, b, c FROM t ORDER BY n')).rows.map((r) => [r.a, r.b, r.c])
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('22') !== true) throw e
    return undefined
  } finally {
    await client.query('ROLLBACK')
  }
}
