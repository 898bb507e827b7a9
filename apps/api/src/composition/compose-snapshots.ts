import type { DatabaseHandle } from '../db/database.js';
import { createTransactor } from '../db/transaction.js';
import type { HostingEvents } from '../modules/hosting/hosting-events.js';
import type { HostingStores, MemberPlans } from '../modules/hosting/hosting.ports.js';
import type { HostingService } from '../modules/hosting/hosting.service.js';
import { HostingRepository } from '../modules/hosting/hosting.repository.js';
import type { JobPlan } from '../modules/hosting/job-plans.js';
import { JobRepository } from '../modules/hosting/job.repository.js';
import { SnapshotRepository } from '../modules/snapshots/snapshot.repository.js';
import { SnapshotService } from '../modules/snapshots/snapshot.service.js';
import type { DiskSnapshots } from '../modules/vm/disk-snapshots.js';

/** Members' snapshots (docs/users.md, "Snapshots") over the hosting lifecycle's stores, jobs and events. */
export function composeSnapshots(parts: {
  database: DatabaseHandle;
  stores: HostingStores;
  leaseMs: number;
  restorePlan: JobPlan;
  disks: DiskSnapshots;
  memberPlans: MemberPlans;
  hostings: HostingService;
  events: HostingEvents;
  wakeWorker(): void;
}): SnapshotService {
  const { database } = parts;
  return new SnapshotService({
    stores: {
      hostings: parts.stores.hostings,
      jobs: parts.stores.jobs,
      snapshots: new SnapshotRepository(database.db),
    },
    transaction: createTransactor(database.db, (db) => ({
      hostings: new HostingRepository(db),
      jobs: new JobRepository(db, database.dialect, parts.leaseMs),
      snapshots: new SnapshotRepository(db),
    })),
    memberPlans: parts.memberPlans,
    disks: parts.disks,
    restoreSteps: parts.restorePlan.steps.map((step) => step.name),
    machineExists: (hosting) => parts.hostings.machineExists(hosting),
    present: (user) => parts.hostings.getHosting(user),
    events: parts.events,
    wakeWorker: parts.wakeWorker,
  });
}
