import type { Hosting } from '@hostbay/contract/hosting';
import type { Snapshot, SnapshotList } from '@hostbay/contract/snapshot';
import { ErrorCode } from '@hostbay/contract/envelope';
import { randomUUID } from 'node:crypto';
import type { Transactor } from '../../db/transaction.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { HostingEvents } from '../hosting/hosting-events.js';
import type { HostingStore, JobStore, MemberPlans } from '../hosting/hosting.ports.js';
import type { HostingRecord, JobRecord } from '../hosting/hosting.types.js';
import type { UserRecord } from '../users/user.repository.js';
import type { SnapshotRepository } from './snapshot.repository.js';
import { presentSnapshot, presentSnapshotList } from './snapshot.presenter.js';

export type SnapshotStore = Pick<SnapshotRepository, keyof SnapshotRepository>;

export interface SnapshotStores {
  hostings: HostingStore;
  jobs: JobStore;
  snapshots: SnapshotStore;
}

export interface SnapshotServiceDeps {
  stores: SnapshotStores;
  transaction: Transactor<SnapshotStores>;
  memberPlans: MemberPlans;
  /** The disk's copies on the host: room is checked before a snapshot starts, a deleted one's volume goes. */
  disks: {
    assertRoomFor(hostingId: string): Promise<void>;
    remove(hostingId: string, snapshotId: string): Promise<void>;
  };
  /** The restore job's steps, in order (job-plans.ts), for the dashboard to show them live. */
  restoreSteps: readonly string[];
  /** Whether a VM stands behind an ERROR hosting (HostingService.machineExists): only then can it be restored. */
  machineExists(hosting: HostingRecord): Promise<boolean>;
  /** The hosting as its owner sees it (HostingService.getHosting). */
  present(user: UserRecord): Promise<Hosting>;
  events: HostingEvents;
  wakeWorker(): void;
}

/**
 * A member's snapshots of their hosting's disk: taken and restored as jobs of
 * the hosting (so never beside another job on it: a start, a stop, a restore),
 * kept up to their plan's number.
 */
export class SnapshotService {
  constructor(private readonly deps: SnapshotServiceDeps) {}

  async list(user: UserRecord): Promise<SnapshotList> {
    const hosting = await this.requireHosting(user);
    const [records, limits] = await Promise.all([
      this.deps.stores.snapshots.listByHosting(hosting.id),
      this.deps.memberPlans.limitsOf(user.id),
    ]);
    return presentSnapshotList(records, limits.snapshots);
  }

  async create(user: UserRecord, name: string): Promise<Snapshot> {
    const hosting = await this.requireHosting(user);
    if (hosting.status !== 'RUNNING' && hosting.status !== 'STOPPED')
      throw new ConflictError(
        `A snapshot is taken of a running or stopped hosting; this one is ${hosting.status}.`,
        ErrorCode.hostingBusy,
      );
    const { snapshots: limit } = await this.deps.memberPlans.limitsOf(user.id);
    const refuseOverLimit = (kept: number) => {
      if (kept >= limit)
        throw new ConflictError(
          limit === 0
            ? 'Your plan has no snapshots.'
            : `Your plan keeps ${limit} snapshot${limit === 1 ? '' : 's'}. Delete one to take another.`,
          ErrorCode.snapshotLimit,
        );
    };
    refuseOverLimit(await this.deps.stores.snapshots.countKept(hosting.id));
    await this.deps.disks.assertRoomFor(hosting.id);
    const created = await this.deps.transaction(async ({ hostings, jobs, snapshots }) => {
      await refuseWhileBusy(jobs, hosting.id);
      refuseOverLimit(await snapshots.countKept(hosting.id));
      const snapshot = await snapshots.insert({ id: randomUUID(), hostingId: hosting.id, name });
      await hostings.planSteps(hosting.id, 'snapshot', ['take_snapshot']);
      await jobs.enqueue(hosting.id, 'snapshot', 0, { snapshotId: snapshot.id });
      return snapshot;
    });
    this.deps.events.changed(user.id);
    this.deps.wakeWorker();
    return presentSnapshot(created);
  }

  /** Puts the disk back as the snapshot has it: the machine is stopped, its disk replaced, and started. */
  async restore(user: UserRecord, snapshotId: string): Promise<Hosting> {
    const hosting = await this.requireHosting(user);
    const snapshot = await this.requireSnapshot(hosting, snapshotId);
    if (snapshot.state !== 'ready')
      throw new ConflictError('Only a finished snapshot can be restored.', ErrorCode.conflict);
    const restorable =
      hosting.status === 'RUNNING' ||
      hosting.status === 'STOPPED' ||
      (hosting.status === 'ERROR' && (await this.deps.machineExists(hosting)));
    if (!restorable)
      throw new ConflictError(`A hosting that is ${hosting.status} cannot be restored now.`, ErrorCode.hostingBusy);
    await this.deps.transaction(async ({ hostings, jobs }) => {
      await refuseWhileBusy(jobs, hosting.id);
      const moved = await hostings.transition(hosting.id, hosting.status, 'RESTORING', { error: null });
      if (!moved)
        throw new ConflictError('The hosting changed meanwhile; refresh and try again.', ErrorCode.hostingBusy);
      await hostings.planSteps(hosting.id, 'restore', [...this.deps.restoreSteps]);
      await jobs.enqueue(hosting.id, 'restore', 0, { snapshotId });
    });
    this.deps.events.changed(user.id);
    this.deps.wakeWorker();
    return this.deps.present(user);
  }

  /** Deletes the snapshot and its copy; refused while a job takes or restores it. */
  async remove(user: UserRecord, snapshotId: string): Promise<SnapshotList> {
    const hosting = await this.requireHosting(user);
    await this.requireSnapshot(hosting, snapshotId);
    const open = await this.deps.stores.jobs.findOpen(hosting.id);
    if (open && usesSnapshot(open, snapshotId))
      throw new ConflictError(
        'This snapshot is being taken or restored; wait for it to finish.',
        ErrorCode.hostingBusy,
      );
    await this.deps.disks.remove(hosting.id, snapshotId);
    await this.deps.stores.snapshots.remove(snapshotId);
    this.deps.events.changed(user.id);
    return this.list(user);
  }

  private async requireHosting(user: UserRecord): Promise<HostingRecord> {
    const hosting = await this.deps.stores.hostings.findActiveByUser(user.id);
    if (!hosting) throw new NotFoundError('You have no hosting yet.');
    return hosting;
  }

  private async requireSnapshot(hosting: HostingRecord, snapshotId: string) {
    const snapshot = await this.deps.stores.snapshots.find(hosting.id, snapshotId);
    if (!snapshot) throw new NotFoundError('Your hosting has no such snapshot.');
    return snapshot;
  }
}

async function refuseWhileBusy(jobs: JobStore, hostingId: string): Promise<void> {
  if (await jobs.findOpen(hostingId))
    throw new ConflictError('The hosting is busy with another action; wait for it to finish.', ErrorCode.hostingBusy);
}

function usesSnapshot(job: JobRecord, snapshotId: string): boolean {
  return job.payload?.snapshotId === snapshotId;
}
