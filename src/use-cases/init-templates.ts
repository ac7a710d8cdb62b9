import { BUILT_IN, CONVERSION_CHOICES, type BuiltInDialect } from '../schema/dialects'

/** What `init` sets the project up for: the dumps' dialect, the built-in it is or extends, and its map file when it is the project's own. */
export interface InitSource {
  readonly dialect: string
  readonly family: BuiltInDialect
  /** `dialects/<name>.json`, relative to the project folder. */
  readonly mapFile?: string
}

/** The defaults `init --dialect` writes for each source. */
const DIALECT_DEFAULTS: Readonly<Record<BuiltInDialect, { readonly format: string; readonly dataExt: string; readonly schemaExt: string; readonly note: string }>> = {
  mssql: { format: 'mssql-bcp', dataExt: '.dat', schemaExt: '.json', note: 'bcp -c exports (tab, CRLF); schema as JSON, .sql DDL or a bcp format file' },
  mysql: { format: 'mysql-tab', dataExt: '.txt', schemaExt: '.sql', note: 'mysqldump --tab folders, zipped: Table.sql + Table.txt' },
  postgresql: { format: 'pg-copy', dataExt: '.dat', schemaExt: '.json', note: 'psql \\copy T to T.dat (COPY text), zipped with pg_dump --schema-only -t T > T.sql (or information_schema.columns of T as T.json)' },
  sqlite: { format: 'sqlite-csv', dataExt: '.csv', schemaExt: '.sql', note: 'the sqlite3 shell: .headers on, .mode csv, .once T.csv, and the CREATE TABLE of T into T.sql (the script in docs/dialects.md#sqlite)' },
}

/**
 * The commented heirloom.yml of `heirloom init`: every key, with its default
 * (commented out), and the few a project sets uncommented.
 */
export function heirloomYml(source: InitSource): string {
  const { dialect } = source
  const d = DIALECT_DEFAULTS[source.family]
  return `# heirloom's configuration. Every key and its default: docs/configuration.md
# of heirloom (node_modules/heirloom/docs/configuration.md).
# Relative paths are resolved against this file's folder; \${VAR} reads the
# environment (unset: an error naming it), \${VAR:-default} gives a default.

database:
  # Unset or empty: an embedded PostgreSQL with its data in .heirloom/pgdata.
  url: \${DATABASE_URL:-}

dumps:
  # SET THIS: a folder (scanned recursively for .zip files) or a glob.
  path: ./dumps
  # A dump's application, version, region and export time come from its manifest.json,
  # else from its file name matched by this pattern, else from dumps.defaults.
  pattern: '(?<application>[a-z]+)_(?<region>[a-z]+)_v(?<version>[0-9.]+)\\.zip'
  # schemaExt: ${d.schemaExt}        # schema members (default: .json and .sql)
  # dataExt: ${d.dataExt}            # data members (default: .dat, and .txt for mysql-tab)
  # maxMemberBytes: 68719476736      # a larger member is refused (64 GiB)
  defaults:
    # SET THIS unless manifests or file names carry it.
    application: myapp
    # version: '1.0'
    # region: main
    # exportedAt: '2026-01-01T00:00:00Z'
    dialect: ${dialect}
    format: ${d.format}              # ${d.note}
    # timezone: UTC                  # how MySQL TIMESTAMP values are read
  # tableFormats: { Orders: csv }    # a format per table (name or glob)
  # decrypt:                         # OpenPGP-encrypted dumps (X.zip.gpg / .pgp / .asc); never logged
  #   passphrase: \${HEIRLOOM_DUMP_PASSPHRASE}          # gpg --symmetric; or:
  #   # passphraseFile: /etc/heirloom/dump.pass          # the passphrase from a file
  #   # privateKeyFile: /etc/heirloom/secret-key.asc     # gpg --encrypt -r …, and its passphrase:
  #   # privateKeyPassphrase: \${HEIRLOOM_KEY_PASSPHRASE}
  #   # privateKeyPassphraseFile: /etc/heirloom/key.pass # or from a file

# formats:                           # extra or overridden data formats (docs/dump-layout.md)
#   legacy-pipe: { delimiter: '|~|', rowTerminator: "\\r\\n", nullPattern: 'NULL', encoding: windows-1252 }

${source.mapFile === undefined ? '# dialects: {}                      # more source databases: { legacydb: ./legacydb.json } (docs/dialects.md)'
    : `dialects:                          # source databases of this project's own (docs/dialects.md)
  ${dialect}: ./${source.mapFile}    # extends ${source.family}: add only its differences`}

# types:
#   strict: false                    # true: an unknown source type fails instead of loading as text
#   overrides: { mssql: { money: 'numeric(19,2)' }, mysql: {} }
#   columns: { Orders.Total: 'numeric(14,2)' }

# target:
#   schema: public
#   identifiers: lower               # lower | snake | preserve
#   child: '{table}_v{version}'
#   renames: { Customers: { Zip: PostalCode } }

migrations:
  directory: ./migrations

# ingest:
#   workers: 4                       # default: the number of cores
#   mode: replace                    # replace | append
#   maxRejects: 1000                 # per member; more fails the member
#   maxRecordBytes: 268435456        # longest row read (256 MiB)
#   parallelCopy:                    # one large member through several COPY connections at once
#     streams: 2                     # default: the number of cores; 1 turns it off
#     minBytes: 268435456            # inflated size from which a member goes parallel (256 MiB); 0 turns it off

# sources: []                        # live MySQL/MariaDB databases \`heirloom pull\` loads, each as one dump at one point in time, e.g.
#   - { name: eu, url: 'mysql://loader:\${EU_DB_PASSWORD}@db-eu:3306', database: shop, tables: ['*'], application: shop, versionQuery: 'SELECT version FROM app_version', region: eu }

# watch:                             # \`heirloom watch\` (docs/operations.md)
#   stabilityMs: 5000                # a dump is taken once unchanged this long, or renamed from .part/.tmp
#   usePolling: false                # true on network shares (NFS, SMB) that send no file-system events
#   pollIntervalMs: 2000
`
}

export const KNEXFILE_JS = `// \`npx knex migrate:latest | migrate:status | migrate:rollback | seed:run\` read
// heirloom.yml, as the heirloom CLI does.
module.exports = require('heirloom').knexConfig()
`

export const KNEXFILE_TS = `// \`npx knex migrate:latest | migrate:status | migrate:rollback | seed:run\` read
// heirloom.yml, as the heirloom CLI does.
import { knexConfig } from 'heirloom'

export default knexConfig()
`

/**
 * The starting map of `init --dialect <name> --extends <built-in>`: the
 * built-in's conversions written out (so the file shows what is in force),
 * no types of its own yet, and what may go in it in `$comment`.
 */
export function dialectMapJson(name: string, base: BuiltInDialect): string {
  const choices = Object.entries(CONVERSION_CHOICES).map(([k, v]) => `${k} ${v.join('|')}`).join(', ')
  return `${JSON.stringify({
    $comment: `${name}: starts from the built-in ${base} map and states only its differences (docs/dialects.md). types: source type, lower case -> rule, e.g. "money": {"pg": "numeric", "modifiers": [19, 4]}, "cash": {"sameAs": "money"}. conversions (here ${base}'s): ${choices}.`,
    extends: base,
    conversions: BUILT_IN[base].conversions,
    types: {},
  }, null, 2)}\n`
}
