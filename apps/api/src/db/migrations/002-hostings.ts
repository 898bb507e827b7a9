import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Hostings, their provisioning steps, the jobs that drive them, and the
 * allocations (ports, addresses) they hold. Uniqueness that matters — one
 * active hosting per user, one owner per port or address, one open job per
 * hosting — is enforced here, not in memory.
 */
export const createHostings: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('hostings')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('user_id', t.uuid, (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('vcpus', 'integer', (c) => c.notNull())
      .addColumn('memory_mb', 'integer', (c) => c.notNull())
      .addColumn('disk_gb', 'integer', (c) => c.notNull())
      .addColumn('network_mode', 'text', (c) => c.notNull())
      .addColumn('ssh_port', 'integer')
      .addColumn('web_port', 'integer')
      .addColumn('ip_address', 'text')
      .addColumn('mac_address', 'text', (c) => c.notNull())
      // The base image the overlay is backed by (JSON), fixed at creation: a rebuilt image must not change it.
      .addColumn('base_image', 'text', (c) => c.notNull())
      // ssh_port is the public port on the edge; vm_ssh_port the VM's forwarded port on 127.0.0.1 (user mode).
      .addColumn('vm_ssh_port', 'integer')
      .addColumn('ssh_public_key', 'text')
      // A crypt(3) hash; the plaintext password is shown once and never stored.
      .addColumn('password_hash', 'text')
      .addColumn('idempotency_key', 'text')
      .addColumn('error_step', 'text')
      .addColumn('error_message', 'text')
      .addColumn('error_retry_safe', t.boolean)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addColumn('deleted_at', t.timestamp)
      .execute();
    // One hosting per user among those not yet deleted.
    await db.schema
      .createIndex('hostings_one_active_per_user')
      .on('hostings')
      .column('user_id')
      .unique()
      .where(sql.ref('status'), '<>', 'DELETED')
      .execute();
    await db.schema.createIndex('hostings_status').on('hostings').column('status').execute();
    await db.schema
      .createIndex('hostings_idempotency')
      .on('hostings')
      .columns(['user_id', 'idempotency_key'])
      .unique()
      .execute();

    await db.schema
      .createTable('hosting_steps')
      .addColumn('hosting_id', t.uuid, (c) => c.notNull().references('hostings.id').onDelete('cascade'))
      .addColumn('job_kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('started_at', t.timestamp)
      .addColumn('finished_at', t.timestamp)
      // What the step made (JSON), so its undo and the leak audit know what to look for.
      .addColumn('created', 'text')
      .addColumn('error', 'text')
      .addPrimaryKeyConstraint('hosting_steps_pk', ['hosting_id', 'job_kind', 'name'])
      .execute();

    await db.schema
      .createTable('jobs')
      .addColumn('id', t.uuid, (c) => c.primaryKey())
      .addColumn('hosting_id', t.uuid, (c) => c.notNull().references('hostings.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('locked_by', 'text')
      .addColumn('lease_until', t.timestamp)
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    // At most one unfinished job per hosting: a second action waits its turn or is refused.
    await db.schema
      .createIndex('jobs_one_open_per_hosting')
      .on('jobs')
      .column('hosting_id')
      .unique()
      .where(sql.ref('state'), 'in', sql`('queued', 'running')`)
      .execute();

    await db.schema
      .createTable('allocations')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('hosting_id', t.uuid, (c) => c.notNull().references('hostings.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('allocations_pk', ['kind', 'value'])
      .execute();
    await db.schema.createIndex('allocations_hosting').on('allocations').column('hosting_id').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['allocations', 'jobs', 'hosting_steps', 'hostings'])
      await db.schema.dropTable(table).execute();
  },
};
