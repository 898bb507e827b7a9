import type { Kysely, Selectable } from 'kysely';
import { uniqueViolation } from '../../db/errors.js';
import type { CustomDomainsTable, Database } from '../../db/schema.js';
import { toIso } from '../users/user.repository.js';
import type { CustomDomainRecord } from './tls.types.js';

function toRecord(row: Selectable<CustomDomainsTable>): CustomDomainRecord {
  return {
    domain: row.domain,
    hostingId: row.hosting_id,
    username: row.username,
    dnsState: row.dns_state === 'ok' ? 'ok' : 'pending',
    dnsFound: row.dns_found === '' ? [] : row.dns_found.split(','),
    dnsCheckedAt: row.dns_checked_at === null ? null : toIso(row.dns_checked_at),
    createdAt: toIso(row.created_at),
  };
}

/** Raised by insert when the domain already belongs to a hosting (the primary key decided). */
export class DomainTakenError extends Error {
  constructor() {
    super('domain already claimed');
  }
}

/** Members' own domains: which hosting each belongs to and where its DNS check stands. */
export class DomainRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async listByHosting(hostingId: string): Promise<CustomDomainRecord[]> {
    const rows = await this.db
      .selectFrom('custom_domains')
      .selectAll()
      .where('hosting_id', '=', hostingId)
      .orderBy('created_at')
      .orderBy('domain')
      .execute();
    return rows.map(toRecord);
  }

  async listAll(): Promise<CustomDomainRecord[]> {
    const rows = await this.db.selectFrom('custom_domains').selectAll().orderBy('domain').execute();
    return rows.map(toRecord);
  }

  async find(domain: string): Promise<CustomDomainRecord | undefined> {
    const row = await this.db.selectFrom('custom_domains').selectAll().where('domain', '=', domain).executeTakeFirst();
    return row && toRecord(row);
  }

  async countByHosting(hostingId: string): Promise<number> {
    const row = await this.db
      .selectFrom('custom_domains')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('hosting_id', '=', hostingId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insert(
    record: { domain: string; hostingId: string; username: string },
    now: Date,
  ): Promise<CustomDomainRecord> {
    try {
      const row = await this.db
        .insertInto('custom_domains')
        .values({
          domain: record.domain,
          hosting_id: record.hostingId,
          username: record.username,
          dns_state: 'pending',
          dns_found: '',
          created_at: now.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    } catch (error) {
      if (uniqueViolation(error)) throw new DomainTakenError();
      throw error;
    }
  }

  async recordCheck(domain: string, state: 'pending' | 'ok', found: readonly string[], now: Date): Promise<void> {
    await this.db
      .updateTable('custom_domains')
      .set({ dns_state: state, dns_found: found.join(','), dns_checked_at: now.toISOString() })
      .where('domain', '=', domain)
      .execute();
  }

  async remove(domain: string): Promise<void> {
    await this.db.deleteFrom('custom_domains').where('domain', '=', domain).execute();
  }

  /** Domains whose hosting is gone (deleted, or its row missing): what a delete leaves to sweep. */
  async listOrphans(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('custom_domains')
      .leftJoin('hostings', 'hostings.id', 'custom_domains.hosting_id')
      .select('custom_domains.domain')
      .where((eb) => eb.or([eb('hostings.id', 'is', null), eb('hostings.status', '=', 'DELETED')]))
      .execute();
    return rows.map((row) => row.domain);
  }
}
