import path from 'node:path'
import type { Config } from '../config/config'
import { describeServer } from './connection-string'
import { embeddedDataDir } from './database'

/** Which database a config points at: the embedded server's data folder, or a server's host, port and database. */
export type DatabaseTarget =
  | { readonly kind: 'embedded'; readonly dataDir: string }
  | { readonly kind: 'server'; readonly server: string }

export function databaseTarget(config: Config): DatabaseTarget {
  if (config.database.url === undefined) return { kind: 'embedded', dataDir: embeddedDataDir(config) }
  return { kind: 'server', server: describeServer(config.database.url) }
}

/** One line for people: `embedded PostgreSQL in .heirloom/pgdata` or `PostgreSQL at db.example.com:5432/warehouse`. */
export function describeTarget(target: DatabaseTarget, cwd: string): string {
  if (target.kind === 'server') return `PostgreSQL at ${target.server}`
  const relative = path.relative(cwd, target.dataDir)
  return `embedded PostgreSQL in ${relative === '' || relative.startsWith('..') ? target.dataDir : relative}`
}
