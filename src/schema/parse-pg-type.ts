/**
 * Reads PostgreSQL type text written by a person (config `types.overrides`,
 * `types.columns`) into the canonical PgType the rest of heirloom compares
 * with `samePgType`: aliases are folded so that `int4`, `int` and `integer`
 * are one type, and modifiers PostgreSQL would refuse are refused here, at
 * config time, instead of in the middle of a migration.
 */
import { HeirloomError } from '../errors'
import type { PgType } from './model'

/** Spellings PostgreSQL accepts → the name it prints. */
const ALIASES: Readonly<Record<string, string>> = {
  smallint: 'smallint', int2: 'smallint',
  integer: 'integer', int: 'integer', int4: 'integer',
  bigint: 'bigint', int8: 'bigint',
  numeric: 'numeric', decimal: 'numeric',
  real: 'real', float4: 'real',
  'double precision': 'double precision', float8: 'double precision',
  boolean: 'boolean', bool: 'boolean',
  date: 'date',
  time: 'time', 'time without time zone': 'time',
  timetz: 'timetz', 'time with time zone': 'timetz',
  timestamp: 'timestamp', 'timestamp without time zone': 'timestamp',
  timestamptz: 'timestamptz', 'timestamp with time zone': 'timestamptz',
  char: 'char', character: 'char', bpchar: 'char',
  varchar: 'varchar', 'character varying': 'varchar',
  text: 'text', bytea: 'bytea', uuid: 'uuid', xml: 'xml', json: 'json', jsonb: 'jsonb',
  bit: 'bit', varbit: 'varbit', 'bit varying': 'varbit',
  interval: 'interval', inet: 'inet', cidr: 'cidr', macaddr: 'macaddr', money: 'money',
}

interface ModifierRule {
  /** Largest number of modifiers the type takes. */
  readonly count: number
  readonly min: number
  readonly max: number
  /** What PostgreSQL assumes when no modifier is written, made explicit so equal types compare equal. */
  readonly implied?: readonly number[]
}

const FRACTIONAL_SECONDS: ModifierRule = { count: 1, min: 0, max: 6 }
const MAX_CHAR_LENGTH = 10_485_760

/** Types that take modifiers; every other type takes none. */
const MODIFIERS: Readonly<Record<string, ModifierRule>> = {
  numeric: { count: 2, min: 0, max: 1000 },
  char: { count: 1, min: 1, max: MAX_CHAR_LENGTH, implied: [1] },
  varchar: { count: 1, min: 1, max: MAX_CHAR_LENGTH },
  bit: { count: 1, min: 1, max: 83_886_080, implied: [1] },
  varbit: { count: 1, min: 1, max: 83_886_080 },
  time: FRACTIONAL_SECONDS,
  timetz: FRACTIONAL_SECONDS,
  timestamp: FRACTIONAL_SECONDS,
  timestamptz: FRACTIONAL_SECONDS,
}

/** `name [ (a [, b]) ] [ with[out] time zone ]`; the suffix may follow the modifiers (`timestamp(3) with time zone`). */
const TYPE_TEXT = /^([a-z][a-z0-9_]*(?: [a-z][a-z0-9_]*)*?)(?: ?\( ?(\d+) ?(?:, ?(\d+) ?)?\))?( with(?:out)? time zone)?$/

/**
 * Parses PostgreSQL type text (`numeric(19,2)`, `int8`, `timestamp(3) with time zone`, `character varying(40)`)
 * into its canonical form; an array is its element type's name with `[]` (`integer[]`, modifiers of the element). Throws CONFIG_INVALID for anything that is not a supported PostgreSQL type.
 */
export function parsePgType(text: string): PgType {
  const spaced = text.trim().toLowerCase().replace(/\s+/g, ' ')
  // An array (`integer[]`, `varchar(20)[]`): PostgreSQL ignores the dimensions, so `[][]` is the same type as `[]`.
  const element = spaced.replace(/(?: ?\[ ?\])+$/, '')
  if (element !== spaced) {
    const of = parseElementType(text, element)
    return { name: `${of.name}[]`, modifiers: of.modifiers }
  }
  return parseElementType(text, spaced)
}

function parseElementType(text: string, normalised: string): PgType {
  const match = TYPE_TEXT.exec(normalised)
  if (match === null) throw invalid(text, 'is not PostgreSQL type syntax')
  const [, word, first, second, zone] = match as unknown as [string, string, string | undefined, string | undefined, string | undefined]
  const spelled = zone === undefined ? word : `${word}${zone}`
  if (spelled.startsWith('float')) return parseFloatType(text, spelled, first, second)
  const name = ALIASES[spelled]
  if (name === undefined) throw invalid(text, `names no supported PostgreSQL type (use e.g. integer, numeric(12,2), varchar(50), text, timestamp(3), timestamptz, jsonb)`)
  const given = [first, second].filter((m): m is string => m !== undefined).map(Number)
  return { name, modifiers: checkModifiers(text, name, given) }
}

function checkModifiers(text: string, name: string, given: readonly number[]): readonly number[] {
  const rule = MODIFIERS[name]
  if (rule === undefined) {
    if (given.length > 0) throw invalid(text, `gives modifiers, but ${name} takes none`)
    return []
  }
  if (given.length > rule.count) throw invalid(text, `gives ${given.length} modifiers, but ${name} takes at most ${rule.count}`)
  for (const m of given) {
    if (m < rule.min || m > rule.max) throw invalid(text, `has modifier ${m}, outside ${rule.min}..${rule.max} for ${name}`)
  }
  if (name === 'numeric' && given.length === 2 && given[1] > given[0]) {
    throw invalid(text, `has scale ${given[1]} larger than precision ${given[0]}`)
  }
  if (name === 'numeric' && given.length > 0 && given[0] === 0) throw invalid(text, 'has precision 0')
  return given.length === 0 ? (rule.implied ?? []) : given
}

/** PostgreSQL's `float(p)`: p ≤ 24 is real, up to 53 double precision; bare `float` is double precision. */
function parseFloatType(text: string, spelled: string, first: string | undefined, second: string | undefined): PgType {
  if (spelled === 'float4') return plain(text, 'real', first)
  if (spelled === 'float8') return plain(text, 'double precision', first)
  if (spelled !== 'float' || second !== undefined) throw invalid(text, 'is not PostgreSQL type syntax')
  if (first === undefined) return { name: 'double precision', modifiers: [] }
  const p = Number(first)
  if (p < 1 || p > 53) throw invalid(text, 'has a float precision outside 1..53')
  return { name: p <= 24 ? 'real' : 'double precision', modifiers: [] }
}

function plain(text: string, name: string, first: string | undefined): PgType {
  if (first !== undefined) throw invalid(text, `gives modifiers, but ${name} takes none`)
  return { name, modifiers: [] }
}

function invalid(text: string, problem: string): HeirloomError {
  return new HeirloomError('CONFIG_INVALID', `PostgreSQL type "${text}" ${problem}`, 'write a PostgreSQL type such as numeric(19,2), varchar(100), text or timestamptz')
}
