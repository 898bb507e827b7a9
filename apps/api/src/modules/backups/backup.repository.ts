import type { Kysely, Selectable } from 'kysely';
import type { BackupsTable, Database } from '../../db/schema.js';
import { toIso } from '../users/user.repository.js';
import type { BackupRecord, BackupState, BackupTrigger } from './backup.types.js';

const STATES: readonly BackupState[] = ['running', 'done', 'failed', 'expired'];
const TRIGGERS: readonly BackupTrigger[] = ['schedule', 'deletion', 'admin'];

function toRecord(row: Selectable<BackupsTable>): BackupRecord {
  const number = (value: string | number | bigint | null) => (value === null ? null : Number(value));
  return {
    id: row.id,
    hostingId: row.hosting_id,
    userId: row.user_id,
    username: row.username,
    trigger: TRIGGERS.find((t) => t === row.trigger) ?? 'schedule',
    state: STATES.find((s) => s === row.state) ?? 'failed',
    repositoryId: row.repository_id,
    bytesAdded: number(row.bytes_added),
    bytesProcessed: number(row.bytes_processed),
    error: row.error,
    startedAt: toIso(row.started_at),
    finishedAt: row.finished_at === null ? null : toIso(row.finished_at),
  };
}

/** The backups Hostbay ran, newest first: what the operator sees and what a deleted hosting is brought back from. */
export class BackupRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(
    record: Pick<BackupRecord, 'id' | 'hostingId' | 'userId' | 'username' | 'trigger'>,
    now = new Date(),
  ): Promise<BackupRecord> {
    const row = await this.db
      .insertInto('backups')
      .values({
        id: record.id,
        hosting_id: record.hostingId,
        user_id: record.userId,
        username: record.username,
        trigger: record.trigger,
        state: 'running',
        repository_id: null,
        bytes_added: null,
        bytes_processed: null,
        error: null,
        started_at: now.toISOString(),
        finished_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async find(id: string): Promise<BackupRecord | undefined> {
    const row = await this.db.selectFrom('backups').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async list(limit: number): Promise<BackupRecord[]> {
    const rows = await this.db
      .selectFrom('backups')
      .selectAll()
      .orderBy('started_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  async listByHosting(hostingId: string): Promise<BackupRecord[]> {
    const rows = await this.db
      .selectFrom('backups')
      .selectAll()
      .where('hosting_id', '=', hostingId)
      .orderBy('started_at', 'desc')
      .execute();
    return rows.map(toRecord);
  }

  async listRunning(): Promise<BackupRecord[]> {
    const rows = await this.db.selectFrom('backups').selectAll().where('state', '=', 'running').execute();
    return rows.map(toRecord);
  }

  async markDone(id: string, done: { repositoryId: string; bytesAdded: number; bytesProcessed: number }) {
    await this.db
      .updateTable('backups')
      .set({
        state: 'done',
        repository_id: done.repositoryId,
        bytes_added: done.bytesAdded,
        bytes_processed: done.bytesProcessed,
        error: null,
        finished_at: new Date().toISOString(),
      })
      .where('id', '=', id)
      .execute();
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.db
      .updateTable('backups')
      .set({ state: 'failed', error, finished_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .execute();
  }

  /** Finished backups of hostings deleted before `cutoff`: their grace period is over. */
  async listOfDeletedBefore(cutoff: Date): Promise<BackupRecord[]> {
    const rows = await this.db
      .selectFrom('backups')
      .innerJoin('hostings', 'hostings.id', 'backups.hosting_id')
      .selectAll('backups')
      .where('backups.state', '=', 'done')
      .where('hostings.status', '=', 'DELETED')
      .where('hostings.deleted_at', '<', cutoff.toISOString())
      .execute();
    return rows.map(toRecord);
  }

  /** Backups whose repository copy retention forgot, or a grace period ended. */
  async markExpired(repositoryIds: readonly string[]): Promise<void> {
    if (repositoryIds.length === 0) return;
    await this.db
      .updateTable('backups')
      .set({ state: 'expired' })
      .where('repository_id', 'in', [...repositoryIds])
      .execute();
  }
}
