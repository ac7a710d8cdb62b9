/**
 * The Piscina worker that loads tables: one table of one dump per task,
 * plain data in, a result object out; it opens its own connection.
 */
import type { MessagePort } from 'node:worker_threads'
import { loadTable } from './load-table'
import { throttledProgress } from './load-progress'
import type { MemberResult, TableTask } from './table-task'

/** `progress`: where the counts go while the table loads (`WorkerPools.load`); none, none sent. */
export async function load(task: TableTask & { readonly progress?: MessagePort }): Promise<MemberResult[]> {
  const { progress, ...plain } = task
  if (progress === undefined) return loadTable(plain)
  try {
    return await loadTable(plain, throttledProgress(progress))
  } finally {
    progress.close()
  }
}

export { liveSession } from './live/live-session'
