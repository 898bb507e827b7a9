import { z } from 'zod';
import type { ProcessRunner } from '../process/process-runner.js';

const ImageInfo = z.object({
  'backing-filename': z.string().optional(),
  'full-backing-filename': z.string().optional(),
});

/**
 * qcow2 files on this host, through qemu-img: what a disk's overlay rests on,
 * and pointing an overlay at its base where a restore put the base.
 */
export class DiskImageFiles {
  constructor(private readonly runner: ProcessRunner) {}

  /** The absolute path of the file's backing file, or undefined for a standalone image. */
  async backingOf(file: string): Promise<string | undefined> {
    // -U: the file may be a running machine's disk; its header is all that is read.
    const { stdout } = await this.runner.runChecked(['qemu-img', 'info', '--output=json', '-U', file], {
      timeoutMs: 60_000,
    });
    const info = ImageInfo.parse(JSON.parse(stdout));
    return info['full-backing-filename'] ?? info['backing-filename'];
  }

  /** Makes the overlay rest on `backing` (the same content at another path): only its header changes. */
  async rebase(file: string, backing: string): Promise<void> {
    await this.runner.runChecked(['qemu-img', 'rebase', '-u', '-f', 'qcow2', '-F', 'qcow2', '-b', backing, file], {
      timeoutMs: 60_000,
    });
  }
}
