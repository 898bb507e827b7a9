import type { Kysely, Migration } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * HTTPS (issue 14): every name Hostbay keeps a certificate for and where its
 * issuance stands; each issuance, so that the ACME server's limit on new
 * certificates per registered domain is kept before it refuses; and members'
 * own domains, each belonging to at most one hosting.
 */
export const createTlsTables: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('certificates')
      // A DNS name, or `*.` and one for the wildcard.
      .addColumn('name', 'text', (c) => c.primaryKey())
      // base, site, wildcard or domain
      .addColumn('purpose', 'text', (c) => c.notNull())
      // pending, waiting, valid or failed
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('problem', 'text')
      // The ACME server's words, for the operator only (members get `problem`).
      .addColumn('detail', 'text')
      .addColumn('not_after', t.timestamp)
      .addColumn('issued_at', t.timestamp)
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', t.timestamp)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('certificates_due').on('certificates').columns(['state', 'next_attempt_at']).execute();

    await db.schema
      .createTable('certificate_issuances')
      .addColumn('registered_domain', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('issued_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('certificate_issuances_domain')
      .on('certificate_issuances')
      .columns(['registered_domain', 'issued_at'])
      .execute();

    await db.schema
      .createTable('custom_domains')
      // Unique: a domain belongs to at most one hosting; the index settles two claims racing.
      .addColumn('domain', 'text', (c) => c.primaryKey())
      .addColumn('hosting_id', t.uuid, (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull())
      // pending or ok
      .addColumn('dns_state', 'text', (c) => c.notNull())
      // What the domain resolved to at the last check, comma-separated.
      .addColumn('dns_found', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('dns_checked_at', t.timestamp)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('custom_domains_hosting').on('custom_domains').column('hosting_id').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('custom_domains').execute();
    await db.schema.dropTable('certificate_issuances').execute();
    await db.schema.dropTable('certificates').execute();
  },
};
