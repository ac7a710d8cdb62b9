// heirloom's record of every input problem it found (docs/dump-layout.md, issue #13): what
// `scan` names (a table without data, a member refused, an encrypted member,
// a ZIP that is empty or unreadable) and the warnings of a load (zero dates
// loaded as NULL, unknown types loaded as text), so that `heirloom status`
// shows them on every later run, not only the run that printed them.
// Schema `heirloom`, beside the bookkeeping.
import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('heirloom').createTable('problems', (t) => {
    t.bigIncrements('id')
    // NULL for a file that is no dump heirloom could register (unreadable, empty,
    // no version) and for a dumps folder holding no dump: such rows are keyed by file.
    t.integer('dump_id').references('id').inTable('heirloom.dumps').onDelete('CASCADE')
    // The dump file as scanned, or dumps.path.
    t.text('file').notNullable()
    // '' for the dump (or folder) as a whole.
    t.text('member').notNullable().defaultTo('')
    // 'scan': what each scan of the dump finds again, replaced by the next scan
    // (a fixed config or a removed file clears it); 'load': what a load did to
    // the data (a warning), kept as long as the dump's rows are.
    t.text('stage').notNullable()
    t.text('severity').notNullable()
    t.text('code').notNullable()
    t.text('message').notNullable()
    t.text('hint')
    t.timestamp('first_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    t.index(['dump_id'])
  })
  // One row per problem, however many runs find it again (first_seen_at says since when).
  await knex.raw('CREATE UNIQUE INDEX problems_once ON heirloom.problems (coalesce(dump_id, 0), stage, file, member, message)')
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('heirloom').dropTable('problems')
}
