import type { Dialect, TargetColumn } from '../../schema/model'
import { DUMP_ID_TYPE, formatPgType, samePgType } from '../../schema/model'
import { charsetEncoding } from '../../schema/mysql-charsets'
import type { DataFormat } from '../../schema/data-format'
import { classifyEncoding } from '../format/encoding'
import { readFormat } from '../read/member-input'
import { asIsLayout, type AsIsLayout } from '../as-is/as-is-cutter'
import { isUtc } from '../checked/convert/time-zone'
import { BUILT_IN, conversionsOf } from '../../schema/dialects'
import { mapColumnType } from '../../schema/map-type'
import { columnKind, fieldCheck, zeroTextOf } from './column-kinds'

/**
 * The rung a member starts on, from the fastest down:
 * - `binary`: the rows as they are, cut by the layout's as-is cutter, and
 *   written as COPY BINARY — PostgreSQL's input functions are the check,
 *   its text parsing is skipped;
 * - `as-is`: the same rows sent as COPY text;
 * - `checked`: every field read and checked by heirloom, bad rows kept as
 *   rejects with their line number.
 * The two fast rungs may still be refused by the data (a value PostgreSQL
 * refuses, a row the cutter cannot cut as COPY would read it): then the
 * member is loaded by the checks (`copyMember`).
 */
export type LoadPathKind = 'binary' | 'as-is' | 'checked'

export interface LoadPath {
  readonly kind: LoadPathKind
  /** Why not a faster rung: the first column, encoding or layout that rules it out; for `binary`, that nothing does. */
  readonly reason: string
  /** For the fast rungs: the cutter that cuts the member's rows. */
  readonly layout?: AsIsLayout
}

export interface LoadPathInput {
  /** In the file's field order; types as the child table really has them. */
  readonly columns: readonly TargetColumn[]
  /** The data format as configured (before the stream re-encodes the member). */
  readonly format: DataFormat
  readonly dialect: Dialect
  /** The zone timestamptz values without an offset are read in. */
  readonly timezone: string | undefined
  /** The data file's header row decides the field order. */
  readonly fieldOrderFromHeader: boolean
}

/**
 * Chooses, once per member and before a byte is read, the rung it starts
 * on, from the column kinds' table, the format and the dialect. A fast rung
 * needs PostgreSQL to read every value exactly as the checks would pass it
 * (the column kinds' `asIs`), and the layout to have an as-is cutter;
 * `binary` further needs a binary writer for every column.
 */
export function chooseLoadPath(input: LoadPathInput): LoadPath {
  const format = readFormat(input.format, input.fieldOrderFromHeader)
  if (format.header) return checked(input.fieldOrderFromHeader ? 'fields are ordered by the header row' : 'the file has a header row')
  if (classifyEncoding(format.encoding) !== 'utf8') return checked(`${format.encoding} in a format with escapes: binary columns are decoded per column`)
  const layout = asIsLayout(format)
  if (layout === undefined) return checked('the layout has no as-is cutter (quoting, escapes, NULL or delimiter other than COPY reads)')
  for (const column of input.columns) {
    const why = notAsIs(column, input, format)
    if (why !== undefined) return checked(`column ${column.name} (${formatPgType(column.type)}): ${why}`)
  }
  // COPY BINARY's writers read MySQL's escapes and plain values, not all of COPY text (octal escapes, infinity).
  if (format.escapeSet === 'copy') return { kind: 'as-is', layout, reason: 'pg-copy is COPY text: PostgreSQL reads its escapes and values' }
  const text = input.columns.find((c) => columnKind(c.type).binary === undefined)
  if (text !== undefined) return { kind: 'as-is', layout, reason: `column ${text.name} (${formatPgType(text.type)}) has no COPY BINARY writer` }
  if (columnKind(DUMP_ID_TYPE).binary === undefined) return { kind: 'as-is', layout, reason: '_dump_id has no COPY BINARY writer' }
  return { kind: 'binary', layout, reason: 'every column has an as-is check and a COPY BINARY writer' }
}

function checked(reason: string): LoadPath {
  return { kind: 'checked', reason }
}

/** Why PostgreSQL may read the column's values otherwise than the checks would pass them, or undefined when it reads them the same. */
function notAsIs(column: TargetColumn, input: LoadPathInput, format: DataFormat): string | undefined {
  // A PostgreSQL export into a column of its own type: PostgreSQL's input function reads what its output function wrote.
  if (format.escapeSet === 'copy' && isOwnPgType(column)) return undefined
  const check = fieldCheck(column, format.escape !== undefined, true, charsetEncoding(column.source.charset) !== undefined)
  if (check === 'raw') return 'the file carries it as raw bytes'
  if (check === 'convert') {
    return charsetEncoding(column.source.charset) !== undefined ? `its own character set (${column.source.charset})` : 'only the converter checks this type'
  }
  const zeroText = zeroTextOf(column, input.dialect)
  if (zeroText !== undefined) return `${column.source.type} ${zeroText} is a zero date`
  if ((check === 'timestamp' || check === 'timestamptz') && writesBeyondMicroseconds(column, input.dialect)) {
    return '7 fractional digits (PostgreSQL rounds the 7th to even, the converter up)'
  }
  if (check === 'timestamptz' && !isUtc(input.timezone)) return `values without an offset are read in ${input.timezone ?? 'UTC'}, not UTC`
  return undefined
}

/**
 * A type with `secondsDigits` (SQL Server's datetime2 and datetimeoffset: 7)
 * writes that many fractional digits unless declared with fewer. PostgreSQL
 * rounds a seventh digit of 5 to even, the converter rounds it up: such
 * columns keep the converter's rounding.
 */
function writesBeyondMicroseconds(column: TargetColumn, dialect: Dialect): boolean {
  const { secondsDigits } = conversionsOf(column, dialect)
  return secondsDigits !== undefined && (column.source.datetimePrecision ?? secondsDigits) > 6
}

/** The column has the type its PostgreSQL source column has (no override, no widening), as the built-in postgresql map names it. */
function isOwnPgType(column: TargetColumn): boolean {
  try {
    const own = mapColumnType(column.source, BUILT_IN.postgresql, { strict: true, where: column.name })
    return own.warning === undefined && samePgType(own.type, column.type)
  } catch {
    return false
  }
}
