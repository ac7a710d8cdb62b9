/**
 * One table of column kinds: per PostgreSQL type (as `parsePgType` names
 * it), everything the three load paths know about it, side by side, so that
 * the rule "PostgreSQL reads exactly what the converter would write" is
 * stated once per type:
 * - `asIs`: how the checks test a field's bytes before passing them to COPY
 *   unchanged (and whether the as-is paths may leave the type's check to
 *   PostgreSQL's input function); absent: the value is always converted;
 * - `binary`: the COPY BINARY writer of its plain text forms; absent: the
 *   type goes as COPY text;
 * - `converter`: the checks' converter, which rejects what PostgreSQL would
 *   refuse and rewrites what it would read differently.
 * A type not in the table is text to every path but the checks' NUL test
 * (xml, and types only a config override chooses).
 */
import type { Dialect, PgType, TargetColumn } from '../../schema/model'
import { conversionsOf } from '../../schema/dialects'
import { putBoolean, putFloat8, putInteger, putNumeric, putText, type FieldScan } from '../binary/binary-values'
import { putDate, putTimestamp } from '../binary/binary-date-time'
import { makeBooleanConverter, makeFloatConverter, makeIntegerConverter, makeNumericConverter, FLOAT_SAFE_DIGITS } from '../checked/convert/convert-number'
import { makeDateTimeConverter } from '../checked/convert/convert-date-time'
import { Invalid, type Converted } from '../checked/convert/invalid'
import { parseZone } from '../checked/convert/time-zone'
import {
  fromText, makeBitConverter, makeByteaConverter, makeJsonConverter, makeLengthConverter, uuidConverter, withBooleanBytes, withoutNul,
  type ConvertOptions, type FieldConverter,
} from '../checked/convert/value-converter'

/** How a field's bytes are checked before they go to COPY as they are; what fails the check goes to the converter. */
export type AsIsCheck =
  /** text / varchar(n) of a UTF-8 file: valid UTF-8, no NUL, within the length: never decoded. */
  | 'utf8-text'
  /** Integers, numeric(p,s) and floats: plain digits that surely fit (`digits`). */
  | 'number'
  /** `YYYY-MM-DD` that exists. */
  | 'date'
  /** `YYYY-MM-DD HH:MM:SS[.ffffff]` that exists. */
  | 'timestamp'
  /** The same with a UTC offset; without one only when such values are read in UTC (the load's session is in UTC). */
  | 'timestamptz'
  /** `0` or `1`, which PostgreSQL reads as false and true. */
  | 'boolean'

/** Digits PostgreSQL takes as they are, without rounding or overflow: integer and fraction digits, and characters in all. */
export interface Digits {
  readonly int: number
  readonly frac: number
  readonly length: number
}

/**
 * A COPY BINARY writer: reads a field of COPY text from src[scan.at] up to
 * the TAB or LF that ends it, writes its 4-byte length and binary value at
 * dst[o], and returns where the output goes on (the field's end left in
 * `scan.at`), or -1 for a text form it leaves to PostgreSQL's text input.
 */
export type BinaryWriter = (src: Buffer, scan: FieldScan, n: number, dst: Buffer, o: number) => number

export interface BinaryForm {
  readonly write: BinaryWriter
  /** The most bytes a field writes beyond its text's own length: the 4-byte length, then a fixed-size value's size; a numeric's header and groups take at most 4 more than its digits. */
  readonly room: number
}

/** What the converter factory gets besides the column: the load's options and what a zero date becomes. */
interface ConverterContext {
  readonly options: ConvertOptions
  readonly zeroDate: () => Converted
}

export interface ColumnKind {
  readonly asIs?: AsIsCheck
  /** For `asIs: 'number'`: the digits that surely fit; none (int 0) sends the column to the converter. */
  readonly digits?: (type: PgType) => Digits
  /** MySQL-style escaped files (`hasMysqlEscapes`) carry its values as raw bytes, which only the converter reads. */
  readonly rawInEscapedFiles?: boolean
  readonly binary?: BinaryForm
  readonly converter: (column: TargetColumn, context: ConverterContext) => FieldConverter
}

const integerDigits = (int: number) => (): Digits => ({ int, frac: 0, length: Infinity })
const floatDigits = (n: number) => (): Digits => ({ int: n, frac: n, length: n })
const NO_DIGITS: Digits = { int: 0, frac: 0, length: 0 }

const TEXT_BINARY: BinaryForm = { write: putText, room: 4 }
const dateTime = (column: TargetColumn, { options, zeroDate }: ConverterContext): FieldConverter =>
  fromText(makeDateTimeConverter(column.type.name as 'date' | 'time' | 'timestamp' | 'timestamptz', conversionsOf(column, options.dialect).zeroDates, parseZone(options.timezone), zeroDate))
const lengthLimited = (column: TargetColumn): FieldConverter => {
  const n = column.type.modifiers[0]
  return fromText(n === undefined ? withoutNul : makeLengthConverter(column.type.name as 'char' | 'varchar', n))
}
const integer = (column: TargetColumn, { options, zeroDate }: ConverterContext): FieldConverter => {
  const convert = makeIntegerConverter(column.type.name as 'smallint' | 'integer' | 'bigint')
  // A type's `zeroText` (MySQL YEAR's `0000`) is its zero date.
  const { zeroText, zeroDates } = conversionsOf(column, options.dialect)
  if (zeroText === undefined) return fromText(convert)
  const zero = zeroDates === 'null' ? zeroDate : () => ZERO_REJECTED
  return fromText((s) => (s === zeroText ? zero() : convert(s)))
}

/** The column kinds, by PostgreSQL type name. */
export const COLUMN_KINDS: Readonly<Record<string, ColumnKind>> = {
  text: { asIs: 'utf8-text', binary: TEXT_BINARY, converter: () => fromText(withoutNul) },
  varchar: { asIs: 'utf8-text', binary: TEXT_BINARY, converter: lengthLimited },
  char: { asIs: 'utf8-text', binary: TEXT_BINARY, converter: lengthLimited },
  smallint: { asIs: 'number', digits: integerDigits(4), binary: { write: (s, f, _n, d, o) => putInteger(s, f, d, o, 2), room: 6 }, converter: integer },
  integer: { asIs: 'number', digits: integerDigits(9), binary: { write: (s, f, _n, d, o) => putInteger(s, f, d, o, 4), room: 8 }, converter: integer },
  bigint: { asIs: 'number', digits: integerDigits(18), binary: { write: (s, f, _n, d, o) => putInteger(s, f, d, o, 8), room: 12 }, converter: integer },
  numeric: {
    asIs: 'number',
    digits: (t) => (t.modifiers.length > 0 ? { int: t.modifiers[0] - (t.modifiers[1] ?? 0), frac: t.modifiers[1] ?? 0, length: Infinity } : NO_DIGITS),
    binary: { write: (s, f, _n, d, o) => putNumeric(s, f, d, o), room: 16 },
    converter: (c) => fromText(makeNumericConverter(c.type.modifiers[0], c.type.modifiers[1] ?? 0)),
  },
  real: { asIs: 'number', digits: floatDigits(FLOAT_SAFE_DIGITS.real), converter: () => fromText(makeFloatConverter('real')) },
  'double precision': {
    asIs: 'number', digits: floatDigits(FLOAT_SAFE_DIGITS.double),
    binary: { write: (s, f, _n, d, o) => putFloat8(s, f, d, o), room: 12 },
    converter: () => fromText(makeFloatConverter('double precision')),
  },
  boolean: {
    asIs: 'boolean', binary: { write: (s, f, _n, d, o) => putBoolean(s, f, d, o), room: 5 },
    converter: (c, { options }) => withBooleanBytes(makeBooleanConverter(conversionsOf(c, options.dialect).booleans)),
  },
  date: { asIs: 'date', binary: { write: (s, f, _n, d, o) => putDate(s, f, d, o), room: 8 }, converter: dateTime },
  timestamp: { asIs: 'timestamp', binary: { write: (s, f, _n, d, o) => putTimestamp(s, f, d, o, false), room: 12 }, converter: dateTime },
  timestamptz: { asIs: 'timestamptz', binary: { write: (s, f, _n, d, o) => putTimestamp(s, f, d, o, true), room: 12 }, converter: dateTime },
  time: { converter: dateTime },
  uuid: { converter: () => fromText(uuidConverter) },
  json: { converter: () => fromText(makeJsonConverter(false)) },
  jsonb: { converter: () => fromText(makeJsonConverter(true)) },
  bytea: { rawInEscapedFiles: true, converter: (c, { options }) => makeByteaConverter(conversionsOf(c, options.dialect)) },
  bit: { rawInEscapedFiles: true, converter: (c) => makeBitConverter('bit', c.type.modifiers[0] ?? 1) },
  varbit: { rawInEscapedFiles: true, converter: (c) => makeBitConverter('varbit', c.type.modifiers[0]) },
}

/** xml and types only a config override can choose: PostgreSQL checks the rest. */
const OTHER: ColumnKind = { converter: () => fromText(withoutNul) }

export function columnKind(type: PgType): ColumnKind {
  return Object.hasOwn(COLUMN_KINDS, type.name) ? COLUMN_KINDS[type.name] : OTHER
}

/** The digits of an `asIs: 'number'` type that PostgreSQL takes as they are (none for other kinds, and for numeric without precision). */
export function plainDigits(type: PgType): Digits {
  return columnKind(type).digits?.(type) ?? NO_DIGITS
}

/**
 * How the checks test the column's fields before passing them as they are,
 * `'raw'` when the file carries it as raw bytes, or `'convert'` when every
 * value is converted: in a file of another encoding than UTF-8, a column
 * of its own character set, or a type without as-is check.
 */
export function fieldCheck(column: TargetColumn, escaped: boolean, utf8: boolean, ownCharset: boolean): AsIsCheck | 'raw' | 'convert' {
  const kind = columnKind(column.type)
  if (escaped && kind.rawInEscapedFiles === true) return 'raw'
  if (!utf8 || ownCharset || kind.asIs === undefined) return 'convert'
  return kind.asIs !== 'number' || plainDigits(column.type).int > 0 ? kind.asIs : 'convert'
}

/**
 * Builds, once per column, the function that turns a field's text into PostgreSQL's text input for that
 * column's type, or null, or Invalid with a human reason. The field arrives as a JS string already decoded
 * from the file's encoding, or — for bytea and bit columns of MySQL files — as the raw Buffer. The result is
 * not yet escaped for COPY.
 */
export function makeValueConverter(column: TargetColumn, options: ConvertOptions): FieldConverter {
  const zeroDate = column.nullable
    ? (): Converted => {
        options.onZeroDate?.()
        return null
      }
    : (): Converted => ZERO_IN_NOT_NULL
  return columnKind(column.type).converter(column, { options, zeroDate })
}

const ZERO_IN_NOT_NULL = new Invalid('zero date in a NOT NULL column')
const ZERO_REJECTED = new Invalid('zero date: the source dialect has no such value (its zeroDates conversion is reject)')

/** A type with a `zeroText` (MySQL YEAR's `0000`): only the converter reads that text as a zero date. */
export function zeroTextOf(column: TargetColumn, dialect: Dialect): string | undefined {
  return conversionsOf(column, dialect).zeroText
}
