import { randomUUID } from 'node:crypto';
import type { JobStore } from '../../../../src/modules/hosting/hosting.ports.js';
import type { JobKind, JobPayload, JobRecord } from '../../../../src/modules/hosting/hosting.types.js';
import { OPEN_JOB_STATES, type JobRow, type MemoryDatabase } from './memory-database.js';

function toJob(row: JobRow): JobRecord {
  return {
    id: row.id,
    hostingId: row.hostingId,
    kind: row.kind,
    state: row.state,
    attempts: row.attempts,
    payload: row.payload ?? null,
  };
}

const byAge = (a: JobRow, b: JobRow) => a.createdAt - b.createdAt || a.sequence - b.sequence;

/**
 * JobRepository over the in-memory tables, leases read on the database's
 * (fake) clock: a claim takes the oldest job nobody holds a live lease on and
 * counts an attempt; a renewal fails once the claim is lost; a release with a
 * back-off keeps the job locked that long; a job queued with `notBeforeMs` is
 * held by nobody ('held') until then.
 */
export class MemoryJobStore implements JobStore {
  constructor(
    private readonly db: MemoryDatabase,
    readonly leaseMs: number,
    private readonly inTransaction: boolean,
  ) {}

  async enqueue(hostingId: string, kind: JobKind, notBeforeMs = 0, payload?: JobPayload): Promise<JobRecord> {
    await this.db.ready(this.inTransaction);
    const now = this.db.clock.now();
    const held = notBeforeMs > 0;
    const row: JobRow = {
      id: randomUUID(),
      hostingId,
      kind,
      state: 'queued',
      attempts: 0,
      payload: payload ?? null,
      lockedBy: held ? 'held' : null,
      leaseUntil: held ? now + notBeforeMs : null,
      createdAt: now,
      sequence: this.db.nextSequence(),
    };
    this.db.write((t) => t.jobs.push(row));
    return toJob(row);
  }

  async releaseHold(jobId: string): Promise<void> {
    await this.update((j) => j.id === jobId && j.lockedBy === 'held', { lockedBy: null, leaseUntil: null });
  }

  async cancel(jobId: string): Promise<void> {
    await this.update((j) => j.id === jobId, { state: 'cancelled' });
  }

  async latest(hostingId: string): Promise<JobRecord | undefined> {
    await this.db.ready(this.inTransaction);
    return this.db.read((t) => {
      const row = t.jobs
        .filter((j) => j.hostingId === hostingId)
        .sort(byAge)
        .at(-1);
      return row && toJob(row);
    });
  }

  async findOpen(hostingId: string): Promise<JobRecord | undefined> {
    await this.db.ready(this.inTransaction);
    return this.db.read((t) => {
      const row = t.jobs.find((j) => j.hostingId === hostingId && OPEN_JOB_STATES.includes(j.state));
      return row && toJob(row);
    });
  }

  claim(jobId: string, workerId: string, leaseMs: number): Promise<JobRecord | undefined> {
    return this.claimWhere(workerId, leaseMs, jobId);
  }

  claimNext(workerId: string, leaseMs: number): Promise<JobRecord | undefined> {
    return this.claimWhere(workerId, leaseMs);
  }

  async renew(jobId: string, workerId: string, leaseMs: number): Promise<boolean> {
    const now = this.db.clock.now();
    const updated = await this.update((j) => j.id === jobId && j.lockedBy === workerId && j.state === 'running', {
      leaseUntil: now + leaseMs,
    });
    return updated === 1;
  }

  async finish(jobId: string, workerId: string, state: 'done' | 'failed'): Promise<void> {
    await this.update((j) => j.id === jobId && j.lockedBy === workerId, { state, lockedBy: null, leaseUntil: null });
  }

  async release(jobId: string, workerId: string, retryAfterMs = 0): Promise<void> {
    const now = this.db.clock.now();
    await this.update(
      (j) => j.id === jobId && j.lockedBy === workerId,
      retryAfterMs > 0 ? { lockedBy: workerId, leaseUntil: now + retryAfterMs } : { lockedBy: null, leaseUntil: null },
    );
  }

  async listOpen(): Promise<JobRecord[]> {
    await this.db.ready(this.inTransaction);
    return this.db.read((t) => t.jobs.filter((j) => OPEN_JOB_STATES.includes(j.state)).map(toJob));
  }

  /** One statement, as the repository's: pick the oldest claimable job (or the given one) and take it. */
  private async claimWhere(workerId: string, leaseMs: number, jobId?: string): Promise<JobRecord | undefined> {
    await this.db.ready(this.inTransaction);
    const now = this.db.clock.now();
    return this.db.write((t) => {
      const row = t.jobs
        .filter((j) => OPEN_JOB_STATES.includes(j.state))
        .filter((j) => j.lockedBy === null || (j.leaseUntil !== null && j.leaseUntil < now))
        .filter((j) => jobId === undefined || j.id === jobId)
        .sort(byAge)[0];
      if (!row) return undefined;
      Object.assign(row, {
        state: 'running',
        lockedBy: workerId,
        leaseUntil: now + leaseMs,
        attempts: row.attempts + 1,
      });
      return toJob(row);
    });
  }

  /** An UPDATE ... WHERE: returns how many rows it changed. */
  private async update(where: (row: JobRow) => boolean, set: Partial<JobRow>): Promise<number> {
    await this.db.ready(this.inTransaction);
    return this.db.write((t) => {
      const rows = t.jobs.filter(where);
      for (const row of rows) Object.assign(row, set);
      return rows.length;
    });
  }
}
