import { statfs } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import type { HostResources } from '../../modules/admin/admin.ports.js';

/** This machine's CPUs and memory, and the space of the file system that holds the VM volumes. */
export class LocalHostResources implements HostResources {
  constructor(private readonly volumeDir: string) {}

  async read(): Promise<{ vcpus: number; memoryMb: number; diskGb: number | null }> {
    const disk = await statfs(this.volumeDir).catch(() => undefined);
    return {
      vcpus: cpus().length,
      memoryMb: Math.floor(totalmem() / 1024 ** 2),
      diskGb: disk ? Math.floor((disk.blocks * disk.bsize) / 1024 ** 3) : null,
    };
  }
}
