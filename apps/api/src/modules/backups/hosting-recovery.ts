import type { RestoredHosting } from '@hostbay/contract/backup';
import type { Hosting } from '@hostbay/contract/hosting';
import { ConflictError } from '../../errors.js';
import type { HostingRecord } from '../hosting/hosting.types.js';
import type { UserRecord } from '../users/user.repository.js';
import type { BackupService } from './backup.service.js';

export interface HostingRecoveryDeps {
  backups: Pick<BackupService, 'restorableBackup'>;
  users: { findById(id: string): Promise<UserRecord | undefined> };
  hostings: { recreateFromBackup(user: UserRecord, from: HostingRecord, backupId: string): Promise<Hosting> };
}

/** An admin brings a deleted hosting back for its member, from its newest backup, within the grace period. */
export class HostingRecovery {
  constructor(private readonly deps: HostingRecoveryDeps) {}

  async bringBack(backupId: string): Promise<RestoredHosting> {
    const { backup, hosting } = await this.deps.backups.restorableBackup(backupId);
    const member = await this.deps.users.findById(backup.userId);
    if (!member || member.deletionRequestedAt !== null)
      throw new ConflictError('The member of this hosting is gone: there is nobody to bring it back for.');
    const created = await this.deps.hostings.recreateFromBackup(member, hosting, backup.id);
    return { hosting_id: created.id, username: member.username };
  }
}
