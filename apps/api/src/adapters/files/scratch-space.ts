import { mkdir, rm, statfs } from 'node:fs/promises';
import path from 'node:path';

/**
 * A folder of Hostbay's own for large files on their way somewhere (a disk's
 * consistent copy into the backup repository, a backup on its way back into
 * the pool): one sub-folder per job, emptied before and removed after.
 */
export class ScratchSpace {
  constructor(readonly dir: string) {}

  /** An empty folder (mode 0700) named `name`: whatever a crash left there is gone. */
  async prepare(name: string): Promise<string> {
    const folder = this.folder(name);
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { recursive: true, mode: 0o700 });
    return folder;
  }

  async remove(name: string): Promise<void> {
    await rm(this.folder(name), { recursive: true, force: true });
  }

  /** What the file system under the folder has free for Hostbay, in bytes. */
  async freeBytes(): Promise<number> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const stats = await statfs(this.dir);
    return stats.bavail * stats.bsize;
  }

  private folder(name: string): string {
    if (!/^[A-Za-z0-9-]+$/.test(name)) throw new Error(`not a scratch folder name: ${name}`);
    return path.join(this.dir, name);
  }
}
