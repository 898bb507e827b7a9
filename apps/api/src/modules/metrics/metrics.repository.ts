import type { HostingStatus } from '@hostbay/contract/hosting';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { toIso } from '../users/user.repository.js';

/** What /metrics reads from the database at every scrape: two grouped counts, cheap at any size. */
export class MetricsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * How many hostings are in each status (DELETED aside, which only grows), and when the one that has
   * waited longest in it last changed (a hosting stuck in CREATING).
   */
  async hostingsByStatus(): Promise<{ status: HostingStatus; count: number; oldestChange: string }[]> {
    const rows = await this.db
      .selectFrom('hostings')
      .select((eb) => [
        'status',
        eb.fn.countAll<number | string>().as('count'),
        eb.fn.min<Date | string>('updated_at').as('oldest'),
      ])
      .where('status', '<>', 'DELETED')
      .groupBy('status')
      .execute();
    return rows.map((row) => ({
      status: row.status as HostingStatus,
      count: Number(row.count),
      oldestChange: toIso(row.oldest),
    }));
  }

  /**
   * Jobs a worker could claim now and none holds: JobRepository's claim condition (open, and unclaimed or
   * its lease run out). A job backing off before a retry, or held back on purpose, is not waiting.
   */
  async jobsWaiting(): Promise<number> {
    const row = await this.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('state', 'in', ['queued', 'running'])
      .where((eb) => eb.or([eb('locked_by', 'is', null), eb('lease_until', '<', new Date().toISOString())]))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
}
