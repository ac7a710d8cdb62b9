import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import fc from 'fast-check'
import pg from 'pg'
import { DEFAULT_MAX_RECORD_BYTES } from '../../src/config/config'
import { copyMember } from '../../src/ingest/copy-member'
import { BUILTIN_FORMATS, type BuiltinFormatName } from '../../src/schema/data-format'
import type { TableTask } from '../../src/ingest/table-task'
import { DUMP_ID_COLUMN, type SourceColumn, type TargetColumn } from '../../src/schema/model'
import { parsePgType } from '../../src/schema/parse-pg-type'
import { createTestDatabase, type TestDatabase } from '../support/test-database'
import { encodeBcp, encodeCsv, encodeMysqlTab, type Row } from '../support/encode-rows'
import { cutMember, fillerRow } from '../support/cut-member'
import { makeZip } from '../support/make-zip'

/*
 * Wide tables (1–200 columns) with NULL, '' and ordinary values in every
 * position of the first and the last record, in each built-in format,
 * through each load path copyMember can take — COPY BINARY, COPY text as
 * the file is, and the checks — with the member cut into chunks inside its
 * last record. Whatever the path, PostgreSQL must hold exactly what was
 * written: NULL stays NULL, '' stays ''. The reader's and the cutters' state
 * grows with the record (the field arrays double at 16, 32, …: a NULL there
 * once became ''), so narrow tables cannot catch this class.
 */

type Path = 'binary' | 'text' | 'checks'

/** A column whose type decides the path: binary writers exist for all its columns, for all but it, or only the checks convert it. */
const FORCING: Readonly<Record<Path, { readonly pg: string; readonly mysql: SourceColumn; readonly mssql: SourceColumn; readonly value: (row: number) => string }>> = {
  binary: { pg: 'integer', mysql: source('int'), mssql: source('int'), value: (row) => String(row) },
  text: { pg: 'real', mysql: source('float'), mssql: source('real'), value: () => '1.5' },
  checks: { pg: 'uuid', mysql: source('char', 36), mssql: source('uniqueidentifier'), value: () => '6f9619ff-8b86-d011-b42d-00c04fc964ff' },
}

function source(type: string, length?: number): SourceColumn {
  return { name: type, type, length, nullable: true }
}

/** Characters each format writes specially, where the path stays the same (a raw CR or a NUL sends mysql-tab and bcp to the checks; bcp cannot write its delimiter). */
const COMMON = ['a', 'Z', 'é', '😀', ' ', '"', ',', '\\', 'N', '.', '|', '\n']
/** pg-copy is read from real PostgreSQL exports in pg-source.test.ts, sqlite-csv from the real sqlite3 shell's in sqlite-source.test.ts. */
type Format = Exclude<BuiltinFormatName, 'pg-copy' | 'sqlite-csv'>
const FORMATS: Readonly<Record<Format, { readonly chars: readonly string[]; readonly encode: (rows: readonly Row[]) => Buffer; readonly terminator: string }>> = {
  'mysql-tab': { chars: [...COMMON, '\t'], encode: encodeMysqlTab, terminator: '\n' },
  'mssql-bcp': { chars: COMMON, encode: (rows) => encodeBcp(rows), terminator: '\r\n' },
  // SQL Server's tools end csv rows with CRLF.
  csv: { chars: [...COMMON, '\t', '\r'], encode: (rows) => encodeCsv(rows), terminator: '\r\n' },
}

type Cell = string | null

/** A text cell: NULL, '' or a value, a third each. */
const cell = (chars: readonly string[]): fc.Arbitrary<Cell> => fc.oneof(
  fc.constant(null), fc.constant(''), fc.string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength: 6 }),
)

interface Table {
  readonly columns: number
  /** Where the path-forcing column is. */
  readonly forcingAt: number
  /** Text cells per record (the forcing column's cell is ignored): first, middle ones, last. */
  readonly records: readonly (readonly Cell[])[]
  readonly lastEnds: boolean
  readonly cut: number
}

const table = (chars: readonly string[]): fc.Arbitrary<Table> => fc.integer({ min: 1, max: 200 }).chain((columns) => {
  const record = fc.array(cell(chars), { minLength: columns, maxLength: columns })
  return fc.record({
    columns: fc.constant(columns),
    forcingAt: fc.nat(columns - 1),
    records: fc.tuple(record, fc.array(record, { maxLength: 2 }), record).map(([first, middle, last]) => [first, ...middle, last]),
    lastEnds: fc.boolean(),
    cut: fc.nat(),
  })
})

describe('wide tables load back value for value in every format and on every load path, cut into chunks anywhere', () => {
  let db: TestDatabase
  let client: pg.Client
  let dir: string

  before(async () => {
    db = await createTestDatabase()
    client = new pg.Client({ connectionString: db.url })
    await client.connect()
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heirloom-wide-'))
  })
  after(async () => {
    await client.end()
    await db.drop()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  for (const format of Object.keys(FORMATS) as Format[]) {
    for (const via of Object.keys(FORCING) as Path[]) {
      it(`${format} via ${via === 'checks' ? 'the checks' : via === 'binary' ? 'COPY BINARY' : 'COPY text as is'}`, async () => {
        let runs = 0
        await fc.assert(fc.asyncProperty(table(FORMATS[format].chars), async (t) => {
          runs++
          const { member, rows } = writeMember(format, via, t)
          const file = path.join(dir, `${format}-${via}-${runs}.zip`)
          await makeZip(file, { 'W.dat': member }, ['W.dat'])
          try {
            assert.deepEqual(await load(format, via, t, file), { path: via, rows })
          } finally {
            fs.rmSync(file)
          }
        }), { numRuns: RUNS })
      })
    }
  }

  /** copyMember's path and the rows PostgreSQL holds after it, as text; rolled back. */
  async function load(format: Format, via: Path, t: Table, file: string): Promise<{ path: Path; rows: Cell[][] }> {
    const names = Array.from({ length: t.columns }, (_, i) => `c${i}`)
    const forcing = FORCING[via]
    const dialect = format === 'mysql-tab' ? 'mysql' : 'mssql'
    const columns: TargetColumn[] = names.map((name, i) => i === t.forcingAt
      ? { name, type: parsePgType(forcing.pg), nullable: true, source: { ...forcing[dialect], name } }
      : { name, type: parsePgType('text'), nullable: true, source: { ...source(dialect === 'mysql' ? 'longtext' : 'nvarchar', -1), name } })
    const task: TableTask = {
      url: db.url, dumpFile: file, dumpId: 7, application: 'wide', region: 'r', members: ['W.dat'], table: 'w', schema: 'public', child: 'w',
      columns, fieldOrderFromHeader: false, format: BUILTIN_FORMATS[format], dialect, timezone: undefined, mode: 'append', maxRejects: 0, maxMemberBytes: 2 ** 30, maxRecordBytes: DEFAULT_MAX_RECORD_BYTES,
    }
    await client.query('BEGIN')
    try {
      await client.query(`CREATE TABLE w (ord bigserial, ${columns.map((c) => `${c.name} ${c.type.name}`).join(', ')}, ${DUMP_ID_COLUMN} integer)`)
      const counts = await copyMember(client, task, 'W.dat')
      assert.deepEqual(counts.rejects, [])
      const result = await client.query<Record<string, Cell>>(`SELECT ${names.map((n) => `${n}::text AS ${n}`).join(', ')} FROM w ORDER BY ord`)
      return { path: PATHS[counts.path], rows: result.rows.map((r) => names.map((n) => r[n])) }
    } finally {
      await client.query('ROLLBACK')
    }
  }
})

/** Each format × path runs this many tables: 9 × RUNS members of 64 KiB or more. */
const RUNS = 20

/** copyMember's names of the paths, as this test names them. */
const PATHS = { binary: 'binary', 'as-is': 'text', checked: 'checks' } as const

/** The member's bytes: the drawn records around filler rows sized so that a chunk cut falls inside the last record; and every row as PostgreSQL must hold it. */
function writeMember(format: Format, via: Path, t: Table): { member: Buffer; rows: Cell[][] } {
  const { encode, terminator } = FORMATS[format]
  const forcing = FORCING[via]
  const drawn = t.records.map((cells, r) => cells.map((c, i) => (i === t.forcingAt ? forcing.value(r + 1) : c)))
  const head = encode(drawn.slice(0, -1))
  const lastRow = drawn[drawn.length - 1]
  const lastFull = encode([lastRow])
  const last = t.lastEnds ? lastFull : lastFull.subarray(0, lastFull.length - terminator.length)
  // A single column is the forcing one: no text to size filler rows with.
  if (t.columns === 1) return { member: Buffer.concat([head, last]), rows: drawn }
  const filler = (n: number, length: number): Cell[] => [...fillerRow(t.columns, t.forcingAt, forcing.value(drawn.length + n + 1), length)] as Cell[]
  const { bytes, fillerLengths } = cutMember({ head, last, cutAt: t.cut % (last.length + 1), filler: (n, length) => encode([filler(n, length)]) })
  return { member: bytes, rows: [...drawn.slice(0, -1), ...fillerLengths.map((length, n) => filler(n, length)), lastRow] }
}
