// When each load ran and how much it read (issue #16): `loads.started_at` (the
// member's COPY began; `finished_at` already says when it ended) and `bytes`
// (the member's inflated bytes), so `heirloom status` and `heirloom report`
// show durations and throughput of past runs, not only of the one watched.
import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('heirloom').alterTable('loads', (t) => {
    t.timestamp('started_at', { useTz: true })
    t.bigInteger('bytes')
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('heirloom').alterTable('loads', (t) => {
    t.dropColumn('started_at')
    t.dropColumn('bytes')
  })
}
