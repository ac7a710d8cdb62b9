import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Invalid, type ConvertOptions, type Converted } from '../../src/ingest/checked/convert/value-converter'
import { makeValueConverter } from '../../src/ingest/load-path/column-kinds'
import { HeirloomError } from '../../src/errors'
import type { TargetColumn } from '../../src/schema/model'
import { parsePgType } from '../../src/schema/parse-pg-type'

function column(pgType: string, extra: { nullable?: boolean; sourceType?: string } = {}): TargetColumn {
  const nullable = extra.nullable ?? true
  return { name: 'c', type: parsePgType(pgType), nullable, source: { name: 'c', type: extra.sourceType ?? 'x', nullable } }
}

function converter(pgType: string, options: Partial<ConvertOptions> = {}, extra: { nullable?: boolean; sourceType?: string } = {}): (field: string | Buffer) => Converted {
  return makeValueConverter(column(pgType, extra), { dialect: 'mssql', ...options })
}

/** Each [input, output] pair; output null means NULL. */
function accepts(pgType: string, pairs: ReadonlyArray<readonly [string | Buffer, string | null]>, options: Partial<ConvertOptions> = {}): void {
  const convert = converter(pgType, options)
  for (const [input, output] of pairs) assert.equal(convert(input), output, `${pgType} ${JSON.stringify(input)}`)
}

/** Each [input, reason pattern]. */
function rejects(pgType: string, pairs: ReadonlyArray<readonly [string | Buffer, RegExp]>, options: Partial<ConvertOptions> = {}): void {
  const convert = converter(pgType, options)
  for (const [input, reason] of pairs) {
    const result = convert(input)
    assert.ok(result instanceof Invalid, `${pgType} ${JSON.stringify(input)} should be rejected, got ${JSON.stringify(result)}`)
    assert.match(result.reason, reason)
  }
}

describe('value converter: integers', () => {
  it('passes integers within range through, trimming surrounding spaces', () => {
    accepts('smallint', [['32767', '32767'], ['-32768', '-32768'], ['+5', '+5'], [' 42 ', '42'], ['0007', '0007']])
    accepts('integer', [['2147483647', '2147483647'], ['-2147483648', '-2147483648'], ['000000000002147483647', '000000000002147483647']])
    accepts('bigint', [['9223372036854775807', '9223372036854775807'], ['-9223372036854775808', '-9223372036854775808']])
  })
  it('rejects values out of range for smallint, integer and bigint', () => {
    rejects('smallint', [['32768', /out of range for smallint/], ['-32769', /out of range/]])
    rejects('integer', [['2147483648', /out of range for integer/], ['-2147483649', /out of range/]])
    rejects('bigint', [['9223372036854775808', /out of range for bigint/], ['18446744073709551615', /out of range/]])
  })
  it('rejects fractions, words, a lone sign and empty fields', () => {
    rejects('integer', [['1.5', /not an integer/], ['1.0', /not an integer/], ['abc', /not an integer/], ['-', /not an integer/], ['', /empty field/], ['1e3', /not an integer/]])
  })
  it('reads MySQL YEAR 0000 as a zero date: NULL and a warning', () => {
    let warnings = 0
    const convert = converter('smallint', { dialect: 'mysql', onZeroDate: () => warnings++ }, { sourceType: 'year' })
    assert.equal(convert('2024'), '2024')
    assert.equal(convert('0000'), null)
    assert.equal(warnings, 1)
  })
})

describe('value converter: numeric', () => {
  it('accepts values that fit numeric(p,s) after rounding to s, including SQL Server money text and exponents', () => {
    accepts('numeric(4,2)', [['99.99', '99.99'], ['-12.50', '-12.50'], ['99.994', '99.994'], ['0.999', '0.999'], ['.5', '.5'], ['1e1', '1e1'], ['1E-3', '1E-3'], ['00012.5', '00012.5']])
    accepts('numeric(19,4)', [['123.4500', '123.4500'], ['-922337203685477.5808', '-922337203685477.5808']])
    accepts('numeric(20)', [['18446744073709551615', '18446744073709551615']])
    accepts('numeric', [['1234567890123456789012345678901234567890.5', '1234567890123456789012345678901234567890.5']])
  })
  it('rejects numeric field overflow, counting the carry of rounding (99.995 at scale 2 is 100.00)', () => {
    rejects('numeric(4,2)', [['100', /3 digits before the decimal point, numeric\(4,2\) allows 2/], ['99.995', /overflow/], ['1e2', /overflow/], ['-123.4500', /overflow/]])
    rejects('numeric(2,2)', [['0.995', /1 digits before the decimal point, numeric\(2,2\) allows 0/]])
    rejects('numeric(20)', [['184467440737095516150', /overflow/]])
  })
  it('rejects text that is not a decimal number, and empty fields', () => {
    rejects('numeric(10,2)', [['abc', /not a decimal number/], ['1.2.3', /not a decimal number/], ['1e', /not a decimal number/], ['Infinity', /not a decimal number/], ['$5', /not a decimal/], ['', /empty field/]])
    rejects('numeric', [['1e1001', /not a decimal number/], ['infin', /not a decimal number/]])
    rejects('numeric(10,2)', [['inf', /not a decimal number/]])
  })
  it('accepts NaN at any precision and ±Infinity without one, as PostgreSQL reads them (a PostgreSQL source exports them)', () => {
    accepts('numeric(10,2)', [['NaN', 'NaN'], ['nan', 'nan']])
    accepts('numeric', [['NaN', 'NaN'], ['Infinity', 'Infinity'], ['-Infinity', '-Infinity']])
    // PostgreSQL 14+ reads `inf` too, which the sqlite3 shell writes for a REAL infinity.
    accepts('numeric', [['Inf', 'Inf'], ['-Inf', '-Inf'], ['+inf', '+inf']])
  })
})

describe('value converter: real and double precision', () => {
  it('accepts normal floats, SQL Server exponent text, NaN and infinities', () => {
    accepts('double precision', [['0.02', '0.02'], ['5.0000000000000003E-2', '5.0000000000000003E-2'], ['NaN', 'NaN'], ['Infinity', 'Infinity'], ['-Infinity', '-Infinity'], ['1.7976931348623157e308', '1.7976931348623157e308'], ['4.9e-324', '4.9e-324']])
    accepts('real', [['3.4028235e38', '3.4028235e38'], ['1.4e-45', '1.4e-45'], ['-inf', '-inf']])
  })
  it('rejects overflow and underflow to zero, which PostgreSQL refuses', () => {
    rejects('double precision', [['1e309', /out of range for double precision/], ['1e-400', /out of range/]])
    rejects('real', [['3.5e38', /out of range for real/], ['1e-50', /out of range for real/]])
  })
  it('rejects text that is not a number', () => {
    rejects('real', [['1.#INF', /not a number/], ['abc', /not a number/], ['', /empty field/]])
  })
})

describe('value converter: boolean', () => {
  it('reads SQL Server bit 0/1 and the words true/false', () => {
    accepts('boolean', [['0', 'f'], ['1', 't'], ['true', 't'], ['False', 'f']])
  })
  it('rejects other integers from SQL Server', () => rejects('boolean', [['2', /not a boolean \(0\/1/], ['', /not a boolean/]]))
  it('reads any nonzero integer in a MySQL tinyint(1) as true', () => {
    accepts('boolean', [['0', 'f'], ['1', 't'], ['5', 't'], ['-1', 't'], ['00', 'f'], [Buffer.from([1]), 't'], [Buffer.from([0]), 'f']], { dialect: 'mysql' })
    rejects('boolean', [['1.5', /not a boolean/]], { dialect: 'mysql' })
  })
})

describe('value converter: dates and times', () => {
  it('passes PostgreSQL\'s infinity and -infinity for dates and timestamps (a PostgreSQL source exports them), never for a time of day', () => {
    for (const type of ['date', 'timestamp', 'timestamptz']) accepts(type, [['infinity', 'infinity'], ['-infinity', '-infinity'], ['+Infinity', '+Infinity']])
    rejects('time', [['infinity', /not a date|not a time/]])
    rejects('date', [['infinit', /./], ['infinityx', /./]])
  })
  it('passes SQL Server datetime and MySQL datetime text through unchanged', () => {
    accepts('timestamp(3)', [['2024-01-31 13:45:00.000', '2024-01-31 13:45:00.000'], ['2024-01-31 13:45:00', '2024-01-31 13:45:00'], ['2024-02-29', '2024-02-29']])
    accepts('date', [['2024-01-31', '2024-01-31']])
  })
  it('rounds fractional seconds beyond 6 digits, carrying into seconds, minutes, days, months and years', () => {
    accepts('timestamp(6)', [
      ['2024-01-31 13:45:00.1234567', '2024-01-31 13:45:00.123457'],
      ['2024-01-31 13:45:00.1234564', '2024-01-31 13:45:00.123456'],
      ['2024-01-31 13:45:59.9999995', '2024-01-31 13:46:00'],
      ['2024-01-31 23:59:59.9999999', '2024-02-01 00:00:00'],
      ['2024-02-28 23:59:59.9999999', '2024-02-29 00:00:00'],
      ['2023-02-28 23:59:59.9999999', '2023-03-01 00:00:00'],
      ['2024-04-30 23:59:59.9999999', '2024-05-01 00:00:00'],
      ['2024-12-31 23:59:59.9999999', '2025-01-01 00:00:00'],
    ])
    accepts('time(6)', [['13:45:00.1234567', '13:45:00.123457'], ['23:59:59.9999999', '24:00:00']])
  })
  it('reads SQL Server style-100 dates, including the double space before a one-digit day', () => {
    accepts('timestamp(3)', [['Dec 22 2000 11:04PM', '2000-12-22 23:04:00'], ['Jan  1 2001 12:00AM', '2001-01-01 00:00:00'], ['Jan  1 2001 12:30PM', '2001-01-01 12:30:00'], ['Dec 22 2000', '2000-12-22 00:00:00']])
    accepts('date', [['Dec 22 2000 11:04PM', '2000-12-22']])
  })
  it('writes SQL Server datetimeoffset with its offset attached', () => {
    accepts('timestamptz(6)', [['2024-01-31 13:45:00.1234567 +01:00', '2024-01-31 13:45:00.123457+01:00'], ['2024-01-31 13:45:00 -05:30', '2024-01-31 13:45:00-05:30']])
  })
  it('reads MySQL TIMESTAMP as UTC by default and writes an explicit offset', () => {
    accepts('timestamptz(0)', [['2024-01-31 13:45:00', '2024-01-31 13:45:00+00']], { dialect: 'mysql' })
  })
  it('reads MySQL TIMESTAMP in the configured zone, offset or IANA, following daylight saving time', () => {
    accepts('timestamptz(0)', [['2024-01-31 13:45:00', '2024-01-31 13:45:00+02:00']], { dialect: 'mysql', timezone: '+02:00' })
    accepts('timestamptz(0)', [['2024-01-31 13:45:00', '2024-01-31 13:45:00+01:00'], ['2024-07-31 13:45:00', '2024-07-31 13:45:00+02:00']], { dialect: 'mysql', timezone: 'Europe/Paris' })
  })
  it('rounds SQL Server datetime2(7) text read into timestamptz and attaches the configured offset', () => {
    accepts('timestamptz(6)', [['2024-01-31 13:45:00.1234567', '2024-01-31 13:45:00.123457-03:00'], ['2024-01-31 23:59:59.9999999', '2024-02-01 00:00:00-03:00']], { timezone: '-03:00' })
  })
  it('refuses a time zone that is neither IANA nor an offset, naming dumps.defaults.timezone', () => {
    assert.throws(() => converter('timestamptz(0)', { dialect: 'mysql', timezone: 'Mars/Olympus' }), (e: unknown) => {
      assert.ok(e instanceof HeirloomError)
      assert.equal(e.code, 'CONFIG_INVALID')
      assert.match(e.hint ?? '', /dumps\.defaults\.timezone/)
      return true
    })
  })
  it('turns MySQL zero dates into NULL and reports each one', () => {
    let warnings = 0
    const options = { dialect: 'mysql', onZeroDate: () => warnings++ } as const
    accepts('date', [['0000-00-00', null]], options)
    accepts('timestamp(0)', [['0000-00-00 00:00:00', null]], options)
    accepts('timestamptz(0)', [['0000-00-00 00:00:00', null]], options)
    assert.equal(warnings, 3)
  })
  it('rejects a MySQL zero date in a NOT NULL column, and zero dates from SQL Server', () => {
    const convert = converter('date', { dialect: 'mysql' }, { nullable: false })
    assert.deepEqual(convert('0000-00-00'), new Invalid('zero date in a NOT NULL column'))
    rejects('date', [['0000-00-00', /zero date: the source dialect has no such value/]])
  })
  it('rejects dates the calendar does not have', () => {
    rejects('date', [['2024-02-30', /day 30 does not exist in 2024-02/], ['2023-02-29', /day 29 does not exist/], ['1900-02-29', /does not exist/], ['2024-04-31', /does not exist/], ['2024-13-01', /month 13/], ['2024-00-10', /zero/]], { dialect: 'mysql' })
    rejects('timestamp(3)', [['Feb 30 2001 01:00AM', /day 30 does not exist/]])
  })
  it('rejects times of day out of range, including MySQL TIME beyond 24 hours or negative', () => {
    rejects('timestamp(3)', [['2024-01-31 24:00:00', /time of day outside/], ['2024-01-31 12:60:00', /outside/], ['Dec 22 2000 13:04PM', /outside/]])
    rejects('time(0)', [['838:59:59', /time outside 00:00:00\.\.24:00:00/], ['-01:00:00', /time outside/]])
  })
  it('rejects text that is not a date or time', () => {
    rejects('timestamp(3)', [['yesterday', /not a date\/time/], ['2024-01-31 13:45:00.', /not a date\/time/], ['13:45:00', /not a date\/time/], ['', /empty field/]])
    rejects('time(0)', [['2024-01-31', /not a time of day/]])
  })
})

describe('value converter: text types', () => {
  it('bounds char(n) and varchar(n) in characters (code points), letting PostgreSQL drop trailing spaces', () => {
    accepts('varchar(3)', [['abc', 'abc'], ['😀😀😀', '😀😀😀'], ['ab    ', 'ab    '], ['', '']])
    accepts('char(3)', [['a  ', 'a  ']])
    rejects('varchar(3)', [['abcd', /4 characters, but varchar\(3\) holds 3/], ['😀😀😀😀', /4 characters/]])
    rejects('char(2)', [['abc', /char\(2\) holds 2/]])
  })
  it('rejects the NUL character in every text type', () => {
    for (const type of ['text', 'varchar(10)', 'varchar', 'xml', 'json', 'jsonb', 'interval']) rejects(type, [['a\u0000b', /NUL character/]])
  })
  it('passes text and xml through', () => {
    accepts('text', [['multi\nline\ttext \\ "quoted"', 'multi\nline\ttext \\ "quoted"']])
    accepts('xml', [['<a b="1">x</a>', '<a b="1">x</a>']])
  })
  it('checks uuid syntax', () => {
    accepts('uuid', [['6F9619FF-8B86-D011-B42D-00C04FC964FF', '6F9619FF-8B86-D011-B42D-00C04FC964FF'], ['{6f9619ff-8b86-d011-b42d-00c04fc964ff}', '{6f9619ff-8b86-d011-b42d-00c04fc964ff}']])
    rejects('uuid', [['6F9619FF-8B86-D011-B42D-00C04FC964F', /not a uuid/], ['{6F9619FF-8B86-D011-B42D-00C04FC964FF', /not a uuid/]])
  })
  it('checks JSON syntax, and the \\u0000 escape jsonb cannot hold', () => {
    accepts('jsonb', [['{"a": [1, 2]}', '{"a": [1, 2]}'], ['"\\\\u0000"', '"\\\\u0000"']])
    accepts('json', [['"\\u0000"', '"\\u0000"']])
    rejects('jsonb', [['{"a": ', /not valid JSON/], ['"\\u0000"', /jsonb cannot hold/]])
  })
})

describe('value converter: binary and bit strings', () => {
  it('turns SQL Server hex (with or without 0x) into PostgreSQL hex input', () => {
    accepts('bytea', [['00FF10', '\\x00FF10'], ['0x0aff', '\\x0aff'], ['', '\\x']])
  })
  it('rejects odd-length and non-hex SQL Server binary text', () => {
    rejects('bytea', [['ABC', /odd number of digits/], ['0G', /not hexadecimal/]])
  })
  it('under a map extending mysql with `binary: hex`, reads an escaped file\'s raw field (a Buffer) as hex digits too, never as bytes', () => {
    const hexTab = makeValueConverter({ ...column('bytea'), conversions: { booleans: 'anyInteger', binary: 'hex', zeroDates: 'null', rawBinary: 'hex' } }, { dialect: 'mysql' })
    assert.equal(hexTab(Buffer.from('CAFE')), '\\xCAFE')
    assert.equal(hexTab(Buffer.from('0x00ff')), '\\x00ff')
    assert.match(String((hexTab(Buffer.from([0xca, 0xfe])) as Invalid).reason), /not hexadecimal/)
    assert.match(String((hexTab(Buffer.from('ABC')) as Invalid).reason), /odd number of digits/)
  })
  it('keeps the raw bytes of a MySQL-escaped file in a SQL Server dump (a MySQL exporter wrote them), while its text fields are hex', () => {
    accepts('bytea', [[Buffer.from('CAFE'), '\\x43414645'], [Buffer.from([0, 92, 255]), '\\x005cff'], ['CAFE', '\\xCAFE']])
  })
  it('hex-encodes MySQL raw bytes', () => {
    accepts('bytea', [[Buffer.from([0, 9, 10, 92, 255]), '\\x00090a5cff']], { dialect: 'mysql' })
  })
  it('spreads MySQL bit bytes into exactly n digits, and accepts 0/1 text', () => {
    accepts('bit(3)', [[Buffer.from([5]), '101'], [Buffer.from([0, 1]), '001'], ['101', '101'], ['1', '001'], ['0101', '101']], { dialect: 'mysql' })
    accepts('bit(10)', [[Buffer.from([2, 255]), '1011111111']], { dialect: 'mysql' })
    accepts('varbit(10)', [['101', '101']])
  })
  it('rejects bit values with more significant bits than the column holds, and non-bit text', () => {
    rejects('bit(3)', [[Buffer.from([8]), /more significant bits than bit\(3\)/], ['1101', /more significant bits/], ['12', /not a bit string/], ['', /not a bit string/]], { dialect: 'mysql' })
  })
})
