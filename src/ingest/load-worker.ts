/**
 * The Piscina worker that loads tables: one table of one dump per task,
 * plain data in, a result object out; it opens its own connection.
 */
import { loadTable } from './load-table'
import type { MemberResult, TableTask } from './table-task'

export function load(task: TableTask): Promise<MemberResult[]> {
  return loadTable(task)
}
