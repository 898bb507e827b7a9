import { InsufficientStorageError, MemberSafeError } from '../../errors.js';
import { VmNotFoundError, VmOperationError } from './vm.errors.js';
import { domainName, snapshotVolume, vmVolumes } from './vm-names.js';
import type { GuestAgent, Hypervisor, VmStorage } from './vm.ports.js';

export interface DiskSnapshotsDeps {
  hypervisor: Hypervisor;
  storage: VmStorage;
  /** The guests' agent, which freezes their file systems; absent (a remote libvirt): only stopped machines. */
  agent?: GuestAgent;
}

export interface TakenSnapshot {
  takenWhile: 'running' | 'stopped';
  sizeBytes: number;
}

/** Room kept free on the pool beyond what a copy needs: a full disk stops every VM on it. */
const HEADROOM_BYTES = 1024 ** 3;

/**
 * Snapshots of a hosting's disk, as volumes of the pool: each a copy of the
 * disk's qcow2 overlay at one moment (so it costs what the member changed, not
 * the whole image, and it shares the base volume). A running machine's file
 * systems are frozen by its guest agent for the copy: a consistent disk, as
 * after a clean shutdown, while the site keeps its memory and connections.
 */
export class DiskSnapshots {
  constructor(private readonly deps: DiskSnapshotsDeps) {}

  /** Refuses, before anything starts, a copy the pool has no room for (the disk's blocks twice: a copy passes a scratch file). */
  async assertRoomFor(hostingId: string): Promise<void> {
    const { storage } = this.deps;
    const disk = await storage.volumeInfo(vmVolumes(hostingId).disk);
    if (!disk) throw new VmNotFoundError(hostingId);
    const needed = 2 * disk.allocationBytes + HEADROOM_BYTES;
    const free = await storage.freeBytes();
    if (free < needed) {
      const error = new InsufficientStorageError(
        'The server’s disk is too full to take a snapshot now. Delete an old snapshot, or tell the operator.',
      );
      error.operatorDetail = `the storage pool has ${gib(free)} GiB free; a snapshot of hosting ${hostingId} needs ${gib(needed)} GiB`;
      throw error;
    }
  }

  /**
   * Copies the disk into the snapshot's volume (replacing a copy a crash cut short). Safe to repeat: a
   * guest left frozen by a crash is thawed first.
   */
  async take(hostingId: string, snapshotId: string): Promise<TakenSnapshot> {
    const { storage } = this.deps;
    const target = snapshotVolume(hostingId, snapshotId);
    const takenWhile = await this.holdingStill(hostingId, () => storage.copyVolume(vmVolumes(hostingId).disk, target));
    const info = await storage.volumeInfo(target);
    return { takenWhile, sizeBytes: info?.allocationBytes ?? 0 };
  }

  /** Writes a consistent copy of the disk's overlay into a file on this host (for the backup repository). */
  async exportTo(hostingId: string, file: string): Promise<TakenSnapshot['takenWhile']> {
    return this.holdingStill(hostingId, () => this.deps.storage.downloadVolume(vmVolumes(hostingId).disk, file));
  }

  /** Runs `copy` while the disk holds still: a stopped machine's as it is, a running one's file systems frozen. */
  private async holdingStill(hostingId: string, copy: () => Promise<void>): Promise<TakenSnapshot['takenWhile']> {
    const { hypervisor, agent } = this.deps;
    const domain = domainName(hostingId);
    const state = await hypervisor.domainState(domain);
    if (state === 'missing') throw new VmNotFoundError(hostingId);
    if (state === 'shut off') {
      await copy();
      return 'stopped';
    }
    if (state !== 'running')
      throw new MemberSafeError(`the machine is ${state}; try again when it is running or stopped`);
    if (!agent) throw new MemberSafeError('this server copies the disks of stopped machines only; stop it first');
    await agent.thaw(domain).catch(() => undefined);
    try {
      await agent.freeze(domain);
    } catch (error) {
      throw new VmOperationError(`The guest agent of ${domain} did not freeze its file systems.`, { cause: error });
    }
    try {
      await copy();
    } finally {
      await agent.thaw(domain);
    }
    return 'running';
  }

  /**
   * Puts the disk back as the snapshot has it. The machine must be stopped; the memory its stop saved
   * belongs to the disk being replaced, so it is forgotten (the next start boots). A disk that grew since
   * the snapshot (a plan change) is grown again to `diskGb`. Safe to repeat.
   */
  async restore(hostingId: string, snapshotId: string, diskGb: number): Promise<void> {
    const { hypervisor, storage } = this.deps;
    const domain = domainName(hostingId);
    const state = await hypervisor.domainState(domain);
    if (state === 'missing') throw new VmNotFoundError(hostingId);
    if (state !== 'shut off') throw new VmOperationError(`${domain} must be stopped to restore its disk (${state}).`);
    const source = snapshotVolume(hostingId, snapshotId);
    if (!(await storage.volumeInfo(source))) throw new MemberSafeError('the snapshot’s copy is gone from the server');
    await hypervisor.removeManagedSave(domain);
    const disk = vmVolumes(hostingId).disk;
    await storage.copyVolume(source, disk);
    const wanted = diskGb * 1024 ** 3;
    const info = await storage.volumeInfo(disk);
    if (info && info.capacityBytes < wanted) await storage.resizeVolume(disk, wanted);
  }

  /** A missing snapshot volume is success. */
  async remove(hostingId: string, snapshotId: string): Promise<void> {
    await this.deps.storage.deleteVolume(snapshotVolume(hostingId, snapshotId));
  }
}

function gib(bytes: number): string {
  return (bytes / 1024 ** 3).toFixed(1);
}
