/** The table of every MySQL type and its hostile rows: what the MariaDB tests export (mariadb-dump --tab) or pull (heirloom pull) and compare value for value. */
import type { Column } from './mysql-values'

/** Every MySQL type of docs/dump-layout.md, Types. */
export const COLUMNS: readonly Column[] = [
  { name: 'id', declaration: 'int NOT NULL PRIMARY KEY', kind: 'integer' },
  { name: 'flag', declaration: 'tinyint(1)', kind: 'boolean' },
  { name: 'ti', declaration: 'tinyint', kind: 'integer' },
  { name: 'ti_u', declaration: 'tinyint unsigned', kind: 'integer' },
  { name: 'si', declaration: 'smallint', kind: 'integer' },
  { name: 'si_u', declaration: 'smallint unsigned', kind: 'integer' },
  { name: 'mi', declaration: 'mediumint', kind: 'integer' },
  { name: 'mi_u', declaration: 'mediumint unsigned', kind: 'integer' },
  { name: 'i', declaration: 'int', kind: 'integer' },
  { name: 'i_u', declaration: 'int unsigned', kind: 'integer' },
  { name: 'bi', declaration: 'bigint', kind: 'integer' },
  { name: 'bi_u', declaration: 'bigint unsigned', kind: 'integer' },
  { name: 'amount', declaration: 'decimal(30,10)', kind: 'decimal' },
  { name: 'fl', declaration: 'float', kind: 'float' },
  { name: 'dbl', declaration: 'double', kind: 'double' },
  { name: 'd', declaration: 'date', kind: 'date' },
  { name: 't', declaration: 'time', kind: 'time' },
  { name: 'dt', declaration: 'datetime(6)', kind: 'datetime' },
  { name: 'ts', declaration: 'timestamp(6) NULL DEFAULT NULL', kind: 'timestamp' },
  { name: 'y', declaration: 'year', kind: 'year' },
  { name: 'c', declaration: 'char(10)', kind: 'text' },
  { name: 'vc', declaration: 'varchar(255)', kind: 'text' },
  { name: 'tt', declaration: 'tinytext', kind: 'text' },
  { name: 'tx', declaration: 'text', kind: 'text' },
  { name: 'mt', declaration: 'mediumtext', kind: 'text' },
  { name: 'lt', declaration: 'longtext', kind: 'text' },
  { name: 'bn', declaration: 'binary(4)', kind: 'binary' },
  { name: 'vb', declaration: 'varbinary(300)', kind: 'binary' },
  { name: 'tb', declaration: 'tinyblob', kind: 'binary' },
  { name: 'bl', declaration: 'blob', kind: 'binary' },
  { name: 'mb', declaration: 'mediumblob', kind: 'binary' },
  { name: 'lb', declaration: 'longblob', kind: 'binary' },
  { name: 'e', declaration: "enum('a','b c','it''s')", kind: 'text' },
  { name: 's', declaration: "set('x','y','z')", kind: 'text' },
  { name: 'j', declaration: 'json', kind: 'text' },
  { name: 'b1', declaration: 'bit(1)', kind: 'bit', bits: 1 },
  { name: 'b12', declaration: 'bit(12)', kind: 'bit', bits: 12 },
  { name: 'g', declaration: 'geometry', kind: 'binary' },
]

export const TABLE = 'everything'

/** A MySQL string literal of any text, written as hex so that no escape rule of the SQL parser is involved. */
export function str(s: string): string {
  return `CONVERT(X'${Buffer.from(s, 'utf8').toString('hex')}' USING utf8mb4)`
}

export function bin(b: Buffer): string {
  return `X'${b.toString('hex')}'`
}

/** Deterministic pseudo-random bytes (xorshift), so a failure reproduces. */
export function noise(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length)
  let x = seed
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

export const EVERY_BYTE = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
export const HOSTILE = 'tab\there, LF\nthere, CR\rthere, CRLF\r\n, back\\slash, \\N, \\0, \\t, 😀 non-BMP 𝄞, é, "quotes" \'single\' `tick`'

/** Column → SQL value, per row; columns left out are NULL. */
export const ROWS: readonly Readonly<Record<string, string>>[] = [
  {
    id: '1', flag: '1', ti: '127', ti_u: '255', si: '32767', si_u: '65535', mi: '8388607', mi_u: '16777215',
    i: '2147483647', i_u: '4294967295', bi: '9223372036854775807', bi_u: '18446744073709551615',
    amount: '12345678901234567890.0123456789', fl: '3.14159', dbl: '2.718281828459045',
    d: "'2024-02-29'", t: "'23:59:59'", dt: "'2024-01-31 13:45:00.123456'", ts: "'2038-01-19 03:14:07.999999'", y: '2155',
    c: str('tab\tc'), vc: str(HOSTILE), tt: str('\\N'), tx: str('😀 non-BMP 𝄞 and é'),
    mt: str(HOSTILE.repeat(2000)), lt: str('line1\r\nline2\n\\N\t\\'),
    bn: bin(Buffer.from([0x00, 0x09, 0x0a, 0x5c])), vb: bin(EVERY_BYTE), tb: bin(Buffer.from(EVERY_BYTE).reverse().subarray(0, 255)),
    bl: bin(Buffer.concat([EVERY_BYTE, EVERY_BYTE, EVERY_BYTE, EVERY_BYTE])), mb: bin(noise(300_000, 42)), lb: bin(Buffer.from('\\N')),
    e: str("it's"), s: "'x,z'", j: str('{"k": "tab\\there", "emoji": "😀", "nested": [1, null]}'),
    // 0x0B05: no byte of it is a separator or `\` (BIT bytes are written unescaped: see RAW_BITS).
    b1: "b'1'", b12: "b'101100000101'", g: "ST_GeomFromText('POINT(1 2)')",
  },
  {
    id: '2', flag: '0', ti: '-128', ti_u: '0', si: '-32768', si_u: '0', mi: '-8388608', mi_u: '0',
    i: '-2147483648', i_u: '0', bi: '-9223372036854775808', bi_u: '0',
    amount: '-99999999999999999999.9999999999', fl: '-1.5e-10', dbl: '-1.7976931348623157e308',
    d: "'0000-00-00'", t: "'00:00:00'", dt: "'0000-00-00 00:00:00'", ts: "'0000-00-00 00:00:00'", y: '0000',
    c: "''", vc: "''", tt: "''", tx: "''", mt: "''", lt: "''",
    bn: "X''", vb: "X''", tb: "X''", bl: "X''", mb: "X''", lb: "X''",
    e: "''", s: "''", j: "'[]'", b1: "b'0'", b12: "b'0'", g: "ST_GeomFromText('LINESTRING(0 0, 1 1, 2 3)')",
  },
  { id: '3' },
  {
    id: '4', flag: '5', d: "'1000-01-01'", t: "'12:00:00'", dt: "'1000-01-01 00:00:00'", ts: "'1970-01-01 00:00:01'", y: '1901',
    fl: '0', dbl: '0', amount: '0',
    c: str('NULL'), vc: str('\\'), tt: str('\t'), tx: str('\n'), mt: str('\r\n'), lt: str('\\\t\\\n'),
    bn: bin(Buffer.from('\n\n\n\n')), vb: bin(Buffer.from('\\')), tb: bin(Buffer.from('\n')), bl: bin(Buffer.from('\t')), mb: bin(Buffer.from('N')), lb: bin(Buffer.from([0])),
    e: str('b c'), s: str('x,y,z'), j: str('"\\\\N"'), b12: "b'111111111111'",
  },
]
