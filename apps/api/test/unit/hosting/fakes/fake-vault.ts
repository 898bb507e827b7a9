import type {
  BackupSummary,
  BackupVault,
  KeepPolicy,
  StoredBackup,
} from '../../../../src/modules/backups/backup.ports.js';

/**
 * The backup vault as the service reaches it (hostings' disks go through
 * FakeDiskBackup): what it was asked to keep, forget and prune, and the
 * control-plane archives put into it.
 */
export class FakeVault implements BackupVault {
  readonly archives: { paths: readonly string[]; tags: readonly string[] }[] = [];
  readonly forgotten: string[] = [];
  readonly retention: { tags: readonly string[]; keep: KeepPolicy }[] = [];
  prunes = 0;
  /** What a policy forgets, as a test decides it (restic's own policy is tested against restic). */
  forgets: (tags: readonly string[]) => string[] = () => [];

  async ensure(): Promise<void> {}

  async backup(paths: readonly string[], options: { tags: readonly string[] }): Promise<BackupSummary> {
    this.archives.push({ paths, tags: options.tags });
    return { id: `archive-${this.archives.length}`, bytesAdded: 1, bytesProcessed: 1 };
  }

  async list(): Promise<StoredBackup[]> {
    return [];
  }

  async forget(tags: readonly string[], keep: KeepPolicy): Promise<{ kept: string[]; removed: string[] }> {
    this.retention.push({ tags, keep });
    return { kept: [], removed: this.forgets(tags) };
  }

  async forgetIds(ids: readonly string[]): Promise<void> {
    this.forgotten.push(...ids);
  }

  async prune(): Promise<void> {
    this.prunes += 1;
  }

  async restore(): Promise<void> {}

  async storedBytes(): Promise<number> {
    return 0;
  }
}
