import { pipeline } from 'node:stream/promises'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { qualifiedName, quoteIdentifier } from '../../schema/identifiers'
import { DUMP_ID_COLUMN } from '../../schema/model'

/** COPY data is sent in chunks of about this size, never row by row. */
export const CHUNK_BYTES = 256 * 1024

/** The relation a member is copied into, and whether its COPY may add `FREEZE` (see `copyMember`). */
export interface CopyTarget {
  readonly schema: string
  readonly table: string
  readonly freeze?: boolean
}

/** One COPY connection feeding part of a member, and the relation it copies into (on that connection's transaction). */
export interface CopyStream {
  readonly client: pg.Client
  readonly into: CopyTarget
}

export interface CopyStatement {
  readonly into: CopyTarget
  /** The COPY columns in the data's field order; `_dump_id` is added last. */
  readonly columns: readonly string[]
  readonly format: 'text' | 'binary'
  /** Adds `FREEZE`: only for a relation created or truncated in the current subtransaction, which PostgreSQL checks. */
  readonly freeze: boolean
}

/**
 * Runs one `COPY … FROM STDIN` fed from `chunks`, with backpressure, and
 * returns the rows PostgreSQL took. Every chunk holds whole rows (COPY text
 * rows ending in LF; binary tuples, the first chunk after the header and
 * the last before the trailer), so a caller may deal one member's chunks
 * out to several such COPYs on several connections. A chunk source that
 * stops early ends the COPY with the rows sent so far; an error it throws
 * aborts the COPY and is thrown here, as is PostgreSQL's.
 */
export async function copyChunks(client: pg.Client, statement: CopyStatement, chunks: AsyncIterable<Buffer>): Promise<number> {
  const copy = client.query(copyFrom(copySql(statement)))
  await pipeline(chunks, copy)
  return copy.rowCount
}

export function copySql({ into, columns, format, freeze }: CopyStatement): string {
  const list = [...columns, DUMP_ID_COLUMN].map(quoteIdentifier).join(', ')
  const options = [...(format === 'binary' ? ['FORMAT binary'] : []), ...(freeze ? ['FREEZE'] : [])]
  return `COPY ${qualifiedName(into.schema, into.table)} (${list}) FROM STDIN${options.length > 0 ? ` (${options.join(', ')})` : ''}`
}
