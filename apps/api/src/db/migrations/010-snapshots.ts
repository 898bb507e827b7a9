import type { Kysely, Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Snapshots (issue 15): a member's copies of their hosting's disk, each a
 * volume of the pool beside the disk; how many a plan lets a hosting keep; and
 * what a job works on (the snapshot a restore puts back), which a job's kind
 * alone does not say.
 */
export const createSnapshotTables: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('snapshots')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('hosting_id', t.uuid, (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      // creating, ready or failed: only a ready snapshot can be restored; a crash mid-copy never makes one ready.
      .addColumn('state', 'text', (c) => c.notNull())
      // running or stopped, once taken.
      .addColumn('taken_while', 'text')
      .addColumn('size_bytes', 'bigint')
      .addColumn('problem', 'text')
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('ready_at', t.timestamp)
      .execute();
    await db.schema.createIndex('snapshots_hosting').on('snapshots').columns(['hosting_id', 'created_at']).execute();
    await db.schema.alterTable('jobs').addColumn('payload', 'text').execute();
    await db.schema
      .alterTable('plans')
      .addColumn('snapshots', 'integer', (c) => c.notNull().defaultTo(3))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('plans').dropColumn('snapshots').execute();
    await db.schema.alterTable('jobs').dropColumn('payload').execute();
    await db.schema.dropTable('snapshots').execute();
  },
};
