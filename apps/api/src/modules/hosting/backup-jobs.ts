import { MemberSafeError } from '../../errors.js';
import type { HostingRecord } from './hosting.types.js';
import type { JobPlan, StepContext, StepDefinition } from './job-plans.js';

/** Backups as the lifecycle's jobs reach them (modules/backups/backup-jobs.ts implements it). */
export interface BackupJobPort {
  /** Backs the disk up into the vault as backup `backupId` (already recorded as running) and records it done. */
  backUp(hostingId: string, backupId: string): Promise<{ bytesAdded: number }>;
  markFailed(backupId: string, message: string): Promise<void>;
  /** Makes the hosting's disk the one in the backup. */
  restoreInto(hostingId: string, backupId: string, diskGb: number): Promise<void>;
  /** Backs up a hosting being deleted, so that an admin can bring it back within the grace period. Best effort. */
  keepLastState(hosting: HostingRecord): Promise<'kept' | 'off' | 'no-disk' | 'failed'>;
  /** Whether the hosting's disk is in the storage pool. */
  diskExists(hostingId: string): Promise<boolean>;
}

function backupOf(ctx: StepContext): string {
  const id = ctx.payload?.backupId ?? ctx.hosting.restoredFrom;
  if (!id) throw new MemberSafeError('the job does not say which backup');
  return id;
}

/** A backup of the hosting: the machine keeps its status; a failure is the backup's, recorded for the operator. */
export function backupJob(deps: BackupJobPort): JobPlan {
  return {
    kind: 'backup',
    during: null,
    succeeded: null,
    rollbackOnFailure: false,
    maxAttempts: 2,
    steps: [
      {
        name: 'back_up_disk',
        timeout: 'guest',
        run: async (ctx) => {
          const backup = backupOf(ctx);
          const { bytesAdded } = await deps.backUp(ctx.hosting.id, backup);
          return { backup, bytes_added: bytesAdded };
        },
      },
    ],
    failed: async (_hosting, payload, memberMessage) => {
      if (payload?.backupId) await deps.markFailed(payload.backupId, memberMessage);
    },
  };
}

/** Creation's step for a hosting brought back from a backup: its disk is the backup's, not a clone of the base. */
export function restoreBackupStep(deps: BackupJobPort): StepDefinition {
  return {
    name: 'restore_backup',
    timeout: 'guest',
    run: async (ctx) => {
      const backup = backupOf(ctx);
      await deps.restoreInto(ctx.hosting.id, backup, ctx.hosting.diskGb);
      return { backup };
    },
  };
}

/** The delete job's first step: the hosting's last state into the vault, for the grace period. Never blocks a delete. */
export function finalBackupStep(deps: BackupJobPort): StepDefinition {
  return {
    name: 'final_backup',
    timeout: 'guest',
    run: async (ctx) => ({ backup: await deps.keepLastState(ctx.hosting) }),
  };
}

/**
 * A machine missing from its host gets its disk back: the pool's, when it is still there (the machine is only
 * defined again), else the last backup's (the job's payload names it).
 */
export function recoverDiskStep(deps: BackupJobPort): StepDefinition {
  return {
    name: 'recover_disk',
    timeout: 'guest',
    run: async (ctx) => {
      if (await deps.diskExists(ctx.hosting.id)) return { kept: true };
      const backup = backupOf(ctx);
      await deps.restoreInto(ctx.hosting.id, backup, ctx.hosting.diskGb);
      return { backup };
    },
  };
}
