import type { HostingStatus, StepState, StopCause } from '@hostbay/contract/hosting';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, HostingStepsTable, HostingsTable } from '../../db/schema.js';
import { toIso } from '../users/user.repository.js';
import { assertTransition } from './hosting-state.js';
import type { HostingRecord, JobKind, ResumeStatus, StepRecord } from './hosting.types.js';

function toHosting(row: Selectable<HostingsTable>): HostingRecord {
  return {
    id: row.id,
    userId: row.user_id,
    username: row.username,
    status: row.status as HostingStatus,
    vcpus: row.vcpus,
    memoryMb: row.memory_mb,
    diskGb: row.disk_gb,
    networkMode: row.network_mode as 'user' | 'bridge',
    sshPort: row.ssh_port,
    vmSshPort: row.vm_ssh_port,
    webPort: row.web_port,
    ipAddress: row.ip_address,
    macAddress: row.mac_address,
    baseImage: JSON.parse(row.base_image) as HostingRecord['baseImage'],
    sshPublicKey: row.ssh_public_key,
    passwordHash: row.password_hash,
    error: row.error_message
      ? { step: row.error_step, message: row.error_message, retrySafe: Boolean(row.error_retry_safe) }
      : null,
    suspendedFrom: row.suspended_from === null ? null : (row.suspended_from as ResumeStatus),
    stopCause: row.stop_cause === null ? null : (row.stop_cause as StopCause),
    templateKey: row.template_key,
    restoredFrom: row.restored_from,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

function toStep(row: Selectable<HostingStepsTable>): StepRecord {
  return {
    jobKind: row.job_kind as JobKind,
    name: row.name,
    position: row.position,
    state: row.state as StepState,
    startedAt: row.started_at === null ? null : toIso(row.started_at),
    finishedAt: row.finished_at === null ? null : toIso(row.finished_at),
    created: row.created === null ? null : (JSON.parse(row.created) as Record<string, unknown>),
    error: row.error,
  };
}

export interface NewHostingRow {
  id: string;
  userId: string;
  username: string;
  vcpus: number;
  memoryMb: number;
  diskGb: number;
  networkMode: 'user' | 'bridge';
  baseImage: HostingRecord['baseImage'];
  sshPublicKey: string | null;
  passwordHash: string | null;
  idempotencyKey: string | null;
  templateKey: string | null;
  /** Made from this backup (a deleted hosting brought back); absent: a new machine. */
  restoredFrom?: string | null;
}

export type HostingAllocations = Pick<HostingRecord, 'sshPort' | 'webPort' | 'vmSshPort' | 'ipAddress' | 'macAddress'>;

/** What a step's progress changes: its state, and the times, results and error that come with it. */
export interface StepChange {
  state: StepState;
  startedAt?: Date;
  finishedAt?: Date | null;
  created?: Record<string, unknown>;
  error?: string | null;
}

export interface StatusChange {
  error?: { step: string | null; message: string; retrySafe: boolean } | null;
  /** Why it goes off, on a change to STOPPING or STOPPED; absent there, the cause already recorded stays. */
  stopCause?: StopCause;
}

/**
 * The stop cause a change leaves: the one given, or on the way to (or at) STOPPED the one already recorded
 * (the stop job's STOPPING -> STOPPED keeps the member's), and none in any other status.
 */
export function stopCauseAfter(to: HostingStatus, change: StatusChange): StopCause | null | undefined {
  if (to !== 'STOPPING' && to !== 'STOPPED') return null;
  return change.stopCause;
}

/** Hosting rows and their steps. Status changes are conditional on the current status. */
export class HostingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A new hosting row, without its allocations yet (setAllocations adds them in the same transaction). */
  async insert(hosting: NewHostingRow): Promise<void> {
    const now = new Date().toISOString();
    await this.db
      .insertInto('hostings')
      .values({
        id: hosting.id,
        user_id: hosting.userId,
        username: hosting.username,
        status: 'CREATING',
        vcpus: hosting.vcpus,
        memory_mb: hosting.memoryMb,
        disk_gb: hosting.diskGb,
        network_mode: hosting.networkMode,
        ssh_port: null,
        vm_ssh_port: null,
        web_port: null,
        ip_address: null,
        // Set by setAllocations; the column is NOT NULL and the MAC comes from its pool.
        mac_address: '',
        base_image: JSON.stringify(hosting.baseImage),
        ssh_public_key: hosting.sshPublicKey,
        password_hash: hosting.passwordHash,
        idempotency_key: hosting.idempotencyKey,
        error_step: null,
        error_message: null,
        error_retry_safe: null,
        created_at: now,
        updated_at: now,
        deleted_at: null,
        suspended_from: null,
        template_key: hosting.templateKey,
        restored_from: hosting.restoredFrom ?? null,
      } satisfies Insertable<HostingsTable>)
      .execute();
  }

  /** Records the ports and addresses a new hosting was given. */
  async setAllocations(id: string, allocated: HostingAllocations): Promise<void> {
    await this.db
      .updateTable('hostings')
      .set({
        ssh_port: allocated.sshPort,
        web_port: allocated.webPort,
        vm_ssh_port: allocated.vmSshPort,
        ip_address: allocated.ipAddress,
        mac_address: allocated.macAddress,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Records what the hosting's machine has now (a start applied the member's plan). */
  async setResources(id: string, resources: Pick<HostingRecord, 'vcpus' | 'memoryMb' | 'diskGb'>): Promise<void> {
    await this.db
      .updateTable('hostings')
      .set({
        vcpus: resources.vcpus,
        memory_mb: resources.memoryMb,
        disk_gb: resources.diskGb,
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', id)
      .execute();
  }

  async findById(id: string): Promise<HostingRecord | undefined> {
    const row = await this.db.selectFrom('hostings').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toHosting(row);
  }

  async findActiveByUser(userId: string): Promise<HostingRecord | undefined> {
    const row = await this.db
      .selectFrom('hostings')
      .selectAll()
      .where('user_id', '=', userId)
      .where('status', '<>', 'DELETED')
      .executeTakeFirst();
    return row && toHosting(row);
  }

  async findByIdempotencyKey(userId: string, key: string): Promise<HostingRecord | undefined> {
    const row = await this.db
      .selectFrom('hostings')
      .selectAll()
      .where('user_id', '=', userId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return row && toHosting(row);
  }

  async listActive(): Promise<HostingRecord[]> {
    const rows = await this.db.selectFrom('hostings').selectAll().where('status', '<>', 'DELETED').execute();
    return rows.map(toHosting);
  }

  /** The owners of hostings that exist (not DELETED, not being deleted): their site names get certificates. */
  async listActiveUsernames(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('hostings')
      .select('username')
      .where('status', 'not in', ['DELETED', 'DELETING'])
      .orderBy('username')
      .execute();
    return rows.map((row) => row.username);
  }

  async listByStatus(statuses: readonly HostingStatus[]): Promise<HostingRecord[]> {
    if (statuses.length === 0) return [];
    const rows = await this.db.selectFrom('hostings').selectAll().where('status', 'in', statuses).execute();
    return rows.map(toHosting);
  }

  /**
   * Moves a hosting from `from` to `to` if it is still in `from`. Returns the
   * updated hosting, or undefined when someone else changed it first. An
   * illegal transition throws: it is a bug, never applied.
   */
  async transition(
    id: string,
    from: HostingStatus,
    to: HostingStatus,
    change: StatusChange = {},
  ): Promise<HostingRecord | undefined> {
    assertTransition(from, to);
    const now = new Date().toISOString();
    const error = change.error === undefined ? {} : errorColumns(change.error);
    const cause = stopCauseAfter(to, change);
    const row = await this.db
      .updateTable('hostings')
      .set({
        status: to,
        updated_at: now,
        ...error,
        ...(cause === undefined ? {} : { stop_cause: cause }),
        ...(to === 'DELETED' ? { deleted_at: now } : {}),
      })
      .where('id', '=', id)
      .where('status', '=', from)
      .returningAll()
      .executeTakeFirst();
    return row && toHosting(row);
  }

  /**
   * Records what a hosting was when its owner's suspension first held it. Only once: repeating the hold
   * (the reconciler does) must not overwrite RUNNING with the STOPPED the hold itself caused. True when
   * this call recorded it.
   */
  async holdForSuspension(id: string, resume: ResumeStatus): Promise<boolean> {
    const result = await this.db
      .updateTable('hostings')
      .set({ suspended_from: resume, updated_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('suspended_from', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Forgets the hold once the hosting is back as it was. True when it was held. */
  async releaseFromSuspension(id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('hostings')
      .set({ suspended_from: null, updated_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('suspended_from', 'is not', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** The hostings a suspension holds (not deleted). */
  async listHeld(): Promise<HostingRecord[]> {
    const rows = await this.db
      .selectFrom('hostings')
      .selectAll()
      .where('suspended_from', 'is not', null)
      .where('status', '<>', 'DELETED')
      .execute();
    return rows.map(toHosting);
  }

  async touch(id: string): Promise<void> {
    await this.db.updateTable('hostings').set({ updated_at: new Date().toISOString() }).where('id', '=', id).execute();
  }

  async listSteps(hostingId: string, jobKind: JobKind): Promise<StepRecord[]> {
    const rows = await this.db
      .selectFrom('hosting_steps')
      .selectAll()
      .where('hosting_id', '=', hostingId)
      .where('job_kind', '=', jobKind)
      .orderBy('position')
      .execute();
    return rows.map(toStep);
  }

  /** Writes a job's plan: every step pending. Re-planning (a retried job) resets the steps. */
  async planSteps(hostingId: string, jobKind: JobKind, names: readonly string[]): Promise<void> {
    await this.db
      .deleteFrom('hosting_steps')
      .where('hosting_id', '=', hostingId)
      .where('job_kind', '=', jobKind)
      .execute();
    if (names.length === 0) return;
    await this.db
      .insertInto('hosting_steps')
      .values(
        names.map((name, position) => ({
          hosting_id: hostingId,
          job_kind: jobKind,
          name,
          position,
          state: 'pending',
          started_at: null,
          finished_at: null,
          created: null,
          error: null,
        })),
      )
      .execute();
  }

  async updateStep(hostingId: string, jobKind: JobKind, name: string, change: StepChange): Promise<void> {
    await this.db
      .updateTable('hosting_steps')
      .set({
        state: change.state,
        ...(change.startedAt ? { started_at: change.startedAt.toISOString() } : {}),
        ...(change.finishedAt !== undefined ? { finished_at: change.finishedAt?.toISOString() ?? null } : {}),
        ...(change.created ? { created: JSON.stringify(change.created) } : {}),
        ...(change.error !== undefined ? { error: change.error } : {}),
      })
      .where('hosting_id', '=', hostingId)
      .where('job_kind', '=', jobKind)
      .where('name', '=', name)
      .execute();
    await this.touch(hostingId);
  }
}

function errorColumns(error: StatusChange['error']) {
  return error
    ? { error_step: error.step, error_message: error.message, error_retry_safe: error.retrySafe }
    : { error_step: null, error_message: null, error_retry_safe: null };
}
