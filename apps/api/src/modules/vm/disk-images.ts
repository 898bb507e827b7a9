import { rename, rm } from 'node:fs/promises';
import { z } from 'zod';
import type { ProcessRunner } from '../../host/process-runner.js';

const ImageInfo = z.object({ 'virtual-size': z.number().int(), format: z.string() });

/** qcow2 images through qemu-img. */
export class DiskImages {
  constructor(private readonly runner: ProcessRunner) {}

  async info(image: string): Promise<{ virtualSizeBytes: number; format: string }> {
    const { stdout } = await this.runner.runChecked(['qemu-img', 'info', '--output=json', '--', image], {
      timeoutMs: 30_000,
    });
    const info = ImageInfo.parse(JSON.parse(stdout));
    return { virtualSizeBytes: info['virtual-size'], format: info.format };
  }

  /**
   * A copy-on-write overlay on `base`: the VM writes only its differences. The
   * backing format is named (`-F`) so QEMU never guesses it from the content.
   * Created under a temporary name and renamed, so a crash leaves no half disk.
   */
  async createOverlay(base: string, overlay: string, sizeBytes: number): Promise<void> {
    const partial = `${overlay}.partial`;
    await rm(partial, { force: true });
    await this.runner.runChecked(
      ['qemu-img', 'create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', base, '--', partial, String(sizeBytes)],
      { timeoutMs: 60_000 },
    );
    await rename(partial, overlay);
  }
}
