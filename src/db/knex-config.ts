import type { Knex } from 'knex'
import path from 'node:path'
import type { Config } from '../config/config'
import { messageOf } from '../errors'

/** The Knex configuration for a heirloom config and a connection: PostgreSQL, TypeScript migrations in `migrations.directory`. */
export function knexSettings(config: Config, connection: Knex.Config['connection']): Knex.Config {
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
    // heirloom's own seed (`npx knex seed:run` = `heirloom ingest`), compiled beside this module, or its
    // TypeScript source when this runs through ts-node: one extension, so a .d.ts or .map is never taken for a seed.
    seeds: { directory: path.join(__dirname, '..', 'knex-seeds'), loadExtensions: [path.extname(__filename)] },
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
