import path from 'node:path'
import { Piscina } from 'piscina'
import { packageRoot } from '../db/package-root'

/** The compiled worker; when this module runs as TypeScript (knexfile, seeds via ts-node) that is the one in dist/. */
function workerFile(): string {
  return __filename.endsWith('.ts') ? path.join(packageRoot(), 'dist', 'src', 'ingest', 'worker.js') : path.join(__dirname, 'worker.js')
}

/** The worker pool for scanning dumps and loading members (`ingest.workers` threads). */
export async function withPool<T>(workers: number, fn: (pool: Piscina) => Promise<T>): Promise<T> {
  const pool = new Piscina({
    filename: workerFile(),
    minThreads: 1,
    maxThreads: workers,
    // Tasks are whole tables: queue them all (no maxQueue), free workers pull the next.
  })
  try {
    return await fn(pool)
  } finally {
    await pool.destroy()
  }
}
