import { HeirloomError } from '../errors'
import type { VersionTable } from '../schema/mother'

/** Tables Knex keeps beside the ones heirloom generates, in the default schema. */
const KNEX_TABLES: readonly string[] = ['knex_migrations', 'knex_migrations_lock']

/**
 * Fails, before any file is written, when two relations of the target schema
 * would get one name: a table called `orders_v1` beside the child of
 * `orders` v1, two applications sharing a version under a child pattern
 * without `{application}`, or a dump table named like Knex's own tables.
 * Without it the migration would fail half-way with "relation already exists".
 */
export function assertDistinctRelations(schema: string, tables: readonly VersionTable[]): void {
  const owner = new Map<string, string>()
  if (schema === 'public') for (const name of KNEX_TABLES) owner.set(name, `Knex's own table ${name}`)
  const claim = (name: string, what: string): void => {
    const other = owner.get(name)
    if (other !== undefined && other !== what) {
      throw new HeirloomError('CONFIG_INVALID', `target.child / target.schema: the ${what} and the ${other} would both be the table ${schema}.${name}`,
        'set target.child to a pattern that cannot collide (e.g. "{table}__{application}_v{version}") or target.schema to a schema of its own')
    }
    owner.set(name, what)
  }
  for (const t of tables) {
    claim(t.table, `mother table of ${t.sourceName}`)
    claim(t.child, `child table of ${t.sourceName} (${t.application} v${t.version})`)
  }
}
