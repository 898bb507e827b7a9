import type { BackupRepository } from '../../../../src/modules/backups/backup.repository.js';
import type { BackupRecord } from '../../../../src/modules/backups/backup.types.js';
import type { HostingRow } from './memory-database.js';

type BackupStore = Pick<BackupRepository, keyof BackupRepository>;

/** BackupRepository in memory, newest first as it lists them; deleted hostings read from the memory database. */
export class MemoryBackupRecords implements BackupStore {
  readonly rows: BackupRecord[] = [];
  #sequence = 0;

  constructor(private readonly hostings: () => readonly HostingRow[]) {}

  async insert(record: Pick<BackupRecord, 'id' | 'hostingId' | 'userId' | 'username' | 'trigger'>) {
    const row: BackupRecord = {
      ...record,
      state: 'running',
      repositoryId: null,
      bytesAdded: null,
      bytesProcessed: null,
      error: null,
      // Distinct, increasing times: "newest" never depends on the clock's resolution.
      startedAt: new Date(Date.UTC(2026, 0, 1) + ++this.#sequence * 1000).toISOString(),
      finishedAt: null,
    };
    this.rows.push(row);
    return { ...row };
  }

  async find(id: string) {
    const row = this.rows.find((r) => r.id === id);
    return row && { ...row };
  }

  async list(limit: number) {
    return this.newestFirst(this.rows).slice(0, limit);
  }

  async listByHosting(hostingId: string) {
    return this.newestFirst(this.rows.filter((r) => r.hostingId === hostingId));
  }

  async listRunning() {
    return this.rows.filter((r) => r.state === 'running').map((r) => ({ ...r }));
  }

  async markDone(id: string, done: { repositoryId: string; bytesAdded: number; bytesProcessed: number }) {
    this.update(id, { state: 'done', ...done, error: null, finishedAt: new Date().toISOString() });
  }

  async markFailed(id: string, error: string) {
    const row = this.rows.find((r) => r.id === id);
    if (row?.state === 'running') Object.assign(row, { state: 'failed', error, finishedAt: new Date().toISOString() });
  }

  async markExpired(repositoryIds: readonly string[]) {
    for (const row of this.rows)
      if (row.repositoryId && repositoryIds.includes(row.repositoryId)) row.state = 'expired';
  }

  async listOfDeletedBefore(cutoff: Date) {
    const deleted = new Set(
      this.hostings()
        .filter((h) => h.status === 'DELETED' && h.deletedAt !== null && Date.parse(h.deletedAt) < cutoff.getTime())
        .map((h) => h.id),
    );
    return this.rows.filter((r) => r.state === 'done' && deleted.has(r.hostingId)).map((r) => ({ ...r }));
  }

  private update(id: string, change: Partial<BackupRecord>) {
    const row = this.rows.find((r) => r.id === id);
    if (row) Object.assign(row, change);
  }

  private newestFirst(rows: BackupRecord[]) {
    return [...rows].reverse().map((r) => ({ ...r }));
  }
}
