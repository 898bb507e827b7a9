import type { Kysely, Migration } from 'kysely';

/**
 * The admin's hosting list: newest first, all of them or those in one state,
 * by keyset on (created_at, id) — without these it sorts every row (bench/admin).
 */
export const createAdminIndexes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('hostings_created').on('hostings').columns(['created_at', 'id']).execute();
    await db.schema
      .createIndex('hostings_status_created')
      .on('hostings')
      .columns(['status', 'created_at', 'id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('hostings_status_created').execute();
    await db.schema.dropIndex('hostings_created').execute();
  },
};
