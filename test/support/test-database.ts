import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** The server tests run against (set by test/run.ts, or by the caller). */
export function serverUrl(): string {
  const url = process.env.HEIRLOOM_TEST_DATABASE_URL
  if (url === undefined || url === '') throw new Error('HEIRLOOM_TEST_DATABASE_URL is not set: run the tests with `npm test`')
  return url
}

export interface TestDatabase {
  readonly url: string
  readonly name: string
  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>
  drop(): Promise<void>
}

/** A fresh database of its own for one test, on the test server (or `server`); drop() removes it. */
export async function createTestDatabase(server: string = serverUrl()): Promise<TestDatabase> {
  const admin = new URL(server)
  const name = `heirloom_test_${randomBytes(6).toString('hex')}`
  await withAdmin(admin.toString(), (c) => c.query(`CREATE DATABASE ${name}`))
  const url = new URL(admin.toString())
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    name,
    query: async <R extends pg.QueryResultRow>(sql: string, params?: unknown[]) => {
      const c = new pg.Client({ connectionString: url.toString() })
      await c.connect()
      try {
        return (await c.query<R>(sql, params)).rows
      } finally {
        await c.end()
      }
    },
    drop: () => withAdmin(admin.toString(), (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  }
}

async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}
