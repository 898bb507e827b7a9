import type { HostingStatus } from '@hostbay/contract/hosting';
import { assertTransition } from '../../../../src/modules/hosting/hosting-state.js';
import type { HostingStore } from '../../../../src/modules/hosting/hosting.ports.js';
import {
  stopCauseAfter,
  type HostingAllocations,
  type NewHostingRow,
  type StatusChange,
  type StepChange,
} from '../../../../src/modules/hosting/hosting.repository.js';
import type {
  HostingRecord,
  JobKind,
  ResumeStatus,
  StepRecord,
} from '../../../../src/modules/hosting/hosting.types.js';
import type { HostingRow, MemoryDatabase, StepRow } from './memory-database.js';

function toRecord(row: HostingRow): HostingRecord {
  const { idempotencyKey: _key, deletedAt: _deleted, ...record } = row;
  return record;
}

function toStep(row: StepRow): StepRecord {
  const { hostingId: _hosting, ...step } = row;
  return step;
}

/** HostingRepository over the in-memory tables: the same conditional status changes and step bookkeeping. */
export class MemoryHostingStore implements HostingStore {
  constructor(
    private readonly db: MemoryDatabase,
    private readonly inTransaction: boolean,
  ) {}

  async insert(hosting: NewHostingRow): Promise<void> {
    await this.db.ready(this.inTransaction);
    const now = this.now();
    this.db.write((t) => {
      t.hostings.push({
        ...structuredClone(hosting),
        restoredFrom: hosting.restoredFrom ?? null,
        status: 'CREATING',
        sshPort: null,
        vmSshPort: null,
        webPort: null,
        ipAddress: null,
        macAddress: '',
        error: null,
        suspendedFrom: null,
        stopCause: null,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      });
    });
  }

  async setAllocations(id: string, allocated: HostingAllocations): Promise<void> {
    await this.db.ready(this.inTransaction);
    this.db.write((t) => {
      const row = t.hostings.find((h) => h.id === id);
      if (row) Object.assign(row, allocated);
    });
  }

  async findById(id: string): Promise<HostingRecord | undefined> {
    return this.findOne((h) => h.id === id);
  }

  async findActiveByUser(userId: string): Promise<HostingRecord | undefined> {
    return this.findOne((h) => h.userId === userId && h.status !== 'DELETED');
  }

  async findByIdempotencyKey(userId: string, key: string): Promise<HostingRecord | undefined> {
    return this.findOne((h) => h.userId === userId && h.idempotencyKey === key);
  }

  async listActive(): Promise<HostingRecord[]> {
    await this.db.ready(this.inTransaction);
    return this.db.read((t) => t.hostings.filter((h) => h.status !== 'DELETED').map(toRecord));
  }

  async listActiveUsernames(): Promise<string[]> {
    await this.db.ready(this.inTransaction);
    return this.db.read((t) =>
      t.hostings
        .filter((h) => h.status !== 'DELETED' && h.status !== 'DELETING')
        .map((h) => h.username)
        .sort(),
    );
  }

  async listByStatus(statuses: readonly HostingStatus[]): Promise<HostingRecord[]> {
    await this.db.ready(this.inTransaction);
    return this.db.read((t) => t.hostings.filter((h) => statuses.includes(h.status)).map(toRecord));
  }

  async transition(
    id: string,
    from: HostingStatus,
    to: HostingStatus,
    change: StatusChange = {},
  ): Promise<HostingRecord | undefined> {
    // Before anything is read, as the repository does: an illegal change is a bug, never applied.
    assertTransition(from, to);
    await this.db.ready(this.inTransaction);
    const now = this.now();
    return this.db.write((t) => {
      const row = t.hostings.find((h) => h.id === id && h.status === from);
      if (!row) return undefined;
      row.status = to;
      row.updatedAt = now;
      if (change.error !== undefined) row.error = change.error && { ...change.error };
      const cause = stopCauseAfter(to, change);
      if (cause !== undefined) row.stopCause = cause;
      if (to === 'DELETED') row.deletedAt = now;
      return toRecord(row);
    });
  }

  async setResources(id: string, resources: Pick<HostingRecord, 'vcpus' | 'memoryMb' | 'diskGb'>): Promise<void> {
    await this.db.ready(this.inTransaction);
    const now = this.now();
    this.db.write((t) => {
      const row = t.hostings.find((h) => h.id === id);
      if (row) Object.assign(row, { ...resources, updatedAt: now });
    });
  }

  async holdForSuspension(id: string, resume: ResumeStatus): Promise<boolean> {
    await this.db.ready(this.inTransaction);
    const now = this.now();
    return this.db.write((t) => {
      const row = t.hostings.find((h) => h.id === id && h.suspendedFrom === null);
      if (!row) return false;
      row.suspendedFrom = resume;
      row.updatedAt = now;
      return true;
    });
  }

  async releaseFromSuspension(id: string): Promise<boolean> {
    await this.db.ready(this.inTransaction);
    const now = this.now();
    return this.db.write((t) => {
      const row = t.hostings.find((h) => h.id === id && h.suspendedFrom !== null);
      if (!row) return false;
      row.suspendedFrom = null;
      row.updatedAt = now;
      return true;
    });
  }

  async listHeld(): Promise<HostingRecord[]> {
    await this.db.ready(this.inTransaction);
    return this.db.read((t) =>
      t.hostings.filter((h) => h.suspendedFrom !== null && h.status !== 'DELETED').map(toRecord),
    );
  }

  async touch(id: string): Promise<void> {
    await this.db.ready(this.inTransaction);
    const now = this.now();
    this.db.write((t) => {
      const row = t.hostings.find((h) => h.id === id);
      if (row) row.updatedAt = now;
    });
  }

  async listSteps(hostingId: string, jobKind: JobKind): Promise<StepRecord[]> {
    await this.db.ready(this.inTransaction);
    return this.db.read((t) =>
      t.steps
        .filter((s) => s.hostingId === hostingId && s.jobKind === jobKind)
        .sort((a, b) => a.position - b.position)
        .map(toStep),
    );
  }

  async planSteps(hostingId: string, jobKind: JobKind, names: readonly string[]): Promise<void> {
    await this.db.ready(this.inTransaction);
    // Two statements, as in the repository: a delete, then the inserts.
    this.db.write((t) => {
      t.steps = t.steps.filter((s) => !(s.hostingId === hostingId && s.jobKind === jobKind));
    });
    this.db.write((t) => {
      names.forEach((name, position) =>
        t.steps.push({
          hostingId,
          jobKind,
          name,
          position,
          state: 'pending',
          startedAt: null,
          finishedAt: null,
          created: null,
          error: null,
        }),
      );
    });
  }

  async updateStep(hostingId: string, jobKind: JobKind, name: string, change: StepChange): Promise<void> {
    await this.db.ready(this.inTransaction);
    this.db.write((t) => {
      const step = t.steps.find((s) => s.hostingId === hostingId && s.jobKind === jobKind && s.name === name);
      if (!step) return;
      step.state = change.state;
      if (change.startedAt) step.startedAt = change.startedAt.toISOString();
      if (change.finishedAt !== undefined) step.finishedAt = change.finishedAt?.toISOString() ?? null;
      // Stored as JSON text: what does not survive JSON (undefined, functions) is not kept.
      if (change.created) step.created = JSON.parse(JSON.stringify(change.created)) as Record<string, unknown>;
      if (change.error !== undefined) step.error = change.error;
    });
    await this.touch(hostingId);
  }

  private async findOne(where: (row: HostingRow) => boolean): Promise<HostingRecord | undefined> {
    await this.db.ready(this.inTransaction);
    return this.db.read((t) => {
      const row = t.hostings.find(where);
      return row && toRecord(row);
    });
  }

  private now(): string {
    return this.db.clock.date().toISOString();
  }
}
