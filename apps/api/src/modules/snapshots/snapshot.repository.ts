import type { Kysely, Selectable } from 'kysely';
import type { Database, SnapshotsTable } from '../../db/schema.js';
import { toIso } from '../users/user.repository.js';
import type { SnapshotRecord } from './snapshot.types.js';

function toRecord(row: Selectable<SnapshotsTable>): SnapshotRecord {
  return {
    id: row.id,
    hostingId: row.hosting_id,
    name: row.name,
    state: row.state === 'ready' || row.state === 'failed' ? row.state : 'creating',
    takenWhile: row.taken_while === 'running' || row.taken_while === 'stopped' ? row.taken_while : null,
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    problem: row.problem,
    createdAt: toIso(row.created_at),
    readyAt: row.ready_at === null ? null : toIso(row.ready_at),
  };
}

/** Members' snapshots: which hosting each belongs to and whether it counts (only a ready one can be restored). */
export class SnapshotRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async listByHosting(hostingId: string): Promise<SnapshotRecord[]> {
    const rows = await this.db
      .selectFrom('snapshots')
      .selectAll()
      .where('hosting_id', '=', hostingId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  async find(hostingId: string, id: string): Promise<SnapshotRecord | undefined> {
    const row = await this.db
      .selectFrom('snapshots')
      .selectAll()
      .where('hosting_id', '=', hostingId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Snapshots that take room or will: ready ones and those being taken. */
  async countKept(hostingId: string): Promise<number> {
    const row = await this.db
      .selectFrom('snapshots')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('hosting_id', '=', hostingId)
      .where('state', 'in', ['creating', 'ready'])
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insert(record: Pick<SnapshotRecord, 'id' | 'hostingId' | 'name'>, now = new Date()): Promise<SnapshotRecord> {
    const row = await this.db
      .insertInto('snapshots')
      .values({
        id: record.id,
        hosting_id: record.hostingId,
        name: record.name,
        state: 'creating',
        taken_while: null,
        size_bytes: null,
        problem: null,
        created_at: now.toISOString(),
        ready_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async markReady(id: string, taken: { takenWhile: 'running' | 'stopped'; sizeBytes: number }): Promise<void> {
    await this.db
      .updateTable('snapshots')
      .set({
        state: 'ready',
        taken_while: taken.takenWhile,
        size_bytes: taken.sizeBytes,
        problem: null,
        ready_at: new Date().toISOString(),
      })
      .where('id', '=', id)
      .execute();
  }

  async markFailed(id: string, problem: string): Promise<void> {
    await this.db.updateTable('snapshots').set({ state: 'failed', problem }).where('id', '=', id).execute();
  }

  async remove(id: string): Promise<void> {
    await this.db.deleteFrom('snapshots').where('id', '=', id).execute();
  }

  async removeAllOf(hostingId: string): Promise<void> {
    await this.db.deleteFrom('snapshots').where('hosting_id', '=', hostingId).execute();
  }
}
