import type { Knex } from 'knex'
import { ensureFrameworkMigration } from '../db/migrate'
import { registerTypeScript } from '../db/knex-config'
import { knexfileConfig } from '../db/knexfile-config'
import { configFrom, type ConfigSource } from './config-source'

/**
 * The Knex configuration a project's knexfile exports, so that `npx knex
 * migrate:latest | migrate:status | migrate:rollback | seed:run` read the
 * same config as the heirloom CLI:
 *
 * ```js
 * // knexfile.js
 * module.exports = require('heirloom').knexConfig()
 * ```
 *
 * The connection is `database.url`, or the embedded PostgreSQL (started on
 * Knex's first connection, or the one `heirloom db start` left running).
 * Migrations are read from `migrations.directory`, where heirloom's own
 * bookkeeping migrations are copied when missing (Knex applies one folder,
 * and the team reviews them with the generated ones); TypeScript migration
 * files load through ts-node, a dependency of heirloom, so a JavaScript
 * project needs nothing more.
 */
export function knexConfig(source?: ConfigSource): Knex.Config {
  const config = configFrom(source)
  registerTypeScript()
  ensureFrameworkMigration(config.migrations.directory)
  return knexfileConfig(config)
}
