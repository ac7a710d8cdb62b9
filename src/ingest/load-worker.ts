/**
 * The Piscina worker that loads tables: one table of one dump per task,
 * plain data in, a result object out; it opens its own connection.
 */
import { loadTable } from './load-table'
import type { MemberResult, TableTask } from './table-task'

export async function load(task: TableTask): Promise<MemberResult[]> {
  const started = performance.now()
  const results = await loadTable(task)
  const seconds = Math.round(performance.now() - started) / 1000
  return results.map((r) => ({ ...r, seconds }))
}
