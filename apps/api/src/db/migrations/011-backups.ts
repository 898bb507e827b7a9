import type { Kysely, Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Backups (issue 15): each hosting's backups in the repository (restic) as
 * Hostbay ran them, so that the operator sees what ran and what failed, a
 * deleted hosting's last one is found for its grace period, and a hosting made
 * from one says so (it restores that backup instead of cloning the base image).
 */
export const createBackupTables: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('backups')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('hosting_id', t.uuid, (c) => c.notNull())
      .addColumn('user_id', t.uuid, (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull())
      // schedule, deletion or admin
      .addColumn('trigger', 'text', (c) => c.notNull())
      // running, done, failed or expired (a deleted hosting's, forgotten after the grace period)
      .addColumn('state', 'text', (c) => c.notNull())
      // The repository's own id for it (a restic snapshot id), once it is whole.
      .addColumn('repository_id', 'text')
      .addColumn('bytes_added', 'bigint')
      .addColumn('bytes_processed', 'bigint')
      .addColumn('error', 'text')
      .addColumn('started_at', t.timestamp, (c) => c.notNull())
      .addColumn('finished_at', t.timestamp)
      .execute();
    await db.schema.createIndex('backups_hosting').on('backups').columns(['hosting_id', 'started_at']).execute();
    await db.schema.alterTable('hostings').addColumn('restored_from', t.uuid).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('hostings').dropColumn('restored_from').execute();
    await db.schema.dropTable('backups').execute();
  },
};
