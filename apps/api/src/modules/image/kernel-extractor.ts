import path from 'node:path';
import type { GuestInitramfs, ImageFs } from './image.ports.js';
import { IMAGE_FILES } from './image-store.js';

/** Drivers the initramfs must carry to find the root disk (`root=/dev/vda`); ext4 is built into the cloud kernel. */
const REQUIRED_MODULES = ['virtio_pci', 'virtio_blk'] as const;

export interface ExtractedKernel {
  version: string;
}

/**
 * Copies the guest's kernel and initrd out of the rootfs for direct kernel
 * boot, after making sure the initrd can mount a virtio root disk. Debian's
 * default (MODULES=most) includes the drivers; if not, they are listed in
 * /etc/initramfs-tools/modules and the initrd is regenerated.
 */
export class KernelExtractor {
  constructor(
    private readonly initramfs: GuestInitramfs,
    private readonly fs: ImageFs,
  ) {}

  async extract(rootfs: string, output: string): Promise<ExtractedKernel> {
    const version = await this.kernelVersion(rootfs);
    const initrd = `/boot/initrd.img-${version}`;
    let missing = await this.missingModules(rootfs, initrd);
    if (missing.length > 0) {
      const modulesFile = path.join(rootfs, 'etc/initramfs-tools/modules');
      const current = (await this.fs.readText(modulesFile)) ?? '';
      await this.fs.writeText(modulesFile, `${current.trimEnd()}\n${REQUIRED_MODULES.join('\n')}\n`);
      await this.initramfs.regenerate(rootfs, version);
      missing = await this.missingModules(rootfs, initrd);
      if (missing.length > 0) throw new Error(`the initrd lacks ${missing.join(', ')} even after update-initramfs`);
    }
    await this.fs.copyFile(path.join(rootfs, `boot/vmlinuz-${version}`), path.join(output, IMAGE_FILES.kernel));
    await this.fs.copyFile(path.join(rootfs, initrd), path.join(output, IMAGE_FILES.initrd));
    return { version };
  }

  /** The newest kernel installed in the rootfs, e.g. 6.1.0-50-cloud-amd64. */
  private async kernelVersion(rootfs: string): Promise<string> {
    const versions = (await this.fs.list(path.join(rootfs, 'boot')))
      .filter((name) => name.startsWith('vmlinuz-'))
      .map((name) => name.slice('vmlinuz-'.length))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const newest = versions.at(-1);
    if (!newest) throw new Error('no kernel in the rootfs /boot: is linux-image-cloud-amd64 in the package list?');
    return newest;
  }

  private async missingModules(rootfs: string, initrd: string): Promise<string[]> {
    const present = new Set(
      (await this.initramfs.files(rootfs, initrd))
        .map((file) => /\/([^/]+)\.ko(\.[a-z]+)?$/.exec(file)?.[1])
        .filter((name): name is string => name !== undefined),
    );
    return REQUIRED_MODULES.filter((name) => !present.has(name));
  }
}
