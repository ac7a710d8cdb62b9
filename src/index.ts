/**
 * heirloom as a library: the same use cases as the CLI, as functions that
 * take a config (a loaded `Config`, a config file path, or nothing for
 * HEIRLOOM_CONFIG / heirloom.yml in the working folder) and return typed
 * results. They print nothing and never exit; an expected outcome (a failed
 * member, a rejected row) is in the result, a configuration or database
 * problem is thrown as a `HeirloomError` with a `code`, a message and a hint.
 *
 * ```js
 * const heirloom = require('heirloom')
 * const report = await heirloom.run('heirloom.yml')
 * if (!report.ok) console.log(await heirloom.status('heirloom.yml'))
 * ```
 * @packageDocumentation
 */

/** Reads, validates and freezes a config file (every problem at once, as one CONFIG_INVALID error). */
export { loadConfig, type LoadConfigOptions } from './config/load-config'
/** The validated, frozen configuration every use case takes. */
export type { Config } from './config/config'
/** Where dumps come from: SQL Server or MySQL. */
export type { Dialect } from './schema/model'
/** A dialect added as data (docs/dialects.md): its resolved map and the value conversions it names. */
export type { DialectDefinition, ValueConversions } from './schema/dialects'
/** A config, a config file path, or nothing (HEIRLOOM_CONFIG, else heirloom.yml … in the working folder). */
export type { ConfigSource } from './use-cases/config-source'

/** Lists the dumps, their identity, tables and problems; touches no database. */
export { scan, type ScanReport } from './use-cases/scan'
/** Writes one reviewable Knex migration per newly discovered application version. */
export { generate, type GenerateOptions, type GenerateResult } from './use-cases/generate'
/** The migrations generate planned, wrote, refused. */
export type { GenerateReport } from './migrations/generate'
/** Applies pending migrations, the framework's and the generated ones. */
export { migrate, type MigrateReport } from './use-cases/migrate'
/** Loads every data member not loaded yet, exactly once. */
export { ingest, type IngestOptions, type IngestReport } from './use-cases/ingest'
/** scan → generate → migrate → ingest. */
export { run, type RunReport } from './use-cases/run'

/** Snapshots live MySQL/MariaDB `sources` into dumps, then runs them. */
export { pull, type PullReport, type PullFailure, type PullOptions, type PulledSnapshot } from './use-cases/pull'
/** What the bookkeeping says about every dump and the migrations; `statusFailed` is `heirloom status`'s exit-1 condition. */
export { status, statusFailed, statusMetrics, type StatusReport } from './use-cases/status'
/** Per dump, as `status` reports it. */
export type { DumpStatus } from './db/status'
/** One table's columns × versions. */
export { drift, type DriftMatrix } from './use-cases/drift'
/** Removes a dump and all its rows, atomically. */
export { forget, type ForgetReport } from './use-cases/forget'
/** The report's model (schema evolution, regions, loads, rejects, migrations), and the self-contained HTML file `heirloom report` writes. */
export { readReport, writeReport, type ReportResult } from './use-cases/report'
export type { ReportModel } from './report/model'
/** Runs the pipeline whenever complete dumps arrive in `dumps.path`, until `options.signal` aborts (`heirloom watch`). */
export { watchDumps, type WatchEvent, type WatchOptions } from './use-cases/watch'
/** Prometheus metrics of the bookkeeping and of a watching process's runs. */
export { HeirloomMetrics, serveMetrics } from './use-cases/metrics'
/** Builds the demo dumps and loads them (the `heirloom demo` command). */
export { runDemo, buildDemoDumps, type DemoReport } from './use-cases/demo'
/** The embedded PostgreSQL: its URL (starts nothing), start, stop. */
export { databaseUrl, startDatabase, stopDatabase, type DatabaseUrl, type DatabaseStarted } from './use-cases/db'
/** Sets up a project: heirloom.yml, knexfile, migrations/, dumps/, .gitignore. */
export { init, type InitOptions, type InitReport } from './use-cases/init'
/** The Knex configuration for a project's knexfile: `module.exports = require('heirloom').knexConfig()`. */
export { knexConfig } from './use-cases/knex-config'

/** The one error class, its closed union of codes, and a guard. */
export { HeirloomError, isHeirloomError, type ErrorCode, type PostgresErrorFields } from './errors'
