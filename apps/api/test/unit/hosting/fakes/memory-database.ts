import type { AllocationKind } from '../../../../src/modules/hosting/allocator.js';
import type { HostingRecord, JobRecord, StepRecord } from '../../../../src/modules/hosting/hosting.types.js';
import { FakeClock } from './clock.js';

/** The rows of migration 002, in the record shapes the repositories return, plus the columns they hide. */
export interface HostingRow extends HostingRecord {
  idempotencyKey: string | null;
  deletedAt: string | null;
}

export interface StepRow extends StepRecord {
  hostingId: string;
}

export interface JobRow extends JobRecord {
  lockedBy: string | null;
  /** Milliseconds on the database's clock. */
  leaseUntil: number | null;
  createdAt: number;
  /** Breaks ties between jobs created in the same millisecond, as insertion order would. */
  sequence: number;
}

export interface AllocationRow {
  kind: AllocationKind;
  value: string;
  hostingId: string;
}

export interface Tables {
  hostings: HostingRow[];
  steps: StepRow[];
  jobs: JobRow[];
  allocations: AllocationRow[];
}

export const OPEN_JOB_STATES: readonly JobRecord['state'][] = ['queued', 'running'];

/**
 * What PostgreSQL throws for a broken constraint: `db/errors.ts` reads `code`
 * and `constraint`, so the lifecycle tells these apart exactly as it does the
 * real ones.
 */
export class ConstraintViolation extends Error {
  constructor(
    readonly code: '23505' | '23503',
    readonly constraint: string,
  ) {
    super(
      code === '23505'
        ? `duplicate key value violates unique constraint "${constraint}"`
        : `insert or update violates foreign key constraint "${constraint}"`,
    );
  }
}

/**
 * The unique constraints and indexes of migration 002, in the order they are
 * created there: PostgreSQL checks a row's indexes in that order, so a row that
 * breaks two reports the first (e.g. a second create with the same
 * Idempotency-Key by a user who still has that hosting hits one_active_per_user).
 */
const UNIQUE: readonly { name: string; keys(tables: Tables): (string | undefined)[] }[] = [
  { name: 'hostings_pkey', keys: (t) => t.hostings.map((h) => h.id) },
  {
    name: 'hostings_one_active_per_user',
    keys: (t) => t.hostings.map((h) => (h.status === 'DELETED' ? undefined : h.userId)),
  },
  {
    // NULL keys never collide.
    name: 'hostings_idempotency',
    keys: (t) => t.hostings.map((h) => (h.idempotencyKey === null ? undefined : `${h.userId} ${h.idempotencyKey}`)),
  },
  { name: 'hosting_steps_pk', keys: (t) => t.steps.map((s) => `${s.hostingId} ${s.jobKind} ${s.name}`) },
  { name: 'jobs_pkey', keys: (t) => t.jobs.map((j) => j.id) },
  {
    name: 'jobs_one_open_per_hosting',
    keys: (t) => t.jobs.map((j) => (OPEN_JOB_STATES.includes(j.state) ? j.hostingId : undefined)),
  },
  { name: 'allocations_pk', keys: (t) => t.allocations.map((a) => `${a.kind} ${a.value}`) },
];

function findViolation(tables: Tables): ConstraintViolation | undefined {
  for (const constraint of UNIQUE) {
    const seen = new Set<string>();
    for (const key of constraint.keys(tables)) {
      if (key === undefined) continue;
      if (seen.has(key)) return new ConstraintViolation('23505', constraint.name);
      seen.add(key);
    }
  }
  const ids = new Set(tables.hostings.map((h) => h.id));
  const children = { hosting_steps: tables.steps, jobs: tables.jobs, allocations: tables.allocations };
  for (const [table, rows] of Object.entries(children)) {
    if (rows.some((row) => !ids.has(row.hostingId)))
      return new ConstraintViolation('23503', `${table}_hosting_id_fkey`);
  }
  return undefined;
}

/**
 * Hostings, steps, jobs and allocations in memory, with the database's
 * guarantees the lifecycle relies on: every statement is atomic and checked
 * against the unique constraints, and a transaction is all or nothing.
 * Transactions are serializable the simple way (as SQLite's single writer):
 * one at a time, and other statements wait for it, so undoing a failed one
 * by restoring its snapshot can never drop anyone else's write.
 */
export class MemoryDatabase {
  #tables: Tables = { hostings: [], steps: [], jobs: [], allocations: [] };
  #transaction: Promise<void> | undefined;
  #sequence = 0;

  constructor(readonly clock = new FakeClock()) {}

  /** A copy of every table, for assertions. */
  get tables(): Tables {
    return structuredClone(this.#tables);
  }

  nextSequence(): number {
    this.#sequence += 1;
    return this.#sequence;
  }

  /** Waits for a running transaction, unless the caller is inside it. */
  async ready(inTransaction: boolean): Promise<void> {
    if (inTransaction) return;
    while (this.#transaction) await this.#transaction;
  }

  /** A query; the result is a copy, so nothing outside can change the stored rows. */
  read<T>(query: (tables: Readonly<Tables>) => T): T {
    return structuredClone(query(this.#tables));
  }

  /** One statement: applied whole, or not at all when it breaks a constraint. */
  write<T>(statement: (tables: Tables) => T): T {
    const before = structuredClone(this.#tables);
    const result = statement(this.#tables);
    const violation = findViolation(this.#tables);
    if (violation) {
      this.#tables = before;
      throw violation;
    }
    return structuredClone(result);
  }

  /** Runs `work` as one transaction: when it throws, every table is as it was before. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    while (this.#transaction) await this.#transaction;
    let end = () => {};
    this.#transaction = new Promise<void>((resolve) => (end = resolve));
    const before = structuredClone(this.#tables);
    try {
      return await work();
    } catch (error) {
      this.#tables = before;
      throw error;
    } finally {
      this.#transaction = undefined;
      end();
    }
  }
}
