import type { Knex } from 'knex'
import path from 'node:path'
import type { Config } from '../config/config'
import { messageOf } from '../errors'
import { packageRoot } from './package-root'

/** The Knex configuration for a heirloom config: PostgreSQL, TypeScript migrations in `migrations.directory`. */
export function knexConfig(config: Config, connection: Knex.Config['connection']): Knex.Config {
  return {
    client: 'pg',
    connection,
    pool: { min: 0, max: 2 },
    // Knex logs some errors itself (e.g. "Acquire connection error"): pg's messages, which never quote the connection string.
    log: {
      warn: (m: unknown) => logLine('warning', m),
      error: (m: unknown) => logLine('error', m),
      deprecate: (m: unknown) => logLine('deprecated', m),
      debug: () => undefined,
    },
    migrations: {
      directory: config.migrations.directory,
      extension: 'ts',
      loadExtensions: ['.ts', '.js'],
    },
    seeds: { directory: path.join(packageRoot(), 'seeds'), extension: 'ts', loadExtensions: ['.ts', '.js'] },
  }
}

function logLine(level: string, message: unknown): void {
  process.stderr.write(`knex ${level}: ${messageOf(message)}\n`)
}

let registered = false

/**
 * Lets this process require the TypeScript migration files. `npx knex`
 * does the same through its own loader lookup (it finds ts-node).
 */
export function registerTypeScript(): void {
  if (registered || Object.keys(require.extensions).includes('.ts')) return
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tsNode = require('ts-node') as { register(options: object): void }
  tsNode.register({ transpileOnly: true, compilerOptions: { module: 'commonjs', moduleResolution: 'node' } })
  registered = true
}
