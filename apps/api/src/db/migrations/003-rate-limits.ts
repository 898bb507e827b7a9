import type { Kysely, Migration } from 'kysely';

/**
 * The counters of the login and sign-up limits when Hostbay runs on
 * PostgreSQL, where several processes share them (on SQLite, one process
 * keeps them in memory; the table stays empty). The columns are the ones
 * rate-limiter-flexible's Postgres store reads and writes.
 */
export const createRateLimits: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('rate_limits')
      .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
      .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('expire', 'bigint')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('rate_limits').execute();
  },
};
