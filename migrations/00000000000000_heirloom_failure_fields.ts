// What heirloom keeps about failures (issue #13): every field of the
// PostgreSQL error behind a failed member (`loads.cause`: SQLSTATE, detail,
// hint, schema, table, column, constraint, context), and the failures of the
// steps after the loads (key index, ANALYZE, settling a dump and retiring the
// older dumps of its region), which the next `heirloom ingest` does again.
import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('heirloom').alterTable('loads', (t) => {
    t.jsonb('cause')
  })
  await knex.schema.withSchema('heirloom').createTable('step_failures', (t) => {
    t.bigIncrements('id')
    t.integer('dump_id').notNullable().references('id').inTable('heirloom.dumps').onDelete('CASCADE')
    // 'index', 'analyze' (per child table) or 'settle' (the dump itself: its state, and retiring older dumps).
    t.text('step').notNullable()
    // Empty for 'settle', which concerns no one table.
    t.text('table_name').notNullable().defaultTo('')
    t.text('child').notNullable().defaultTo('')
    t.text('error_code').notNullable()
    t.text('error').notNullable()
    t.text('hint')
    t.jsonb('cause')
    t.timestamp('failed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.unique(['dump_id', 'step', 'child'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('heirloom').dropTable('step_failures')
  await knex.schema.withSchema('heirloom').alterTable('loads', (t) => {
    t.dropColumn('cause')
  })
}
