import path from 'node:path';
import { InsufficientStorageError, MemberSafeError } from '../../errors.js';
import { VmNotFoundError } from '../vm/vm.errors.js';
import { baseVolumesOf, vmVolumes } from '../vm/vm-names.js';
import type { VmStorage } from '../vm/vm.ports.js';
import type { BackupProgress, BackupSummary, BackupVault } from './backup.ports.js';
import type { BackupRepository } from './backup.repository.js';

export interface DiskBackupDeps {
  vault: BackupVault;
  records: Pick<BackupRepository, 'find'>;
  /** A consistent copy of the disk's overlay (DiskSnapshots.exportTo: a running machine's file systems frozen). */
  disks: { exportTo(hostingId: string, file: string): Promise<'running' | 'stopped'> };
  storage: Pick<
    VmStorage,
    'volumeInfo' | 'volumePath' | 'importVolume' | 'deleteVolume' | 'createVolume' | 'resizeVolume'
  >;
  images: {
    backingOf(file: string): Promise<string | undefined>;
    rebase(file: string, backing: string): Promise<void>;
  };
  scratch: {
    prepare(name: string): Promise<string>;
    remove(name: string): Promise<void>;
    freeBytes(): Promise<number>;
  };
  /** Each backup's progress as the vault reports it, for the operator. */
  onProgress?(backupId: string, progress: BackupProgress): void;
}

/** The overlay's name inside a backup; the base's files keep their volume names. */
const OVERLAY = 'disk.qcow2';
const HEADROOM_BYTES = 1024 ** 3;

/**
 * One hosting's disk into the backup vault and back. A backup holds the
 * disk's qcow2 overlay (a consistent copy) and the base volumes it rests on
 * (the base disk, kernel and initrd): the vault stores a base once for every
 * hosting on it and skips it unchanged, so a night costs what the members
 * changed. Restoring puts the base volumes back into the pool where they are
 * missing (a fresh machine) and the overlay on top of them.
 */
export class DiskBackup {
  constructor(private readonly deps: DiskBackupDeps) {}

  async backUp(hostingId: string, backupId: string): Promise<BackupSummary> {
    const { storage, scratch, vault, images } = this.deps;
    const disk = await storage.volumeInfo(vmVolumes(hostingId).disk);
    if (!disk) throw new VmNotFoundError(hostingId);
    const needed = disk.allocationBytes + HEADROOM_BYTES;
    const free = await scratch.freeBytes();
    if (free < needed) {
      const error = new InsufficientStorageError('The server’s disk is too full to back up this hosting.');
      error.operatorDetail = `backup scratch space has ${free} bytes free; hosting ${hostingId} needs ${needed}`;
      throw error;
    }
    const folder = await scratch.prepare(`backup-${hostingId}`);
    try {
      const overlay = path.join(folder, OVERLAY);
      await this.deps.disks.exportTo(hostingId, overlay);
      const files = [overlay, ...(await this.baseFiles(await images.backingOf(overlay)))];
      return await vault.backup(files, {
        tags: ['hostbay', `hosting:${hostingId}`],
        onProgress: (progress) => this.deps.onProgress?.(backupId, progress),
      });
    } finally {
      await scratch.remove(`backup-${hostingId}`);
    }
  }

  async diskExists(hostingId: string): Promise<boolean> {
    return (await this.deps.storage.volumeInfo(vmVolumes(hostingId).disk)) !== undefined;
  }

  /** Makes `hostingId`'s disk the one in the backup (its base volumes put back first where the pool lacks them). */
  async restoreInto(hostingId: string, backupId: string, diskGb: number): Promise<void> {
    const { storage, scratch, vault, images, records } = this.deps;
    const record = await records.find(backupId);
    if (!record?.repositoryId || record.state !== 'done')
      throw new MemberSafeError('the backup to restore is not a finished one');
    const stored = (await vault.list([`hosting:${record.hostingId}`])).find((b) => b.id === record.repositoryId);
    if (!stored) throw new MemberSafeError('the backup is gone from the backup repository');
    const folder = await scratch.prepare(`restore-${hostingId}`);
    try {
      await vault.restore(stored.id, folder);
      const restored = (file: string) => path.join(folder, file);
      let base: string | undefined;
      for (const file of stored.paths) {
        const name = path.basename(file);
        if (name === OVERLAY) continue;
        if (!(await storage.volumeInfo(name))) await storage.importVolume(name, restored(file));
        const volumes = baseVolumesOf(name);
        if (volumes) {
          base = name;
          await storage.createVolume(volumes.ready, { capacityBytes: 0, format: 'raw' });
        }
      }
      const overlay = stored.paths.find((file) => path.basename(file) === OVERLAY);
      if (!overlay || !base) throw new MemberSafeError('the backup does not hold a disk');
      // The base may sit at another path here (a new data folder): the overlay is pointed at it before it goes in.
      await images.rebase(restored(overlay), await storage.volumePath(base));
      const disk = vmVolumes(hostingId).disk;
      await storage.deleteVolume(disk);
      await storage.importVolume(disk, restored(overlay));
      const wanted = diskGb * 1024 ** 3;
      const info = await storage.volumeInfo(disk);
      if (info && info.capacityBytes < wanted) await storage.resizeVolume(disk, wanted);
    } finally {
      await scratch.remove(`restore-${hostingId}`);
    }
  }

  /** The base volumes' files the overlay rests on: its backing disk, and the kernel and initrd beside it. */
  private async baseFiles(backing: string | undefined): Promise<string[]> {
    if (!backing) return [];
    const volumes = baseVolumesOf(path.basename(backing));
    if (!volumes) return [backing];
    const files = [backing];
    for (const volume of [volumes.kernel, volumes.initrd])
      if (await this.deps.storage.volumeInfo(volume)) files.push(await this.deps.storage.volumePath(volume));
    return files;
  }
}
