// Where the rows live (issue #17): one leaf table per (dump, table), in the
// schema `{target.schema}_leaves`, inheriting the version's child. A leaf is
// filled while detached ('staged'), attached to its child when the dump
// switches ('attached'), and detached then dropped when a newer snapshot of
// its region replaces it or `heirloom forget` removes its dump ('detached'
// only between the switch and the DROP, or after a crash there: the next
// ingest drops it). `part` leaves room for a table loaded through several
// COPY streams, each into a leaf of its own (part 0 is the only one today).
import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('heirloom').createTable('leaves', (t) => {
    t.integer('dump_id').notNullable().references('id').inTable('heirloom.dumps').onDelete('CASCADE')
    t.text('table_name').notNullable()
    t.text('child').notNullable()
    t.integer('part').notNullable().defaultTo(0)
    // The leaf itself: schema and table name, both as PostgreSQL has them (unquoted).
    t.text('leaf_schema').notNullable()
    t.text('leaf').notNullable()
    t.text('state').notNullable()
    t.timestamp('staged_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('attached_at', { useTz: true })
    t.primary(['dump_id', 'child', 'part'])
    t.unique(['leaf_schema', 'leaf'])
    t.index(['state'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('heirloom').dropTable('leaves')
}
