// heirloom's own bookkeeping (docs/guarantees.md): which dumps it has seen, which data
// members it loaded or failed to load, and every rejected row. Schema `heirloom`.
import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE SCHEMA IF NOT EXISTS heirloom')
  await knex.schema.withSchema('heirloom').createTable('dumps', (t) => {
    t.increments('id')
    t.text('fingerprint').notNullable().unique()
    t.text('file').notNullable()
    t.text('application').notNullable()
    t.text('version').notNullable()
    t.text('region').notNullable()
    t.timestamp('exported_at', { useTz: true })
    t.text('dialect').notNullable()
    t.text('format').notNullable()
    t.bigInteger('size').notNullable()
    t.text('state').notNullable().defaultTo('scanned')
    t.integer('superseded_by').references('id').inTable('heirloom.dumps').onDelete('SET NULL')
    t.timestamp('first_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('loaded_at', { useTz: true })
    t.index(['application', 'region'])
  })
  await knex.schema.withSchema('heirloom').createTable('loads', (t) => {
    t.increments('id')
    t.integer('dump_id').notNullable().references('id').inTable('heirloom.dumps').onDelete('CASCADE')
    t.text('member').notNullable()
    t.text('table_name').notNullable()
    t.text('child').notNullable()
    t.text('status').notNullable()
    t.bigInteger('rows_in_file')
    t.bigInteger('rows_loaded')
    t.bigInteger('rows_rejected')
    t.text('error_code')
    t.text('error')
    t.text('hint')
    t.integer('attempts').notNullable().defaultTo(1)
    t.timestamp('finished_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.unique(['dump_id', 'member'])
  })
  await knex.schema.withSchema('heirloom').createTable('rejects', (t) => {
    t.bigIncrements('id')
    t.integer('dump_id').notNullable().references('id').inTable('heirloom.dumps').onDelete('CASCADE')
    t.text('member').notNullable()
    t.bigInteger('line').notNullable()
    t.text('raw').notNullable()
    t.text('reason').notNullable()
    t.index(['dump_id', 'member'])
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP SCHEMA heirloom CASCADE')
}
