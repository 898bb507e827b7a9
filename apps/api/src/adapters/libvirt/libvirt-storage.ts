import { stat } from 'node:fs/promises';
import { XMLParser } from 'fast-xml-parser';
import type { VolumeFormat, VolumeInfo, VolumeSpec, VmStorage } from '../../modules/vm/vm.ports.js';
import path from 'node:path';
import { withPrivateFile, withPrivateFolder } from '../files/private-temp-file.js';
import { ignoringFailures as ignoring, VirshCommandError, type VirshSession } from './virsh-session.js';

export interface LibvirtStorageOptions {
  /** The pool's name in libvirt (HOSTBAY_STORAGE_POOL). */
  pool: string;
  /** Where a `dir` pool is made when the pool does not exist yet. */
  defaultDir: string;
  /** Where a volume's copy passes through on this host (a disk's, for a snapshot): not a RAM-backed /tmp. */
  scratchDir?: string;
}

const volumeXml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

/**
 * One libvirt storage pool, through virsh: the VMs' disks, seeds and console
 * logs are its volumes, so nothing but the connection URI decides where they
 * live (a remote `qemu+ssh://` host keeps them on that host). Deleting what is
 * missing is success, so callers can repeat steps.
 */
export class LibvirtStorage implements VmStorage {
  constructor(
    private readonly virsh: VirshSession,
    private readonly options: LibvirtStorageOptions,
  ) {}

  get poolName(): string {
    return this.options.pool;
  }

  async ensurePool(): Promise<void> {
    const pool = this.options.pool;
    let info = await this.poolInfo();
    if (!info) {
      await this.virsh.run(['pool-define-as', '--name', pool, '--type', 'dir', '--target', this.options.defaultDir]);
      // Creates the folder (mode 0711: QEMU may need to traverse it, other users may not list it).
      await this.virsh.run(['pool-build', '--pool', pool]);
      info = { active: false, autostart: false };
    }
    if (!info.active) await ignoring('already-active', this.virsh.run(['pool-start', '--pool', pool]));
    if (!info.autostart) await this.virsh.run(['pool-autostart', '--pool', pool]);
  }

  async createVolume(name: string, spec: VolumeSpec): Promise<'created' | 'exists'> {
    const args = [
      'vol-create-as',
      '--pool',
      this.options.pool,
      '--name',
      name,
      '--capacity',
      `${spec.capacityBytes}b`,
      // Sparse: a base image is uploaded right after, a log grows as QEMU writes it.
      '--allocation',
      '0',
      '--format',
      spec.format,
      ...(spec.backing ? ['--backing-vol', spec.backing.volume, '--backing-vol-format', spec.backing.format] : []),
    ];
    try {
      await this.virsh.run(args, { timeoutMs: 120_000 });
      return 'created';
    } catch (error) {
      if (error instanceof VirshCommandError && error.failure === 'exists') return 'exists';
      throw error;
    }
  }

  async uploadVolume(name: string, content: Uint8Array): Promise<void> {
    await withPrivateFile(content, (file) => this.upload(name, file));
  }

  async importVolume(name: string, file: string): Promise<void> {
    const { size } = await stat(file);
    await this.createVolume(name, { capacityBytes: size, format: 'raw' });
    await this.upload(name, file);
    // libvirt took the new volume for raw; looking at the pool again reads its real format (qcow2) and size.
    await this.virsh.run(['pool-refresh', '--pool', this.options.pool]);
  }

  async copyVolume(source: string, target: string): Promise<void> {
    const scratch = this.options.scratchDir ?? path.join(path.dirname(this.options.defaultDir), 'tmp');
    await withPrivateFolder(scratch, async (dir) => {
      const file = path.join(dir, 'volume');
      await this.downloadVolume(source, file);
      await this.deleteVolume(target);
      await this.importVolume(target, file);
    });
  }

  async downloadVolume(name: string, file: string): Promise<void> {
    // --sparse: a qcow2 overlay's holes stay holes; its header (and so its backing file) is copied as it is.
    await this.virsh.run(['vol-download', '--pool', this.options.pool, '--vol', name, '--file', file, '--sparse'], {
      timeoutMs: 30 * 60_000,
    });
  }

  async freeBytes(): Promise<number> {
    return (await this.space()).freeBytes;
  }

  async space(): Promise<{ freeBytes: number; sizeBytes: number }> {
    const output = await this.virsh.run(['pool-info', '--bytes', '--pool', this.options.pool]);
    const available = /^Available:\s*(\d+)/m.exec(output)?.[1];
    const capacity = /^Capacity:\s*(\d+)/m.exec(output)?.[1];
    if (available === undefined || capacity === undefined)
      throw new Error(`libvirt gave no free space for pool ${this.options.pool}`);
    return { freeBytes: Number(available), sizeBytes: Number(capacity) };
  }

  async volumeInfo(name: string): Promise<VolumeInfo | undefined> {
    let xml: string;
    try {
      xml = await this.virsh.run(['vol-dumpxml', '--pool', this.options.pool, '--vol', name]);
    } catch (error) {
      if (error instanceof VirshCommandError && error.failure === 'not-found') return undefined;
      throw error;
    }
    const parsed: unknown = volumeXml.parse(xml);
    return readVolumeInfo(parsed, name);
  }

  async volumePath(name: string): Promise<string> {
    return (await this.virsh.run(['vol-path', '--pool', this.options.pool, '--vol', name])).trim();
  }

  async resizeVolume(name: string, capacityBytes: number): Promise<void> {
    // No --shrink: libvirt refuses a smaller capacity rather than cut the guest's file system.
    await this.virsh.run(
      ['vol-resize', '--pool', this.options.pool, '--vol', name, '--capacity', `${capacityBytes}b`],
      {
        timeoutMs: 120_000,
      },
    );
  }

  async deleteVolume(name: string): Promise<void> {
    await ignoring('not-found', this.virsh.run(['vol-delete', '--pool', this.options.pool, '--vol', name]));
  }

  async listVolumes(): Promise<string[]> {
    // QEMU may have made files libvirt has not seen yet (a rotated log): look at the folder again first.
    await this.virsh.run(['pool-refresh', '--pool', this.options.pool]);
    const table = await this.virsh.run(['vol-list', '--pool', this.options.pool]);
    return volumeNames(table);
  }

  /** Stops and forgets the pool; its folder and files stay (tests clean up with it). */
  async removePool(): Promise<void> {
    await ignoring(['not-found', 'not-running'], this.virsh.run(['pool-destroy', '--pool', this.options.pool]));
    await ignoring('not-found', this.virsh.run(['pool-undefine', '--pool', this.options.pool]));
  }

  private async upload(name: string, file: string): Promise<void> {
    // A base image is hundreds of megabytes.
    await this.virsh.run(['vol-upload', '--pool', this.options.pool, '--vol', name, '--file', file], {
      timeoutMs: 15 * 60_000,
    });
  }

  private async poolInfo(): Promise<{ active: boolean; autostart: boolean } | undefined> {
    let output: string;
    try {
      output = await this.virsh.run(['pool-info', '--pool', this.options.pool]);
    } catch (error) {
      if (error instanceof VirshCommandError && error.failure === 'not-found') return undefined;
      throw error;
    }
    const field = (label: string) => new RegExp(`^${label}:\\s*(\\S+)`, 'm').exec(output)?.[1];
    return { active: field('State') === 'running', autostart: field('Autostart') === 'yes' };
  }
}

/** `virsh vol-list` prints a table: a header, a rule of dashes, then `name  path` rows. */
export function volumeNames(table: string): string[] {
  const lines = table.split('\n');
  const rule = lines.findIndex((line) => /^-{5,}/.test(line.trim()));
  return lines
    .slice(rule + 1)
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
}

function readVolumeInfo(parsed: unknown, name: string): VolumeInfo {
  const volume = (parsed as { volume?: Record<string, unknown> }).volume;
  const capacity = volume?.capacity as { '#text'?: number | string } | number | undefined;
  const bytes = Number(typeof capacity === 'object' ? capacity['#text'] : capacity);
  const allocation = volume?.allocation as { '#text'?: number | string } | number | undefined;
  const allocated = Number(typeof allocation === 'object' ? allocation['#text'] : allocation);
  const format = ((volume?.target as { format?: { type?: string } } | undefined)?.format?.type ?? 'raw') as string;
  if (!Number.isFinite(bytes)) throw new Error(`libvirt gave no capacity for volume ${name}`);
  return {
    capacityBytes: bytes,
    allocationBytes: Number.isFinite(allocated) ? allocated : 0,
    format: isFormat(format) ? format : 'other',
  };
}

function isFormat(value: string): value is VolumeFormat {
  return value === 'qcow2' || value === 'raw';
}
