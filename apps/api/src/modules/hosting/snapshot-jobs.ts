import { MemberSafeError } from '../../errors.js';
import type { DiskSnapshotPort, SnapshotRecords } from './hosting.ports.js';
import type { JobPlan, StepContext, StepDefinition } from './job-plans.js';

export interface SnapshotJobDeps {
  disks: DiskSnapshotPort;
  records: SnapshotRecords;
}

function snapshotOf(ctx: StepContext): string {
  if (!ctx.payload?.snapshotId) throw new MemberSafeError('the job does not say which snapshot');
  return ctx.payload.snapshotId;
}

/**
 * Taking a snapshot: the machine keeps its status (running or stopped) and a
 * failure is the snapshot's, not the hosting's. The snapshot counts as ready
 * only once the copy is whole: a crash mid-copy leaves it `creating`, and the
 * job's retry copies again from the start.
 */
export function snapshotJob(deps: SnapshotJobDeps): JobPlan {
  return {
    kind: 'snapshot',
    during: null,
    succeeded: null,
    rollbackOnFailure: false,
    maxAttempts: 2,
    steps: [
      {
        name: 'take_snapshot',
        timeout: 'guest',
        run: async (ctx) => {
          const id = snapshotOf(ctx);
          const taken = await deps.disks.take(ctx.hosting.id, id);
          await deps.records.markReady(id, taken);
          return { snapshot: id, taken_while: taken.takenWhile, size_bytes: taken.sizeBytes };
        },
      },
    ],
    failed: async (hosting, payload, memberMessage) => {
      if (!payload?.snapshotId) return;
      // The half copy takes room and would never count: it goes, the row says why.
      await deps.disks.remove(hosting.id, payload.snapshotId).catch(() => undefined);
      await deps.records.markFailed(payload.snapshotId, memberMessage);
    },
  };
}

/** The restore job's own step: the stopped machine's disk put back as the snapshot has it. */
export function restoreDiskStep(deps: SnapshotJobDeps): StepDefinition {
  return {
    name: 'restore_disk',
    timeout: 'guest',
    run: async (ctx) => {
      const id = snapshotOf(ctx);
      await deps.disks.restore(ctx.hosting.id, id, ctx.hosting.diskGb);
      return { snapshot: id };
    },
  };
}

/** A deleted hosting's snapshots go with its disk: their copies first, then the rows. Safe to repeat. */
export async function removeSnapshotsOf(deps: SnapshotJobDeps, hostingId: string): Promise<void> {
  for (const snapshot of await deps.records.listByHosting(hostingId)) await deps.disks.remove(hostingId, snapshot.id);
  await deps.records.removeAllOf(hostingId);
}
