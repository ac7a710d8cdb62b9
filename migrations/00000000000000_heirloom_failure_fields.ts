// What heirloom keeps about failures (issue #13): every field of the
// PostgreSQL error behind a failed member (`loads.cause`: SQLSTATE, detail,
// hint, schema, table, column, constraint, context), and the steps after the
// loads not done yet (a child's key index and ANALYZE, written with the load
// that makes them due; settling a dump), with the error of the last attempt
// when one failed. The next `heirloom ingest` does them and deletes the row.
import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('heirloom').alterTable('loads', (t) => {
    t.jsonb('cause')
  })
  await knex.schema.withSchema('heirloom').createTable('unfinished_steps', (t) => {
    t.bigIncrements('id')
    t.integer('dump_id').notNullable().references('id').inTable('heirloom.dumps').onDelete('CASCADE')
    // 'index', 'analyze' (per child table) or 'settle' (the dump itself: its state, and retiring older dumps).
    t.text('step').notNullable()
    // Empty for 'settle', which concerns no one table.
    t.text('table_name').notNullable().defaultTo('')
    t.text('child').notNullable().defaultTo('')
    // Null while the step is merely due (its load committed, the run not done with it yet).
    t.text('error_code')
    t.text('error')
    t.text('hint')
    t.jsonb('cause')
    t.timestamp('failed_at', { useTz: true })
    t.unique(['dump_id', 'step', 'child'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('heirloom').dropTable('unfinished_steps')
  await knex.schema.withSchema('heirloom').alterTable('loads', (t) => {
    t.dropColumn('cause')
  })
}
