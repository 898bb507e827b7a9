import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createImageHost } from '../../../src/adapters/image/image-host.js';
import { NodeProcessRunner } from '../../../src/adapters/process/process-runner.js';
import type { ImageConfig } from '../../../src/config/image.js';
import { SilentBuildProgress } from '../../../src/modules/image/build-progress.js';
import { ImageBuilder } from '../../../src/modules/image/image-builder.js';
import { ImageBuildFailedError } from '../../../src/modules/image/image.errors.js';
import type {
  Debootstrap,
  DebootstrapRequest,
  GuestInitramfs,
  HttpProbe,
} from '../../../src/modules/image/image.ports.js';
import { ImageStore } from '../../../src/modules/image/image-store.js';

const runner = new NodeProcessRunner();
const KERNEL = '6.1.0-50-cloud-amd64';

/** Scratch folders, removed after the tests: each holds a disk image. */
const scratch: string[] = [];
const newScratch = async (name: string) => {
  const dir = await mkdtemp(path.join(tmpdir(), `hostbay-${name}-`));
  scratch.push(dir);
  return dir;
};
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

async function put(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

/** Stands in for debootstrap: a tiny rootfs with what the later steps look for, and a few lines of output. */
class FakeDebootstrap implements Debootstrap {
  requests: DebootstrapRequest[] = [];

  constructor(private readonly failure?: string) {}

  async install(request: DebootstrapRequest, watch: Parameters<Debootstrap['install']>[1]): Promise<void> {
    this.requests.push(request);
    for (const line of ['I: Retrieving libc6 2.36-9', 'I: Unpacking libc6...']) {
      await appendFile(watch.logFile, `${line}\n`);
      watch.onLine(line);
    }
    if (this.failure) {
      await appendFile(watch.logFile, `${this.failure}\n`);
      throw new Error(`exit 1: ${this.failure}`);
    }
    const root = request.target;
    await put(path.join(root, `boot/vmlinuz-${KERNEL}`), 'kernel');
    await put(path.join(root, `boot/initrd.img-${KERNEL}`), 'initrd');
    await put(path.join(root, 'etc/hostname'), 'build-host\n');
    await put(path.join(root, 'etc/ssh/ssh_host_ed25519_key'), 'secret');
    await put(path.join(root, 'var/cache/apt/archives/libc6.deb'), 'deb');
    watch.onLine('I: Base system installed successfully.');
  }
}

/** Stands in for lsinitramfs and update-initramfs in a chroot; the drivers appear once regenerated. */
class FakeInitramfs implements GuestInitramfs {
  regenerated: string[] = [];

  constructor(private readonly hasVirtioBlk: boolean) {}

  async files(): Promise<string[]> {
    const modules = ['virtio_pci', ...(this.hasVirtioBlk || this.regenerated.length ? ['virtio_blk'] : [])];
    return modules.map((name) => `usr/lib/modules/${KERNEL}/kernel/drivers/${name}.ko`);
  }

  async regenerate(_rootfs: string, kernelVersion: string): Promise<void> {
    this.regenerated.push(kernelVersion);
  }
}

const mirrorUp: HttpProbe = { head: async () => ({ status: 200 }) };

async function setUp(debootstrap: FakeDebootstrap, initramfs: FakeInitramfs) {
  const imagesDir = path.join(await newScratch('steps'), 'images');
  const config: ImageConfig = {
    imagesDir,
    mirror: 'http://mirror.test/debian',
    suite: 'bookworm',
    extraPackages: ['htop'],
    cloudImage: undefined,
  };
  // The real file system, mke2fs and qemu-img; debootstrap and the chroot are faked.
  const host = { ...createImageHost(runner), debootstrap, initramfs, probe: mirrorUp };
  const store = new ImageStore(imagesDir, host.fs, () => false);
  return { imagesDir, builder: new ImageBuilder(config, { ...host, store, progress: new SilentBuildProgress() }) };
}

/** A file of the ext4 file system inside a qcow2 disk, read with debugfs: no mount. */
async function catInDisk(disk: string, file: string): Promise<string> {
  const raw = path.join(await newScratch('steps-raw'), 'root.raw');
  await runner.runChecked(['qemu-img', 'convert', '-f', 'qcow2', '-O', 'raw', disk, raw]);
  return (await runner.runChecked(['debugfs', '-R', `cat ${file}`, raw])).stdout;
}

describe('ImageBuilder steps (debootstrap and the chroot faked, real ext4 and qcow2)', () => {
  it('configures the rootfs, extracts the kernel, writes a qcow2 and publishes it as current', async () => {
    const debootstrap = new FakeDebootstrap();
    const { imagesDir, builder } = await setUp(debootstrap, new FakeInitramfs(true));

    const outcome = await builder.ensure();

    expect(outcome.reused).toBe(false);
    expect(debootstrap.requests[0]).toMatchObject({
      suite: 'bookworm',
      mirror: 'http://mirror.test/debian',
      variant: 'minbase',
      cacheDir: path.join(imagesDir, '.debs'),
    });
    expect(debootstrap.requests[0]?.packages).toEqual(expect.arrayContaining(['htop', 'nginx-light', 'cloud-init']));
    const { dir, manifest } = outcome.image;
    expect(dir).toBe(path.join(imagesDir, manifest.id));
    expect((await readdir(dir)).sort()).toEqual(['base.qcow2', 'initrd.img', 'manifest.json', 'vmlinuz']);
    expect(await readFile(path.join(dir, 'vmlinuz'), 'utf8')).toBe('kernel');
    expect(manifest.kernel_version).toBe(KERNEL);
    expect(manifest.disk_virtual_bytes).toBe(2048 * 1024 * 1024);
    const info = JSON.parse(
      (await runner.runChecked(['qemu-img', 'info', '--output=json', path.join(dir, 'base.qcow2')])).stdout,
    ) as {
      format: string;
      'virtual-size': number;
    };
    expect(info).toMatchObject({ format: 'qcow2', 'virtual-size': manifest.disk_virtual_bytes });
    // The guest files were written before the file system was made.
    expect(await catInDisk(path.join(dir, 'base.qcow2'), '/etc/hostname')).toBe('hostbay\n');
    expect(JSON.parse(await readFile(path.join(imagesDir, 'current.json'), 'utf8'))).toEqual({
      id: manifest.id,
      key: builder.key,
    });
    expect((await readdir(imagesDir)).filter((name) => name.startsWith('.build'))).toEqual([]);
  });

  it('adds the virtio drivers to the initrd when it lacks them', async () => {
    const initramfs = new FakeInitramfs(false);
    const debootstrap = new FakeDebootstrap();
    const { builder } = await setUp(debootstrap, initramfs);
    const outcome = await builder.ensure();
    expect(initramfs.regenerated).toEqual([KERNEL]);
    const modules = await catInDisk(path.join(outcome.image.dir, 'base.qcow2'), '/etc/initramfs-tools/modules');
    expect(modules.split('\n')).toEqual(expect.arrayContaining(['virtio_pci', 'virtio_blk']));
  });

  it('keeps the log of a failed step for the operator and leaves no build folder', async () => {
    const debootstrap = new FakeDebootstrap("E: Couldn't find these debs: nope");
    const { imagesDir, builder } = await setUp(debootstrap, new FakeInitramfs(true));

    const error = await builder.ensure().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ImageBuildFailedError);
    expect((error as Error).message).toMatch(/installing debian packages: exit 1: E: Couldn't find these debs: nope/);
    const log = path.join(imagesDir, 'last-build-failure.log');
    expect((error as ImageBuildFailedError).logFile).toBe(log);
    expect(await readFile(log, 'utf8')).toContain("E: Couldn't find these debs: nope");
    expect((await readdir(imagesDir)).filter((name) => name.startsWith('.build'))).toEqual([]);
  });
});
