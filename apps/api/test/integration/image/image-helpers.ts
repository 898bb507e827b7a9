import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImageManifest } from '../../../src/modules/image/image-store.js';

/** A complete-looking image folder (tiny stand-in files) as a finished build leaves it. */
export async function fakeImage(imagesDir: string, id: string, key: string, createdAt: string): Promise<string> {
  const dir = path.join(imagesDir, id);
  await mkdir(dir, { recursive: true });
  for (const file of ['base.qcow2', 'vmlinuz', 'initrd.img']) await writeFile(path.join(dir, file), file);
  const manifest: ImageManifest = {
    id,
    key,
    created_at: createdAt,
    build_seconds: 1,
    kernel_version: '6.1.0-50-cloud-amd64',
    cmdline: 'root=/dev/vda rw console=ttyS0',
    rootfs_bytes: 1,
    disk_virtual_bytes: 2,
    files: { disk: 10, kernel: 7, initrd: 10 },
    inputs: {},
  };
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}
