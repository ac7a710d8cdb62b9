import path from 'node:path'
import type pg from 'pg'
import { HeirloomError } from '../errors'
import { qualifiedName, quoteIdentifier } from '../schema/identifiers'
import { DUMP_ID_COLUMN } from '../schema/model'
import { withClient, withTransaction } from './database'

export interface ForgetReport {
  readonly id: number
  readonly file: string
  readonly rowsDeleted: number
}

interface DumpRow { readonly id: number; readonly file: string }

/**
 * Removes a dump and every row it loaded, in one transaction: its rows leave
 * every mother (and so every child), its bookkeeping (loads, rejects) goes.
 * A later ingest loads it again as new. `ref` is the id `status --json`
 * shows, the file name, or the file's path.
 */
export async function forgetDump(url: string, schema: string, ref: string): Promise<ForgetReport> {
  return withClient(url, (client) => withTransaction(client, async () => {
    const dump = await findDump(client, ref)
    // Waits for a load of this dump still in flight (its claim holds these rows).
    await client.query('SELECT id FROM heirloom.loads WHERE dump_id = $1 FOR UPDATE', [dump.id])
    const tables = await client.query<{ table_name: string }>('SELECT DISTINCT table_name FROM heirloom.loads WHERE dump_id = $1 ORDER BY 1', [dump.id])
    let rowsDeleted = 0
    for (const t of tables.rows) {
      const r = await client.query(`DELETE FROM ${qualifiedName(schema, t.table_name)} WHERE ${quoteIdentifier(DUMP_ID_COLUMN)} = $1`, [dump.id])
      rowsDeleted += r.rowCount ?? 0
    }
    await client.query('DELETE FROM heirloom.dumps WHERE id = $1', [dump.id])
    return { id: dump.id, file: dump.file, rowsDeleted }
  }))
}

async function findDump(client: pg.Client, ref: string): Promise<DumpRow> {
  const all = await client.query<DumpRow>('SELECT id, file FROM heirloom.dumps ORDER BY id')
  const matches = all.rows.filter((d) => String(d.id) === ref || d.file === ref || path.basename(d.file) === ref || d.file === path.resolve(ref))
  if (matches.length === 1) return matches[0]
  if (matches.length === 0) throw new HeirloomError('USAGE', `no dump "${ref}" is known to this database`, 'name it as `heirloom status` lists it (file name or id)')
  throw new HeirloomError('USAGE', `"${ref}" names ${matches.length} dumps: ${matches.map((d) => `${d.id} (${d.file})`).join(', ')}`, 'name it by its id')
}
