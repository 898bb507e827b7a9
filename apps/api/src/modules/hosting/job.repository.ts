import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { Database, JobsTable, SqlDialect } from '../../db/schema.js';
import type { JobKind, JobPayload, JobRecord } from './hosting.types.js';

const StoredPayload = z.object({ snapshotId: z.uuid().optional(), backupId: z.uuid().optional() });

function toJob(row: Selectable<JobsTable>): JobRecord {
  return {
    id: row.id,
    hostingId: row.hosting_id,
    kind: row.kind as JobKind,
    state: row.state as JobRecord['state'],
    attempts: Number(row.attempts),
    payload: row.payload === null ? null : StoredPayload.parse(JSON.parse(row.payload)),
  };
}

/**
 * Durable jobs, claimed with a lease. A worker that dies stops renewing its
 * lease; once it runs out, another worker (or the same one after a restart)
 * claims the job and resumes it from its stored steps. On PostgreSQL,
 * `FOR UPDATE SKIP LOCKED` lets several processes claim without blocking
 * each other; SQLite serializes writers, so the conditional update suffices.
 */
export class JobRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
    /** How long a claim lasts without renewal. */
    readonly leaseMs: number,
  ) {}

  /**
   * Queues a job. `notBeforeMs` holds it back that long (as if claimed by
   * nobody), e.g. to let a cancelled job's worker notice before this one starts.
   */
  async enqueue(hostingId: string, kind: JobKind, notBeforeMs = 0, payload?: JobPayload): Promise<JobRecord> {
    const now = new Date();
    const held = notBeforeMs > 0;
    const row = await this.db
      .insertInto('jobs')
      .values({
        id: randomUUID(),
        hosting_id: hostingId,
        kind,
        state: 'queued',
        locked_by: held ? 'held' : null,
        lease_until: held ? new Date(now.getTime() + notBeforeMs).toISOString() : null,
        payload: payload ? JSON.stringify(payload) : null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toJob(row);
  }

  /** Lets a job queued with `notBeforeMs` be claimed at once. */
  async releaseHold(jobId: string): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ locked_by: null, lease_until: null })
      .where('id', '=', jobId)
      .where('locked_by', '=', 'held')
      .execute();
  }

  /** Closes an open job; its worker loses the claim at its next renewal and stops. */
  async cancel(jobId: string): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ state: 'cancelled', updated_at: new Date().toISOString() })
      .where('id', '=', jobId)
      .execute();
  }

  /** The hosting's newest job: whose steps the hosting shows. */
  async latest(hostingId: string): Promise<JobRecord | undefined> {
    const row = await this.db
      .selectFrom('jobs')
      .selectAll()
      .where('hosting_id', '=', hostingId)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toJob(row);
  }

  async findOpen(hostingId: string): Promise<JobRecord | undefined> {
    const row = await this.db
      .selectFrom('jobs')
      .selectAll()
      .where('hosting_id', '=', hostingId)
      .where('state', 'in', ['queued', 'running'])
      .executeTakeFirst();
    return row && toJob(row);
  }

  /** Claims one specific job if nobody holds a live lease on it. */
  claim(jobId: string, workerId: string, leaseMs: number): Promise<JobRecord | undefined> {
    return this.claimWhere(workerId, leaseMs, jobId);
  }

  /** Claims the oldest job that is unclaimed or whose lease ran out. */
  claimNext(workerId: string, leaseMs: number): Promise<JobRecord | undefined> {
    return this.claimWhere(workerId, leaseMs);
  }

  /** One statement: pick a claimable job (the given one, or the oldest) and take it. */
  private async claimWhere(workerId: string, leaseMs: number, jobId?: string): Promise<JobRecord | undefined> {
    const now = new Date();
    let candidate = this.db
      .selectFrom('jobs')
      .select('id')
      .where('state', 'in', ['queued', 'running'])
      .where((eb) => eb.or([eb('locked_by', 'is', null), eb('lease_until', '<', now.toISOString())]))
      .orderBy('created_at')
      .limit(1);
    if (jobId) candidate = candidate.where('id', '=', jobId);
    if (this.dialect === 'postgres') candidate = candidate.forUpdate().skipLocked();
    const row = await this.db
      .updateTable('jobs')
      .set((eb) => ({
        state: 'running',
        locked_by: workerId,
        lease_until: new Date(now.getTime() + leaseMs).toISOString(),
        attempts: eb('attempts', '+', 1),
        updated_at: now.toISOString(),
      }))
      .where('id', '=', candidate)
      .returningAll()
      .executeTakeFirst();
    return row && toJob(row);
  }

  /** Extends the lease; false when the claim was lost (another worker took over). */
  async renew(jobId: string, workerId: string, leaseMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set({ lease_until: new Date(Date.now() + leaseMs).toISOString() })
      .where('id', '=', jobId)
      .where('locked_by', '=', workerId)
      .where('state', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async finish(jobId: string, workerId: string, state: 'done' | 'failed'): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ state, locked_by: null, lease_until: null, updated_at: new Date().toISOString() })
      .where('id', '=', jobId)
      .where('locked_by', '=', workerId)
      .execute();
  }

  /**
   * Gives up a claim without finishing. With `retryAfterMs` the job stays
   * locked that long (a back-off before it is retried); without, at once.
   */
  async release(jobId: string, workerId: string, retryAfterMs = 0): Promise<void> {
    const leaseUntil = retryAfterMs > 0 ? new Date(Date.now() + retryAfterMs).toISOString() : null;
    await this.db
      .updateTable('jobs')
      .set({ locked_by: retryAfterMs > 0 ? workerId : null, lease_until: leaseUntil })
      .where('id', '=', jobId)
      .where('locked_by', '=', workerId)
      .execute();
  }

  async listOpen(): Promise<JobRecord[]> {
    const rows = await this.db.selectFrom('jobs').selectAll().where('state', 'in', ['queued', 'running']).execute();
    return rows.map(toJob);
  }
}
