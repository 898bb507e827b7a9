import type { Kysely, Migration } from 'kysely';

/**
 * The template a hosting was made from (restored, then made unique), or NULL
 * for one that booted: the path its creation took, for the member to see, and
 * what its seed and NIC must match for as long as it lives.
 */
export const addHostingTemplate: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('hostings').addColumn('template_key', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('hostings').dropColumn('template_key').execute();
  },
};
