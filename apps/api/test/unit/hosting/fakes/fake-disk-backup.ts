import type { BackupSummary } from '../../../../src/modules/backups/backup.ports.js';
import type { DiskBackup } from '../../../../src/modules/backups/disk-backup.js';
import { MemberSafeError } from '../../../../src/errors.js';
import { VmNotFoundError } from '../../../../src/modules/vm/vm.errors.js';
import { vmVolumes } from '../../../../src/modules/vm/vm-names.js';
import type { FakeVm } from './fake-vm.js';
import { Faults } from './faults.js';
import type { MemoryBackupRecords } from './memory-backup-records.js';

export type DiskBackupMethod = 'backUp' | 'restoreInto';

/**
 * DiskBackup over FakeVm's disks: a backup keeps the files the disk had,
 * under a repository id of its own; restoring one gives a hosting's disk
 * those files. It counts how many backups run at once.
 */
export class FakeDiskBackup implements Pick<DiskBackup, 'backUp' | 'restoreInto' | 'diskExists'> {
  readonly stored = new Map<string, Set<string>>();
  running = 0;
  mostAtOnce = 0;
  readonly faults: Faults<DiskBackupMethod>;
  #next = 0;

  constructor(
    private readonly vm: FakeVm,
    private readonly records: MemoryBackupRecords,
    journal?: string[],
  ) {
    this.faults = new Faults<DiskBackupMethod>('disk-backup', journal);
  }

  async backUp(hostingId: string): Promise<BackupSummary> {
    if (!(await this.diskExists(hostingId))) throw new VmNotFoundError(hostingId);
    this.running += 1;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
    try {
      await this.faults.enter('backUp', hostingId);
      const id = `repo-${++this.#next}`;
      const files = new Set(this.vm.files.get(hostingId));
      this.stored.set(id, files);
      return { id, bytesAdded: files.size, bytesProcessed: files.size };
    } finally {
      this.running -= 1;
    }
  }

  async restoreInto(hostingId: string, backupId: string): Promise<void> {
    await this.faults.enter('restoreInto', hostingId);
    const record = await this.records.find(backupId);
    const files = record?.repositoryId ? this.stored.get(record.repositoryId) : undefined;
    if (!files) throw new MemberSafeError('the backup is gone from the backup repository');
    this.vm.volumeNames.add(vmVolumes(hostingId).disk);
    this.vm.files.set(hostingId, new Set(files));
  }

  async diskExists(hostingId: string): Promise<boolean> {
    return this.vm.volumeNames.has(vmVolumes(hostingId).disk);
  }
}
