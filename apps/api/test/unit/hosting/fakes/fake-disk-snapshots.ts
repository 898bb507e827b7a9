import type { DiskSnapshotPort } from '../../../../src/modules/hosting/hosting.ports.js';
import { InsufficientStorageError, MemberSafeError } from '../../../../src/errors.js';
import { VmNotFoundError, VmOperationError } from '../../../../src/modules/vm/vm.errors.js';
import { snapshotVolume } from '../../../../src/modules/vm/vm-names.js';
import type { FakeVm } from './fake-vm.js';
import { Faults } from './faults.js';

export type DiskSnapshotMethod = 'take' | 'restore' | 'remove';

/**
 * DiskSnapshots over FakeVm's disks: a snapshot keeps the files the disk had
 * (FakeVm.files) as a volume of the pool; a running machine is frozen for the
 * copy and thawed after, whatever happens; a restore needs the machine stopped.
 */
export class FakeDiskSnapshots implements DiskSnapshotPort {
  /** What the pool has free, and what one snapshot needs of it. */
  freeBytes = Number.MAX_SAFE_INTEGER;
  readonly neededBytes = 1024;
  readonly copies = new Map<string, Set<string>>();
  /** Domains whose file systems are frozen now (a crash mid-copy leaves one here). */
  readonly frozen = new Set<string>();
  /** Every freeze and thaw, in order. */
  readonly freezes: string[] = [];
  readonly faults: Faults<DiskSnapshotMethod>;

  constructor(
    private readonly vm: FakeVm,
    journal?: string[],
  ) {
    this.faults = new Faults<DiskSnapshotMethod>('disks', journal);
  }

  async assertRoomFor(hostingId: string): Promise<void> {
    if (this.vm.stateOf(hostingId) === 'missing') throw new VmNotFoundError(hostingId);
    if (this.freeBytes < this.neededBytes) throw new InsufficientStorageError('The server’s disk is too full.');
  }

  async take(hostingId: string, snapshotId: string): Promise<{ takenWhile: 'running' | 'stopped'; sizeBytes: number }> {
    const state = this.vm.stateOf(hostingId);
    if (state === 'missing') throw new VmNotFoundError(hostingId);
    if (state !== 'running' && state !== 'shutoff') throw new MemberSafeError(`the machine is ${state}`);
    const running = state === 'running';
    if (running) {
      this.frozen.add(hostingId);
      this.freezes.push(`freeze ${hostingId}`);
    }
    try {
      await this.faults.enter('take', hostingId);
      this.copies.set(snapshotId, new Set(this.vm.files.get(hostingId)));
      this.vm.volumeNames.add(snapshotVolume(hostingId, snapshotId));
    } finally {
      if (running) {
        this.frozen.delete(hostingId);
        this.freezes.push(`thaw ${hostingId}`);
      }
    }
    return { takenWhile: running ? 'running' : 'stopped', sizeBytes: this.copies.get(snapshotId)?.size ?? 0 };
  }

  async restore(hostingId: string, snapshotId: string): Promise<void> {
    const state = this.vm.stateOf(hostingId);
    if (state !== 'shutoff') throw new VmOperationError(`the machine must be stopped (${state})`);
    await this.faults.enter('restore', hostingId);
    const copy = this.copies.get(snapshotId);
    if (!copy) throw new MemberSafeError('the snapshot’s copy is gone from the server');
    this.vm.files.set(hostingId, new Set(copy));
    this.vm.savedStates.delete(hostingId);
  }

  async remove(hostingId: string, snapshotId: string): Promise<void> {
    await this.faults.enter('remove', hostingId);
    this.copies.delete(snapshotId);
    this.vm.volumeNames.delete(snapshotVolume(hostingId, snapshotId));
  }
}
