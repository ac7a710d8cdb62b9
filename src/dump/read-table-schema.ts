/**
 * One schema per table (docs/dump-layout.md): a table may come with more than one
 * schema file (`T.json` beside mysqldump's `T.sql`). They are read once
 * each; when they describe the same PostgreSQL table it is one table, loaded
 * once, and when they disagree the table is not loaded and both files are
 * named, instead of one of them winning by chance.
 */
import { HeirloomError } from '../errors'
import type { Config } from '../config/config'
import { formatPgType, type Dialect, type SourceColumn, type TableSchema } from '../schema/model'
import { charsetEncoding } from '../schema/mysql-charsets'
import { toTargetTable } from '../schema/target-table'

export type TableSchemaResult =
  | { readonly ok: true; readonly member: string; readonly schema: TableSchema; readonly alsoAgreeing: readonly string[] }
  | { readonly ok: false; readonly member: string; readonly error: unknown }

/** The first of a table's parsed schemas (the preferred form) when every other one describes the same PostgreSQL table. */
export function agreeingSchema(dump: string, parsed: readonly { readonly member: string; readonly schema: TableSchema }[], dialect: Dialect, config: Pick<Config, 'target' | 'types'>): TableSchemaResult {
  const [first, ...others] = parsed
  if (first === undefined) throw new Error('agreeingSchema needs at least one schema member')
  const shape = shapeOf(first.schema, dialect, config)
  for (const other of others) {
    const otherShape = shapeOf(other.schema, dialect, config)
    const at = Array.from({ length: Math.max(shape.length, otherShape.length) }, (_, i) => i).find((i) => shape[i] !== otherShape[i])
    if (at !== undefined) {
      const say = (s: readonly string[]): string => s[at] ?? 'no such column'
      return {
        ok: false, member: other.member,
        error: new HeirloomError('SCHEMA_INVALID',
          `${dump}: ${first.member} and ${other.member} are two schema files for one table and disagree (${at === 0 ? '' : `column ${at}: `}${first.member} says ${say(shape)}, ${other.member} says ${say(otherShape)}), so the table is not loaded`,
          `keep one schema file per table: remove one of ${first.member} and ${other.member} from the dump, or export them again from the same table`),
      }
    }
  }
  return { ok: true, member: first.member, schema: first.schema, alsoAgreeing: others.map((o) => o.member) }
}

/** What PostgreSQL will hold of the table and how its values are read: its name, then each column's name, type, nullability and non-UTF-8 character set in field order. */
function shapeOf(schema: TableSchema, dialect: Dialect, config: Pick<Config, 'target' | 'types'>): string[] {
  const { table } = toTargetTable(schema, dialect, config)
  const charset = (c: SourceColumn): string => (charsetEncoding(c.charset) === undefined ? '' : ` character set ${c.charset}`)
  return [`table "${schema.name}"`, ...table.columns.map((c) => `"${c.source.name}" ${formatPgType(c.type)}${c.nullable ? '' : ' not null'}${charset(c.source)}`)]
}
