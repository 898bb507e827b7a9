import type { Kysely, Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * When a member (or an admin) asked for the account's deletion. The account
 * stays until its hosting is deleted (a job that may take a while, and may be
 * interrupted); meanwhile this marks it as going, so that its tokens and
 * logins are refused, and so that whoever finds it after a crash finishes the work.
 */
export const addAccountDeletion: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema.alterTable('users').addColumn('deletion_requested_at', t.timestamp).execute();
    await db.schema.createIndex('users_deletion_requested').on('users').column('deletion_requested_at').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('users_deletion_requested').execute();
    await db.schema.alterTable('users').dropColumn('deletion_requested_at').execute();
  },
};
