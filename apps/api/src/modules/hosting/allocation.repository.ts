import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AllocationKind } from './allocator.js';

export interface Allocation {
  kind: AllocationKind;
  value: string;
  hostingId: string;
}

/**
 * The values handed out to hostings (slots, ports, addresses). The primary
 * key (kind, value) is what makes them unique: of two transactions that take
 * the same value, one insert fails and its caller picks again.
 */
export class AllocationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async takenValues(kind: AllocationKind): Promise<string[]> {
    const rows = await this.db.selectFrom('allocations').select('value').where('kind', '=', kind).execute();
    return rows.map((row) => row.value);
  }

  async take(kind: AllocationKind, value: string, hostingId: string): Promise<void> {
    await this.db.insertInto('allocations').values({ kind, value, hosting_id: hostingId }).execute();
  }

  async heldBy(hostingId: string): Promise<Allocation[]> {
    const rows = await this.db.selectFrom('allocations').selectAll().where('hosting_id', '=', hostingId).execute();
    return rows.map((row) => ({ kind: row.kind as AllocationKind, value: row.value, hostingId: row.hosting_id }));
  }

  async listAll(): Promise<Allocation[]> {
    const rows = await this.db.selectFrom('allocations').selectAll().orderBy('kind').orderBy('value').execute();
    return rows.map((row) => ({ kind: row.kind as AllocationKind, value: row.value, hostingId: row.hosting_id }));
  }

  async releaseAll(hostingId: string): Promise<void> {
    await this.db.deleteFrom('allocations').where('hosting_id', '=', hostingId).execute();
  }
}
