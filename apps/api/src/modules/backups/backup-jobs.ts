import { randomUUID } from 'node:crypto';
import type { BackupJobPort } from '../hosting/backup-jobs.js';
import type { JobLogger } from '../hosting/hosting.ports.js';
import type { HostingRecord } from '../hosting/hosting.types.js';
import { VmNotFoundError } from '../vm/vm.errors.js';
import type { BackupRepository } from './backup.repository.js';
import type { DiskBackup } from './disk-backup.js';

export interface BackupJobsDeps {
  /** HOSTBAY_BACKUP_SCHEDULE is not `off`. */
  enabled: boolean;
  disk: Pick<DiskBackup, 'backUp' | 'restoreInto' | 'diskExists'>;
  records: Pick<BackupRepository, 'insert' | 'markDone' | 'markFailed'>;
  log: JobLogger;
}

/** What the lifecycle's jobs do with backups: one hosting's disk into the vault, and back into a hosting. */
export class BackupJobs implements BackupJobPort {
  constructor(private readonly deps: BackupJobsDeps) {}

  async backUp(hostingId: string, backupId: string): Promise<{ bytesAdded: number }> {
    const summary = await this.deps.disk.backUp(hostingId, backupId);
    await this.deps.records.markDone(backupId, {
      repositoryId: summary.id,
      bytesAdded: summary.bytesAdded,
      bytesProcessed: summary.bytesProcessed,
    });
    return { bytesAdded: summary.bytesAdded };
  }

  markFailed(backupId: string, message: string): Promise<void> {
    return this.deps.records.markFailed(backupId, message);
  }

  diskExists(hostingId: string): Promise<boolean> {
    return this.deps.disk.diskExists(hostingId);
  }

  restoreInto(hostingId: string, backupId: string, diskGb: number): Promise<void> {
    return this.deps.disk.restoreInto(hostingId, backupId, diskGb);
  }

  async keepLastState(hosting: HostingRecord): Promise<'kept' | 'off' | 'no-disk' | 'failed'> {
    if (!this.deps.enabled) return 'off';
    const backup = await this.deps.records.insert({
      id: randomUUID(),
      hostingId: hosting.id,
      userId: hosting.userId,
      username: hosting.username,
      trigger: 'deletion',
    });
    try {
      await this.backUp(hosting.id, backup.id);
      return 'kept';
    } catch (error) {
      // The member asked for the delete: it goes on, and the last scheduled backup is what an admin has.
      const noDisk = error instanceof VmNotFoundError;
      await this.deps.records.markFailed(backup.id, noDisk ? 'the hosting had no disk' : String(error));
      if (!noDisk) this.deps.log.warn({ err: error, hosting: hosting.id }, 'the last backup before a delete failed');
      return noDisk ? 'no-disk' : 'failed';
    }
  }
}
