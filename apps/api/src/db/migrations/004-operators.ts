import { PostgresAdapter, type Kysely, type Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * What operators run Hostbay with: a member's status (an approval to wait
 * for, a suspension and its reason), a token version that ends every session
 * at once, a plan; the plans; single-use invitations (only their hash is
 * kept); and the audit log, which nothing in the API edits or deletes.
 */
export const createOperatorTables: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

    await db.schema
      .createTable('plans')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('vcpus', 'integer', (c) => c.notNull())
      .addColumn('memory_mb', 'integer', (c) => c.notNull())
      .addColumn('disk_gb', 'integer', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();

    // One statement per column: SQLite's ALTER TABLE adds one at a time.
    await db.schema
      .alterTable('users')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
      .execute();
    await db.schema.alterTable('users').addColumn('status_reason', 'text').execute();
    await db.schema.alterTable('users').addColumn('status_changed_at', t.timestamp).execute();
    await db.schema
      .alterTable('users')
      .addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    // No foreign key: SQLite cannot add one to an existing table; the repositories keep it consistent.
    await db.schema.alterTable('users').addColumn('plan_id', t.uuid).execute();
    await db.schema.createIndex('users_status_created').on('users').columns(['status', 'created_at', 'id']).execute();
    await db.schema.createIndex('users_created').on('users').columns(['created_at', 'id']).execute();
    await db.schema.createIndex('users_plan').on('users').column('plan_id').execute();

    await db.schema
      .createTable('invitations')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('email', 'text')
      .addColumn('created_by', t.uuid)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('expires_at', t.timestamp, (c) => c.notNull())
      .addColumn('used_at', t.timestamp)
      .addColumn('used_by', t.uuid)
      .addColumn('revoked_at', t.timestamp)
      .execute();
    await db.schema.createIndex('invitations_created').on('invitations').columns(['created_at', 'id']).execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', postgres ? 'bigserial' : 'integer', (c) =>
        postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('at', t.timestamp, (c) => c.notNull())
      // user (with actor_id), anonymous, system or cli
      .addColumn('actor_kind', 'text', (c) => c.notNull())
      .addColumn('actor_id', t.uuid)
      .addColumn('actor_name', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target_kind', 'text')
      .addColumn('target_id', 'text')
      .addColumn('target_name', 'text')
      .addColumn('client_ip', 'text')
      .addColumn('request_id', 'text')
      // ok, denied or failed
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .execute();
    // Newest first, by keyset; filtered by actor, by target or by action.
    await db.schema.createIndex('audit_at').on('audit_log').columns(['at', 'id']).execute();
    await db.schema.createIndex('audit_actor').on('audit_log').columns(['actor_id', 'at', 'id']).execute();
    await db.schema.createIndex('audit_target').on('audit_log').columns(['target_id', 'at', 'id']).execute();
    await db.schema.createIndex('audit_action').on('audit_log').columns(['action', 'at', 'id']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('audit_log').execute();
    await db.schema.dropTable('invitations').execute();
    await db.schema.dropTable('plans').execute();
    for (const index of ['users_status_created', 'users_created', 'users_plan'])
      await db.schema.dropIndex(index).execute();
    for (const column of ['plan_id', 'token_version', 'status_changed_at', 'status_reason', 'status'])
      await db.schema.alterTable('users').dropColumn(column).execute();
  },
};
