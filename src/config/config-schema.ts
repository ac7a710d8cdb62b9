/**
 * The one schema of `heirloom.yml` (docs/configuration.md), as JSON Schema for ajv. Every
 * object rejects unknown keys, so a typo is an error that names the key.
 */
const formatObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    delimiter: { type: 'string', minLength: 1 },
    rowTerminator: { type: 'string', minLength: 1 },
    quote: { type: 'string', minLength: 1 },
    escape: { type: 'string', minLength: 1 },
    nullPattern: { type: 'string' },
    emptyString: { type: 'string' },
    encoding: { type: 'string', minLength: 1 },
    header: { type: 'boolean' },
  },
} as const

const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const

export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    database: {
      type: 'object',
      additionalProperties: false,
      properties: { url: { type: ['string', 'null'] } },
    },
    dumps: {
      type: 'object',
      additionalProperties: false,
      properties: {
        path: { type: 'string', minLength: 1 },
        pattern: { type: 'string', minLength: 1 },
        schemaExt: { type: 'string', pattern: '^\\.' },
        dataExt: { type: 'string', pattern: '^\\.' },
        maxMemberBytes: { type: 'integer', minimum: 1 },
        defaults: {
          type: 'object',
          additionalProperties: false,
          properties: {
            application: { type: 'string', minLength: 1 },
            version: { type: ['string', 'number'] },
            region: { type: 'string', minLength: 1 },
            exportedAt: { type: 'string', minLength: 1 },
            dialect: { type: 'string', minLength: 1 },
            format: { type: 'string', minLength: 1 },
            timezone: { type: 'string', minLength: 1 },
          },
        },
        tableFormats: { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, formatObject] } },
        // OpenPGP-encrypted dumps (X.zip.gpg/.pgp/.asc): a passphrase (gpg --symmetric) and/or a private key (gpg --encrypt -r).
        decrypt: {
          type: 'object',
          additionalProperties: false,
          properties: {
            passphrase: { type: 'string', minLength: 1 },
            passphraseFile: { type: 'string', minLength: 1 },
            privateKeyFile: { type: 'string', minLength: 1 },
            privateKeyPassphrase: { type: 'string', minLength: 1 },
            privateKeyPassphraseFile: { type: 'string', minLength: 1 },
          },
        },
      },
    },
    // Live MySQL/MariaDB databases that `heirloom pull` snapshots into a dump (docs/configuration.md).
    sources: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'url', 'database'],
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$' },
          url: { type: 'string', minLength: 1 },
          database: { type: 'string', minLength: 1 },
          tables: { oneOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string', minLength: 1 } }] },
          application: { type: 'string', minLength: 1 },
          version: { type: ['string', 'number'] },
          versionQuery: { type: 'string', minLength: 1 },
          region: { type: 'string', minLength: 1 },
        },
      },
    },
    watch: {
      type: 'object',
      additionalProperties: false,
      properties: {
        stabilityMs: { type: 'integer', minimum: 0 },
        usePolling: { type: 'boolean' },
        pollIntervalMs: { type: 'integer', minimum: 50 },
      },
    },
    formats: { type: 'object', additionalProperties: formatObject },
    // Dialect name → path of its JSON type map (docs/dialects.md), relative to the config file.
    dialects: { type: 'object', propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9_-]*$' }, additionalProperties: { type: 'string', minLength: 1 } },
    types: {
      type: 'object',
      additionalProperties: false,
      properties: {
        strict: { type: 'boolean' },
        overrides: {
          type: 'object',
          properties: { mssql: stringMap, mysql: stringMap },
          // And one per dialect under `dialects` (load-config checks the names).
          additionalProperties: stringMap,
        },
        columns: stringMap,
      },
    },
    target: {
      type: 'object',
      additionalProperties: false,
      properties: {
        schema: { type: 'string', minLength: 1 },
        identifiers: { enum: ['lower', 'snake', 'preserve'] },
        child: { type: 'string', pattern: '\\{version\\}' },
        renames: { type: 'object', additionalProperties: stringMap },
      },
    },
    migrations: {
      type: 'object',
      additionalProperties: false,
      properties: { directory: { type: 'string', minLength: 1 } },
    },
    ingest: {
      type: 'object',
      additionalProperties: false,
      properties: {
        workers: { type: 'integer', minimum: 1, maximum: 64 },
        mode: { enum: ['replace', 'append'] },
        maxRejects: { type: 'integer', minimum: 0 },
        // PostgreSQL reads no COPY line longer than 1 GB: a larger cap could only fail later.
        maxRecordBytes: { type: 'integer', minimum: 1, maximum: 1024 ** 3 },
        parallelCopy: {
          type: 'object',
          additionalProperties: false,
          properties: {
            streams: { type: 'integer', minimum: 1, maximum: 64 },
            minBytes: { type: 'integer', minimum: 0 },
          },
        },
      },
    },
  },
} as const
