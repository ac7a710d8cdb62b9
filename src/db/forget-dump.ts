import path from 'node:path'
import type pg from 'pg'
import { HeirloomError } from '../errors'
import { withClient } from './database'
import { dropLeavesOf, withShortLockWaits } from './leaves'

export interface ForgetReport {
  readonly id: number
  readonly file: string
  readonly rowsDeleted: number
}

interface DumpRow { readonly id: number; readonly file: string }

/**
 * Removes a dump and every row it loaded, in one transaction: its leaves are
 * dropped (O(1) in their rows, no DELETE), so its rows leave every mother at
 * once; its bookkeeping (loads, rejects) goes. A later ingest loads it again
 * as new. `ref` is the id `status --json` shows, the file name, or the
 * file's path. Waits for readers of its tables with short lock waits, retried.
 */
export async function forgetDump(url: string, ref: string): Promise<ForgetReport> {
  return withClient(url, async (client) => {
    const dump = await findDump(client, ref)
    return withShortLockWaits(client, `forgetting dump ${dump.id}`, async () => {
      // Waits for a load of this dump still in flight (its claim holds these rows).
      await client.query('SELECT id FROM heirloom.loads WHERE dump_id = $1 FOR UPDATE', [dump.id])
      const rows = await client.query<{ n: number }>("SELECT coalesce(sum(rows_loaded), 0)::float8 AS n FROM heirloom.loads WHERE dump_id = $1 AND status = 'loaded'", [dump.id])
      await dropLeavesOf(client, dump.id)
      await client.query('DELETE FROM heirloom.dumps WHERE id = $1', [dump.id])
      return { id: dump.id, file: dump.file, rowsDeleted: rows.rows[0].n }
    })
  })
}

async function findDump(client: pg.Client, ref: string): Promise<DumpRow> {
  const all = await client.query<DumpRow>('SELECT id, file FROM heirloom.dumps ORDER BY id')
  const matches = all.rows.filter((d) => String(d.id) === ref || d.file === ref || path.basename(d.file) === ref || d.file === path.resolve(ref))
  if (matches.length === 1) return matches[0]
  if (matches.length === 0) throw new HeirloomError('USAGE', `no dump "${ref}" is known to this database`, 'name it as `heirloom status` lists it (file name or id)')
  throw new HeirloomError('USAGE', `"${ref}" names ${matches.length} dumps: ${matches.map((d) => `${d.id} (${d.file})`).join(', ')}`, 'name it by its id')
}
