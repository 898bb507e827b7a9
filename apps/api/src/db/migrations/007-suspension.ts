import type { Kysely, Migration } from 'kysely';

/**
 * What a suspended member's hosting was before the suspension held it, so
 * that unsuspending brings it back as it was, even after a restart in
 * between: `RUNNING` (start it again) or `STOPPED` (leave it off). NULL while
 * its owner is not suspended.
 */
export const addHostingSuspension: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('hostings').addColumn('suspended_from', 'text').execute();
    // The reconciler asks for the held hostings every few seconds; they are few among many.
    await db.schema.createIndex('hostings_suspended').on('hostings').column('suspended_from').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('hostings_suspended').execute();
    await db.schema.alterTable('hostings').dropColumn('suspended_from').execute();
  },
};
