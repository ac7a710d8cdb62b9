// heirloom's record of what each migration file said when it was applied: the
// sha256 of its text. Knex never looks at a migration again once applied, so
// this is how `heirloom status` and `heirloom generate --check` notice a file
// edited afterwards. Schema `heirloom`, beside the bookkeeping.
import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('heirloom').createTable('migration_checksums', (t) => {
    // The file name as knex_migrations has it.
    t.text('name').primary()
    t.text('sha256').notNullable()
    // knex_migrations.migration_time of the application this checksum belongs to: a
    // migration rolled back and applied again is checksummed again.
    t.timestamp('applied_at', { useTz: true }).notNullable()
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('heirloom').dropTable('migration_checksums')
}
