import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Resource graphs (issue 16): each hosting's machine use, a point per sampling interval (10 s, kept an
 * hour), averaged into minutes (kept a day) and ten minutes (kept 30 days). A thousand machines make
 * about six million rows, so the columns are small integers: `at` in seconds since 1970 (the end of the
 * point's interval), CPU in hundredths of a percent, the rest in bytes and bytes per second.
 */
export const createUsageSamples: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    let table = db.schema
      .createTable('usage_samples')
      // A member's account deleted takes its hosting rows, and with them their points.
      .addColumn('hosting_id', t.uuid, (c) => c.notNull().references('hostings.id').onDelete('cascade'))
      // 10, 60 or 600: the seconds a point stands for.
      .addColumn('resolution', 'integer', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('cpu', 'integer', (c) => c.notNull())
      .addColumn('memory', 'bigint', (c) => c.notNull())
      .addColumn('disk_read', 'bigint', (c) => c.notNull())
      .addColumn('disk_write', 'bigint', (c) => c.notNull())
      // NULL: the host cannot count the machine's traffic (user-mode networking).
      .addColumn('net_in', 'bigint')
      .addColumn('net_out', 'bigint')
      .addPrimaryKeyConstraint('usage_samples_pkey', ['hosting_id', 'resolution', 'at']);
    if (t.sqlite) table = table.modifyEnd(sql`without rowid`);
    await table.execute();
    // Downsampling and pruning go by age over all hostings; a member's graph reads by the primary key.
    await db.schema.createIndex('usage_samples_age').on('usage_samples').columns(['resolution', 'at']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('usage_samples').execute();
  },
};
