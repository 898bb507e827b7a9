import type { SnapshotStore } from '../../../../src/modules/snapshots/snapshot.service.js';
import type { SnapshotRecord } from '../../../../src/modules/snapshots/snapshot.types.js';

/** SnapshotRepository in memory, newest first as the repository lists them. */
export class MemorySnapshotStore implements SnapshotStore {
  readonly rows: SnapshotRecord[] = [];
  #sequence = 0;

  async listByHosting(hostingId: string): Promise<SnapshotRecord[]> {
    return this.rows.filter((row) => row.hostingId === hostingId).reverse();
  }

  async find(hostingId: string, id: string): Promise<SnapshotRecord | undefined> {
    return this.rows.find((row) => row.hostingId === hostingId && row.id === id);
  }

  async countKept(hostingId: string): Promise<number> {
    return this.rows.filter((row) => row.hostingId === hostingId && row.state !== 'failed').length;
  }

  async insert(record: Pick<SnapshotRecord, 'id' | 'hostingId' | 'name'>): Promise<SnapshotRecord> {
    // Distinct, increasing times: the order a member sees does not depend on the clock's resolution.
    const createdAt = new Date(Date.UTC(2026, 0, 1) + ++this.#sequence * 1000).toISOString();
    const row: SnapshotRecord = {
      ...record,
      state: 'creating',
      takenWhile: null,
      sizeBytes: null,
      problem: null,
      createdAt,
      readyAt: null,
    };
    this.rows.push(row);
    return row;
  }

  async markReady(id: string, taken: { takenWhile: 'running' | 'stopped'; sizeBytes: number }): Promise<void> {
    const row = this.rows.find((r) => r.id === id);
    if (row) Object.assign(row, { state: 'ready', ...taken, problem: null, readyAt: new Date().toISOString() });
  }

  async markFailed(id: string, problem: string): Promise<void> {
    const row = this.rows.find((r) => r.id === id);
    if (row) Object.assign(row, { state: 'failed', problem });
  }

  async remove(id: string): Promise<void> {
    const at = this.rows.findIndex((r) => r.id === id);
    if (at >= 0) this.rows.splice(at, 1);
  }

  async removeAllOf(hostingId: string): Promise<void> {
    for (let at = this.rows.length - 1; at >= 0; at--)
      if (this.rows[at]?.hostingId === hostingId) this.rows.splice(at, 1);
  }
}
