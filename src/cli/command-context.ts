import path from 'node:path'
import type { Config } from '../config/config'
import { CONFIG_FILE_NAMES, loadConfig } from '../config/load-config'
import { databaseTarget, describeTarget } from '../db/database-target'
import { isJsonLog, logEvent } from './json-log'
import { note, type GlobalArgs } from './output'

/**
 * The config a command runs with (`--config`, else HEIRLOOM_CONFIG, else the
 * first of heirloom.yml, heirloom.yaml, heirloom.config.{js,cjs,json} in the
 * working folder), said on stderr: which file, or that none was found, and
 * for a command that touches a database, which one. A wrong or missing
 * config must not go unnoticed behind an empty embedded database. With
 * `--log-format json` the same is a `config` event on stdout.
 */
export function configOf(args: GlobalArgs, uses: { readonly database: boolean } = { database: false }): Config {
  const config = loadConfig({ file: args.config })
  const cwd = process.cwd()
  if (isJsonLog(args)) {
    logEvent('config', { file: config.file ?? null, ...(uses.database ? { database: describeTarget(databaseTarget(config), cwd) } : {}) })
    return config
  }
  const file = config.file === undefined
    ? `no config file found (looked for ${CONFIG_FILE_NAMES.join(', ')} in ${cwd}; --config or HEIRLOOM_CONFIG name one): using the defaults`
    : `config: ${relativeTo(cwd, config.file)}`
  note(args, uses.database ? `${file}; database: ${describeTarget(databaseTarget(config), cwd)}` : file)
  if (args.verbose === true) {
    note(args, `dumps: ${config.dumps.path} (default format ${config.dumps.defaults.format}); migrations: ${config.migrations.directory}; ` +
      `ingest: ${config.ingest.workers} worker(s), mode ${config.ingest.mode}, maxRejects ${config.ingest.maxRejects}`)
  }
  return config
}

function relativeTo(cwd: string, file: string): string {
  const r = path.relative(cwd, file)
  return r === '' || r.startsWith('..') ? file : r
}
