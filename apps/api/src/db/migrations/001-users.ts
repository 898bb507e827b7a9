import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes } from './column-types.js';

export const createUsers: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('users')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('is_admin', t.boolean, (c) => c.notNull().defaultTo(t.false))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    // Case-insensitive uniqueness lives in the database, so two concurrent sign-ups cannot both win.
    await db.schema
      .createIndex('users_email_lower_unique')
      .on('users')
      .unique()
      .expression(sql`lower(email)`)
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('users').execute();
  },
};
