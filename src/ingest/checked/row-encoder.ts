import { HeirloomError } from '../../errors'
import type { TargetColumn } from '../../schema/model'
import { charsetEncoding } from '../../schema/mysql-charsets'
import { CONTAINS_NUL, Invalid, type Converted } from './convert/value-converter'
import { isPlainDateTime } from './convert/convert-date-time'
import { isUtc } from './convert/time-zone'
import { fieldCheck, makeValueConverter, plainDigits, type Digits } from '../load-path/column-kinds'
import { isUtf8 } from 'node:buffer'
import type { CopyBuffer } from '../copy/copy-buffer'
import { hasMysqlEscapes, isCopyText } from '../../schema/data-format'
import { classifyEncoding, decodeText } from '../format/encoding'
import type { RecordView } from '../read/raw-record'
import type { TableTask } from '../table-task'

/** How a field's bytes are checked before they go to COPY as they are (`fieldCheck`); what fails the check goes to the converter. */
type FieldKind = ReturnType<typeof fieldCheck>

interface FieldPlan {
  readonly column: TargetColumn
  /** How a reject's reason names the column: `column n`, with its source's affinity when its map names one (`column n (INTEGER affinity)`). */
  readonly label: string
  readonly kind: FieldKind
  /** varchar(n), char(n): n; otherwise no limit. */
  readonly maxChars: number
  /** 'number': how many integer and fraction digits, and characters in all, surely fit. */
  readonly digits: Digits
  /** What the field's bytes are decoded from: the file's encoding, or the column's own character set (MySQL `latin1` column of a UTF-8 file). */
  readonly encoding: string
  readonly convert: (field: string | Buffer) => Converted
}

/** Per-field verdicts of a row's check pass. */
const AS_IS = 0
/** Text that goes as it is but holds a byte COPY text must escape (backslash, TAB, LF, CR). */
const AS_IS_ESCAPED = 1
const NULL = 2
const CONVERT = 3

/**
 * Writes records of one data member as COPY text rows into a CopyBuffer, or
 * says why a row is rejected. Fields are matched to columns by position, or
 * by name when the file has a header row. This is the ingest hot path.
 * Each row is checked field by field on the file's bytes first (no Buffer,
 * no string); then a `mysql-tab` row whose fields all go as they are is
 * copied whole, since that format is COPY text already, and any other row
 * is written field by field, converting only the fields that need it.
 */
export class RowEncoder {
  /** The child's columns in the file's field order: the COPY column list. */
  readonly copyColumns: readonly string[]
  /** Warnings counted per column (e.g. MySQL zero dates turned into NULL). */
  readonly warnings = new Map<string, number>()
  private readonly fields: readonly FieldPlan[]
  private readonly verdicts: Uint8Array
  private readonly encoding: string
  private readonly utf8: boolean
  /** timestamptz values without an offset are read in UTC. */
  private readonly utc: boolean
  /** The file's rows are COPY text when every field goes as it is and none spans lines. */
  private readonly copyTextRows: boolean
  private readonly dumpIdBytes: Buffer

  constructor(task: TableTask, member: string, header: readonly string[] | undefined) {
    const ordered = header === undefined ? task.columns : columnsByHeader(task, member, header)
    this.utf8 = classifyEncoding(task.format.encoding) === 'utf8'
    this.utc = isUtc(task.timezone)
    this.fields = ordered.map((column) => ({
      column,
      label: column.conversions?.affinity === undefined ? `column ${column.name}` : `column ${column.name} (${column.conversions.affinity} affinity)`,
      kind: fieldCheck(column, hasMysqlEscapes(task.format), this.utf8, charsetEncoding(column.source.charset) !== undefined),
      digits: plainDigits(column.type),
      encoding: charsetEncoding(column.source.charset) ?? task.format.encoding,
      maxChars: (column.type.name === 'varchar' || column.type.name === 'char') && column.type.modifiers.length > 0 ? column.type.modifiers[0] : Infinity,
      convert: makeValueConverter(column, {
        dialect: task.dialect,
        timezone: task.timezone,
        onZeroDate: () => this.warnings.set(column.name, (this.warnings.get(column.name) ?? 0) + 1),
      }),
    }))
    this.verdicts = new Uint8Array(this.fields.length)
    this.copyColumns = ordered.map((c) => c.name)
    this.encoding = task.format.encoding
    this.copyTextRows = this.utf8 && isCopyText(task.format)
    this.dumpIdBytes = rowEnd(task.dumpId)
  }

  /** Appends the record as one COPY row (with `_dump_id` and the newline) to out, or returns why it is rejected, leaving out as it was. */
  encodeInto(record: RecordView, out: CopyBuffer): Invalid | undefined {
    const n = this.fields.length
    if (record.count !== n) return new Invalid(`expected ${n} fields, found ${record.count}`)
    let whole = this.copyTextRows && record.lfs <= 1
    for (let i = 0; i < n; i++) {
      const verdict = this.check(this.fields[i], record, i)
      if (typeof verdict === 'string') return new Invalid(`${this.fields[i].label}: ${verdict}`)
      this.verdicts[i] = verdict
      // A field with its own bytes had escapes resolved: the row's bytes are not its COPY text.
      if (verdict === CONVERT || verdict === AS_IS_ESCAPED || (verdict === AS_IS && !record.isSpan(i))) whole = false
    }
    if (whole) {
      out.rawRange(record.buf, record.rawStart, record.rawEnd)
      out.raw(this.dumpIdBytes)
      return undefined
    }
    const mark = out.length
    for (let i = 0; i < n; i++) {
      if (i > 0) out.byte(TAB)
      const problem = this.write(this.fields[i], this.verdicts[i], record, i, out)
      if (problem !== undefined) {
        out.moveTo(mark)
        return new Invalid(`${this.fields[i].label}: ${problem}`)
      }
    }
    out.raw(this.dumpIdBytes)
    return undefined
  }

  /** The field's verdict from its bytes, or the reason it is rejected. */
  private check(plan: FieldPlan, record: RecordView, i: number): number | string {
    if (record.isNull(i)) return plan.column.nullable ? NULL : 'NULL in a NOT NULL column'
    const kind = plan.kind
    if (kind === 'convert' || kind === 'raw') return CONVERT
    let buf = record.buf
    let a = record.starts[i]
    let b = record.ends[i]
    if (a < 0) {
      buf = record.value(i) as Buffer
      a = 0
      b = buf.length
    }
    switch (kind) {
      case 'utf8-text': return checkUtf8Text(buf, a, b, plan.maxChars)
      case 'number': return isPlainNumber(buf, a, b, plan.digits) ? AS_IS : CONVERT
      case 'date':
      case 'timestamp':
      case 'timestamptz': return isPlainDateTime(buf, a, b, kind, !this.utc) ? AS_IS : CONVERT
      case 'boolean': return b - a === 1 && (buf[a] === D0 || buf[a] === D1) ? AS_IS : CONVERT
    }
  }

  /** Writes one field by its verdict; returns the reason when the converter refuses the value. */
  private write(plan: FieldPlan, verdict: number, record: RecordView, i: number, out: CopyBuffer): string | undefined {
    if (verdict === NULL) {
      out.byte(BACKSLASH)
      out.byte(UPPER_N)
      return undefined
    }
    if (verdict !== CONVERT) {
      if (record.isSpan(i)) {
        writeAsIs(out, verdict, record.buf, record.starts[i], record.ends[i])
      } else {
        const own = record.value(i) as Buffer
        writeAsIs(out, verdict, own, 0, own.length)
      }
      return undefined
    }
    const bytes = record.value(i) as Buffer
    let field: string | Buffer
    if (plan.kind === 'raw') {
      field = bytes
    } else {
      try {
        field = plan.encoding === this.encoding && this.utf8 ? decodeUtf8(bytes) : decodeText(bytes, plan.encoding, true)
      } catch {
        return `bytes that are not valid ${plan.encoding}`
      }
    }
    const value = plan.convert(field)
    if (value instanceof Invalid) return value.reason
    if (value === null) {
      if (!plan.column.nullable) return 'NULL in a NOT NULL column'
      out.byte(BACKSLASH)
      out.byte(UPPER_N)
    } else {
      out.text(value)
    }
    return undefined
  }
}

const TAB = 0x09
const BACKSLASH = 0x5c
const UPPER_N = 0x4e
const D0 = 0x30
const D1 = 0x31

/** Field bytes that go as they are: escaped for COPY text only when they hold a byte it must escape. */
function writeAsIs(out: CopyBuffer, verdict: number, buf: Buffer, a: number, b: number): void {
  if (verdict === AS_IS) out.rawRange(buf, a, b)
  else out.bytesRange(buf, a, b)
}

/** What ends each COPY row: the delimiter (TAB for COPY text), the `_dump_id` field and the newline. */
export function rowEnd(dumpId: number): Buffer {
  return Buffer.from(`\t${dumpId}\n`)
}

/** buf[a, b) is `-?(0|[1-9]\d*)(\.\d+)?` within the digit limits: the converter would return it unchanged. */
function isPlainNumber(buf: Buffer, a: number, b: number, digits: Digits): boolean {
  if (b - a > digits.length) return false
  let i = a < b && buf[a] === 0x2d ? a + 1 : a
  const start = i
  while (i < b && buf[i] >= D0 && buf[i] <= 0x39) i++
  const ints = i - start
  if (ints === 0 || ints > digits.int || (ints > 1 && buf[start] === D0)) return false
  if (i === b) return true
  if (buf[i] !== 0x2e || digits.frac === 0) return false
  const dot = ++i
  while (i < b && buf[i] >= D0 && buf[i] <= 0x39) i++
  return i === b && i - dot >= 1 && i - dot <= digits.frac
}

/**
 * Checks a text field's UTF-8 bytes without decoding them: no NUL (PostgreSQL
 * text cannot hold it), valid UTF-8, and for varchar(n) at most n characters
 * — a longer value goes to the converter, which knows PostgreSQL's rule for
 * trailing spaces. Says whether the bytes hold one COPY text must escape.
 */
function checkUtf8Text(buf: Buffer, a: number, b: number, maxChars: number): number | string {
  let ascii = true
  let escape = false
  for (let i = a; i < b; i++) {
    const c = buf[i]
    if (c < 0x20) {
      if (c === 0) return CONTAINS_NUL.reason
      if (c === 0x09 || c === 0x0a || c === 0x0d) escape = true
    } else if (c >= 0x80) {
      ascii = false
    } else if (c === BACKSLASH) {
      escape = true
    }
  }
  const verdict = escape ? AS_IS_ESCAPED : AS_IS
  if (!ascii && !isUtf8(buf.subarray(a, b))) return 'bytes that are not valid utf8'
  if (b - a <= maxChars) return verdict
  let chars = 0
  for (let i = a; i < b; i++) if ((buf[i] & 0xc0) !== 0x80) chars++
  return chars <= maxChars ? verdict : CONVERT
}

/** UTF-8 field to string: ASCII (numbers, dates) by the cheap latin1 path; anything else checked first. */
function decodeUtf8(bytes: Buffer): string {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] >= 0x80) {
      if (!isUtf8(bytes)) throw new Error('invalid utf8')
      return bytes.toString('utf8')
    }
  }
  return bytes.toString('latin1')
}

/** Columns in the header's order, matched by name case-insensitively; a header naming no column is an error. */
function columnsByHeader(task: TableTask, member: string, header: readonly string[]): TargetColumn[] {
  const byName = new Map(task.columns.map((c) => [c.source.name.toLowerCase(), c]))
  return header.map((name) => {
    const column = byName.get(name.trim().toLowerCase())
    if (column === undefined) {
      throw new HeirloomError('DATA_INVALID', `${member}: the header names a column "${name}" that the schema file does not have`,
        'make the schema file and the data file agree (same export), or rename the column with target.renames')
    }
    return column
  })
}
