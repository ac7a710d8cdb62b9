import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { loadConfig } from '../../src/config/load-config'
import { HeirloomError } from '../../src/errors'
import { BUILT_IN, mapProblems } from '../../src/schema/dialects'
import { mapColumnType } from '../../src/schema/map-type'
import { formatPgType } from '../../src/schema/model'
import { toTargetTable } from '../../src/schema/target-table'

/** Writes heirloom.yml and the map files into a scratch folder and loads the config. */
function configWith(maps: Record<string, unknown>, extraYaml = ''): ReturnType<typeof loadConfig> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heirloom-dialects-'))
  try {
    const lines = Object.keys(maps).map((name) => `  ${name}: ./maps/${name}.json`)
    fs.mkdirSync(path.join(dir, 'maps'))
    for (const [name, map] of Object.entries(maps)) fs.writeFileSync(path.join(dir, 'maps', `${name}.json`), typeof map === 'string' ? map : JSON.stringify(map))
    fs.writeFileSync(path.join(dir, 'heirloom.yml'), `dialects:\n${lines.join('\n')}\n${extraYaml}`)
    return loadConfig({ file: path.join(dir, 'heirloom.yml') })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

function configError(map: unknown): string {
  try {
    configWith({ broken: map })
  } catch (e) {
    assert.ok(e instanceof HeirloomError, String(e))
    assert.equal(e.code, 'CONFIG_INVALID')
    return e.message
  }
  assert.fail('the broken map was accepted')
}

describe('dialect maps: the built-in maps pass the map schema', () => {
  it('mssql.json, mysql.json and postgresql.json have no problem', () => {
    for (const name of ['mssql', 'mysql', 'postgresql'] as const) {
      const file = path.join(__dirname, '..', '..', '..', 'src', 'schema', 'type-maps', `${name}.json`)
      assert.deepEqual(mapProblems(JSON.parse(fs.readFileSync(file, 'utf8')), file), [], name)
    }
  })
})

describe('dialect maps: a user map extends a built-in and states only its differences', () => {
  const config = configWith({
    legacydb: {
      extends: 'mysql',
      conversions: { binary: 'hex', booleans: 'zeroOne' },
      types: { money: { pg: 'numeric', modifiers: [19, 4] }, datetime: { pg: 'timestamp', args: ['datetimePrecision'], cap: 3 }, cash: { sameAs: 'money' } },
    },
  }, 'dumps:\n  defaults: { dialect: legacydb }\ntypes:\n  overrides:\n    legacydb: { json: text }\n')
  const legacy = config.dialects.legacydb
  const map = (type: string, extra: Record<string, number> = {}): string =>
    formatPgType(mapColumnType({ name: 'c', type, nullable: true, ...extra }, legacy, { strict: true, where: 'w', overrides: config.types.overrides.legacydb }).type)

  it('is usable as dumps.defaults.dialect and under types.overrides', () => {
    assert.equal(config.dumps.defaults.dialect, 'legacydb')
    assert.equal(map('json'), 'text')
  })

  it('maps its own types, its overrides of the base, and inherits the rest', () => {
    assert.equal(map('money'), 'numeric(19,4)')
    assert.equal(map('cash'), 'numeric(19,4)')
    assert.equal(map('datetime', { datetimePrecision: 6 }), 'timestamp(3)')
    assert.equal(map('mediumint'), 'integer')
    assert.equal(map('tinyint', { length: 1 }), 'boolean')
  })

  it('takes its conversions over the base\'s, and the base\'s per-type ones (YEAR 0000)', () => {
    assert.deepEqual(legacy.conversions, { booleans: 'zeroOne', binary: 'hex', zeroDates: 'null' })
    assert.equal(legacy.family, 'mysql')
    const { table } = toTargetTable({ name: 'T', columns: [{ name: 'y', type: 'year', nullable: true }], primaryKey: [], fieldOrderFromHeader: false }, 'legacydb', config)
    assert.equal(table.columns[0].conversions?.zeroText, '0000')
    assert.equal(table.columns[0].conversions?.binary, 'hex')
  })

  it('a map without extends starts from PostgreSQL\'s own reading of values', () => {
    const bare = configWith({ plain: { types: { number: { pg: 'numeric' } } } }).dialects.plain
    assert.deepEqual(bare.conversions, { booleans: 'zeroOne', binary: 'hex', zeroDates: 'reject' })
    assert.equal(bare.family, undefined)
    assert.equal(mapColumnType({ name: 'c', type: 'int', nullable: true }, bare, { strict: false, where: 'w' }).warning, 'w: unknown plain type "int" loaded as text (map it under `types.overrides.plain`)')
  })

  it('the built-in maps stay as they were: mysql booleans any integer, mssql binary hex', () => {
    assert.equal(BUILT_IN.mysql.conversions.booleans, 'anyInteger')
    assert.equal(BUILT_IN.mssql.conversions.binary, 'hex')
  })
})

describe('dialect maps: a wrong rule is a configuration error naming the file, the type and the problem', () => {
  const cases: ReadonlyArray<readonly [string, unknown, RegExp]> = [
    ['an unknown rule key', { types: { money: { pg: 'numeric', precision: 4 } } }, /type "money": unknown key "precision"/],
    ['an unknown arg', { types: { money: { pg: 'numeric', args: ['size'] } } }, /type "money" args 0: must be one of length, precision, scale, datetimePrecision/],
    ['modifiers with args', { types: { money: { pg: 'numeric', modifiers: [19], args: ['scale'] } } }, /type "money": "modifiers" and "args" exclude each other/],
    ['a rule with neither pg nor sameAs', { types: { money: { cap: 3 } } }, /type "money": a rule has either "pg" or "sameAs"/],
    ['sameAs beside another key', { types: { money: { sameAs: 'int', pg: 'integer' } } }, /type "money": a rule has either "pg" or "sameAs"/],
    ['sameAs naming no entry', { extends: 'mysql', types: { money: { sameAs: 'dollars' } } }, /type "money": sameAs names "dollars", which the map does not define/],
    ['a pg name PostgreSQL does not know', { types: { money: { pg: 'moneybags' } } }, /type "money": pg "moneybags" is not a PostgreSQL type/],
    ["a pg name with modifiers", { types: { money: { pg: "numeric(19,4)" } } }, /type "money": pg "numeric\(19,4\)" must be a PostgreSQL type name .* without modifiers \(here "numeric"/],
    ['a pg name not as PostgreSQL prints it', { types: { money: { pg: 'int4' } } }, /type "money": pg "int4" must be .* \(here "integer"/],
    ['a conversion outside the fixed set', { conversions: { booleans: 'yesNo' }, types: {} }, /conversions\.booleans: must be one of zeroOne, anyInteger/],
    ['an unknown conversion', { conversions: { zeroTimes: 'null' }, types: {} }, /conversions: unknown key "zeroTimes"/],
    ['extends naming no built-in', { extends: 'oracle', types: {} }, /extends: must be one of mssql, mysql, postgresql/],
    ['no types', { extends: 'mysql' }, /\(top level\): missing "types"/],
    ['a byLength key that is no length', { types: { bit: { pg: 'bit', byLength: { one: { pg: 'boolean' } } } } }, /type "bit" byLength: key "one" must be a length/],
    ['a type name in upper case', { types: { MONEY: { pg: 'numeric' } } }, /types: key "MONEY" must be a lower-case source type name/],
    ['a negative modifier', { types: { money: { pg: 'numeric', modifiers: [-1] } } }, /type "money" modifiers 0: must be >= 0/],
    ['secondsDigits beyond 9', { types: { stamp: { pg: 'timestamp', secondsDigits: 12 } } }, /type "stamp" secondsDigits: must be <= 9/],
    ['not JSON', '{"types": {', /broken\.json: not valid JSON/],
  ]
  for (const [what, map, expected] of cases) {
    it(`${what}`, () => {
      const message = configError(map)
      assert.match(message, /dialects\.broken: .*maps[/\\]broken\.json/)
      assert.match(message, expected)
    })
  }

  it('a missing map file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heirloom-dialects-'))
    try {
      fs.writeFileSync(path.join(dir, 'heirloom.yml'), 'dialects:\n  gone: ./nowhere.json\n')
      assert.throws(() => loadConfig({ file: path.join(dir, 'heirloom.yml') }), /dialects\.gone: cannot read the type map .*nowhere\.json/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a dialect name that shadows a built-in, and an unknown dialect in defaults and overrides', () => {
    assert.throws(() => configWith({ mysql: { types: {} } }), /dialects\.mysql: "mysql" is a built-in dialect/)
    assert.throws(() => configWith({ legacydb: { extends: 'mysql', types: {} } }, 'dumps:\n  defaults: { dialect: legacy }\ntypes:\n  overrides:\n    oracle: { number: numeric }\n'),
      (e: unknown) => e instanceof HeirloomError && /dumps\.defaults\.dialect: unknown dialect "legacy" \(known: mssql, mysql, postgresql, sqlite, legacydb/.test(e.message) && /types\.overrides\.oracle: unknown dialect "oracle"/.test(e.message))
  })
})
