/**
 * The bench table: 12 columns whose MySQL and SQL Server source types land in
 * the same PostgreSQL types, and a deterministic row generator (seeded PRNG,
 * no wall clock) so every format and every rerun holds the same values.
 */

/** One column of the bench table, as each dialect's schema file declares it and as PostgreSQL holds it. */
export interface BenchColumn {
  readonly name: string
  readonly mssql: string
  readonly mysql: string
  /** The type both dialects map to (the baseline table's DDL). */
  readonly pg: string
  readonly nullable: boolean
}

export const BENCH_TABLE = 'bench'

export const BENCH_COLUMNS: readonly BenchColumn[] = [
  { name: 'id', mssql: 'int', mysql: 'int', pg: 'integer', nullable: false },
  { name: 'big', mssql: 'bigint', mysql: 'bigint', pg: 'bigint', nullable: true },
  { name: 'amount', mssql: 'decimal(12,2)', mysql: 'decimal(12,2)', pg: 'numeric(12,2)', nullable: true },
  { name: 'name', mssql: 'nvarchar(50)', mysql: 'varchar(50)', pg: 'varchar(50)', nullable: true },
  { name: 'notes', mssql: 'nvarchar(max)', mysql: 'text', pg: 'text', nullable: true },
  { name: 'created_at', mssql: 'datetime2(6)', mysql: 'datetime(6)', pg: 'timestamp(6)', nullable: true },
  { name: 'birth_date', mssql: 'date', mysql: 'date', pg: 'date', nullable: true },
  { name: 'active', mssql: 'bit', mysql: 'tinyint(1)', pg: 'boolean', nullable: true },
  { name: 'qty', mssql: 'smallint', mysql: 'smallint', pg: 'smallint', nullable: true },
  { name: 'score', mssql: 'float', mysql: 'double', pg: 'double precision', nullable: true },
  { name: 'code', mssql: 'char(8)', mysql: 'char(8)', pg: 'char(8)', nullable: true },
  { name: 'updated_at', mssql: 'datetimeoffset(6)', mysql: 'timestamp(6)', pg: 'timestamptz(6)', nullable: true },
]

/** One generated row; null = SQL NULL. Timestamps are kept as parts so each format writes its own form. */
export interface BenchRow {
  readonly id: number
  readonly big: string | null
  readonly amount: string | null
  readonly name: string | null
  readonly notes: string | null
  /** `YYYY-MM-DD HH:MM:SS.ffffff`, no zone. */
  readonly createdAt: string | null
  readonly birthDate: string | null
  readonly active: boolean | null
  readonly qty: string | null
  readonly score: string | null
  readonly code: string | null
  /** `YYYY-MM-DD HH:MM:SS.ffffff` in UTC; each format adds (or not) its offset. */
  readonly updatedAt: string | null
}

const NULL_RATE = 0.05
const FIRST = ['Zoë', 'Łukasz', 'Søren', 'José', 'Ångström', 'Nguyễn', 'Anna', 'Bob', 'Chloé', 'Dmitrij', 'Émile', 'Jürgen', '美咲', 'Ольга', 'Mary', 'Ñandú']
const LAST = ['Müller', 'O\'Brien', 'García', 'Smith', 'Kowalski', 'Ødegård', '山田', 'Петров', 'Dubois', 'Li', 'Çelik', 'Johnson']
const WORDS = ['order', 'shipped', 'late', 'customer', 'called', 'refund', 'café', 'naïve', 'déjà vu', 'ok', 'urgent', 'résumé', 'backorder', 'gift', 'wrap', 'Straße']
const CODE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
/** 2000-01-01T00:00:00Z in seconds. */
const EPOCH_2000 = 946_684_800
const SPAN_25Y = 25 * 365 * 86_400

/** mulberry32: tiny, fast, deterministic; good enough for test data. */
export function makeRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Generates the rows of one data set in order; the same seed gives the same rows. */
export class RowGenerator {
  private readonly random: () => number
  private next = 1

  constructor(seed: number) {
    this.random = makeRandom(seed)
  }

  row(): BenchRow {
    const r = this.random
    const id = this.next++
    return {
      id,
      big: this.maybe(() => String(Math.floor(r() * 2 ** 38) - 2 ** 37)),
      amount: this.maybe(() => money(Math.floor(r() * 2e8) - 1e8)),
      name: this.maybe(() => `${pick(r, FIRST)} ${pick(r, LAST)}`),
      notes: this.maybe(() => this.notes()),
      createdAt: this.maybe(() => timestamp(EPOCH_2000 + Math.floor(r() * SPAN_25Y), Math.floor(r() * 1e6))),
      birthDate: this.maybe(() => timestamp(-946_684_800 + Math.floor(r() * 70 * 365) * 86_400, 0).slice(0, 10)),
      active: this.maybe(() => r() < 0.5),
      qty: this.maybe(() => String(Math.floor(r() * 20_000) - 10_000)),
      score: this.maybe(() => (r() * 10_000).toFixed(4)),
      code: this.maybe(() => code(r)),
      updatedAt: this.maybe(() => timestamp(EPOCH_2000 + Math.floor(r() * SPAN_25Y), Math.floor(r() * 1e6))),
    }
  }

  private maybe<T>(value: () => T): T | null {
    return this.random() < NULL_RATE ? null : value()
  }

  /** 1–4 words; some with a comma, a double quote or a backslash, so csv quoting and COPY/MySQL escaping get exercised. */
  private notes(): string {
    const r = this.random
    const n = 1 + Math.floor(r() * 4)
    let s = pick(r, WORDS)
    for (let i = 1; i < n; i++) s += ` ${pick(r, WORDS)}`
    const x = r()
    if (x < 0.08) return `${s}, ${pick(r, WORDS)}`
    if (x < 0.12) return `"${s}" said ${pick(r, FIRST)}`
    if (x < 0.13) return `${s} C:\\temp\\${pick(r, WORDS)}`
    return s
  }
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]
}

function money(cents: number): string {
  const abs = Math.abs(cents)
  const frac = abs % 100
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${frac < 10 ? '0' : ''}${frac}`
}

function code(r: () => number): string {
  let s = ''
  for (let i = 0; i < 8; i++) s += CODE_CHARS[Math.floor(r() * CODE_CHARS.length)]
  return s
}

/** `YYYY-MM-DD HH:MM:SS.ffffff` (UTC) from epoch seconds and microseconds. */
function timestamp(seconds: number, micros: number): string {
  const iso = new Date(seconds * 1000).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String(micros).padStart(6, '0')}`
}
