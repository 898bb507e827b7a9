import type { HostingStatus } from '@hostbay/contract/hosting';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { SiteState, SiteStateLookup } from './site-page.service.js';

/**
 * A site's state by its name. Each is one lookup on unique indexes (users.username, or
 * custom_domains.domain) joined to the owner's one live hosting (hostings_one_active_per_user),
 * because every visit to a site that does not answer asks.
 */
export class SiteStateRepository implements SiteStateLookup {
  constructor(private readonly db: Kysely<Database>) {}

  async byUsername(username: string): Promise<SiteState | undefined> {
    const row = await this.db
      .selectFrom('users')
      .innerJoin('hostings', 'hostings.user_id', 'users.id')
      .select(['hostings.status', 'hostings.suspended_from', 'users.status as user_status'])
      .where('users.username', '=', username)
      .where('hostings.status', '<>', 'DELETED')
      .executeTakeFirst();
    return row && toState(row);
  }

  async byDomain(domain: string): Promise<SiteState | undefined> {
    const row = await this.db
      .selectFrom('custom_domains')
      .innerJoin('hostings', 'hostings.id', 'custom_domains.hosting_id')
      .innerJoin('users', 'users.id', 'hostings.user_id')
      .select(['hostings.status', 'hostings.suspended_from', 'users.status as user_status'])
      .where('custom_domains.domain', '=', domain)
      // Only a domain the edge routes (its DNS points here): before that, the name is nobody's site.
      .where('custom_domains.dns_state', '=', 'ok')
      .where('hostings.status', '<>', 'DELETED')
      .executeTakeFirst();
    return row && toState(row);
  }
}

function toState(row: { status: string; suspended_from: string | null; user_status: string }): SiteState {
  return {
    status: row.status as HostingStatus,
    suspended: row.user_status === 'suspended' || row.suspended_from !== null,
  };
}
