import type { GuestInitramfs } from '../../modules/image/image.ports.js';
import type { ProcessRunner } from '../process/process-runner.js';

/** initramfs-tools inside the rootfs, through chroot(8): the guest's own tools read the guest's own files. */
export class ChrootInitramfs implements GuestInitramfs {
  constructor(private readonly runner: ProcessRunner) {}

  async files(rootfs: string, initrd: string): Promise<string[]> {
    const listing = await this.runner.runChecked(['chroot', rootfs, 'lsinitramfs', initrd], { timeoutMs: 5 * 60_000 });
    return listing.stdout.split('\n').filter(Boolean);
  }

  async regenerate(rootfs: string, kernelVersion: string): Promise<void> {
    await this.runner.runChecked(['chroot', rootfs, 'update-initramfs', '-u', '-k', kernelVersion], {
      timeoutMs: 10 * 60_000,
    });
  }
}
