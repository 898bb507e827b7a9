import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { ImageBuildLockedError } from './image.errors.js';
import type { ImageFs } from './image.ports.js';

/** File names inside one image's folder. */
export const IMAGE_FILES = {
  disk: 'base.qcow2',
  kernel: 'vmlinuz',
  initrd: 'initrd.img',
  manifest: 'manifest.json',
} as const;

export const ImageManifest = z.object({
  id: z.string(),
  key: z.string().regex(/^[0-9a-f]{64}$/),
  created_at: z.string(),
  build_seconds: z.number(),
  kernel_version: z.string(),
  cmdline: z.string(),
  rootfs_bytes: z.number(),
  disk_virtual_bytes: z.number(),
  files: z.object({ disk: z.number(), kernel: z.number(), initrd: z.number() }),
  /** The recipe the key was computed from, for people reading the manifest. */
  inputs: z.record(z.string(), z.unknown()),
});
export type ImageManifest = z.infer<typeof ImageManifest>;

const CurrentPointer = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/), key: z.string() });

export interface StoredImage {
  dir: string;
  manifest: ImageManifest;
}

/**
 * The layout of `<dataDir>/images`:
 *   current.json            which image new hostings use ({id, key}), replaced atomically
 *   <id>/                   one complete image: base.qcow2, vmlinuz, initrd.img, manifest.json
 *   .build-<random>/        a build in progress; renamed to <id>/ only once complete
 *   .build.lock             the pid of the process that builds
 *   .debs/                  debootstrap's package cache, reused by the next build
 * Old image folders stay: a hosting's record names the image it was created from, and a resumed creation
 * uploads it into the storage pool again if the pool no longer has it.
 */
export class ImageStore {
  constructor(
    readonly imagesDir: string,
    private readonly fs: ImageFs,
    private readonly isProcessAlive: (pid: number) => boolean = defaultIsProcessAlive,
  ) {}

  get packageCacheDir(): string {
    return path.join(this.imagesDir, '.debs');
  }

  get failureLog(): string {
    return path.join(this.imagesDir, 'last-build-failure.log');
  }

  /** The image current.json names, when it is complete. */
  async current(): Promise<StoredImage | undefined> {
    const text = await this.fs.readText(path.join(this.imagesDir, 'current.json'));
    if (text === undefined) return undefined;
    const pointer = CurrentPointer.safeParse(safeJson(text));
    if (!pointer.success) return undefined;
    return this.load(pointer.data.id);
  }

  /** The newest complete image built from `key`, if any. */
  async findByKey(key: string): Promise<StoredImage | undefined> {
    const found: StoredImage[] = [];
    for (const name of await this.fs.list(this.imagesDir)) {
      if (name.startsWith('.') || !/^[a-z0-9][a-z0-9.-]*$/.test(name)) continue;
      const image = await this.load(name);
      if (image?.manifest.key === key) found.push(image);
    }
    return found.sort((a, b) => b.manifest.created_at.localeCompare(a.manifest.created_at))[0];
  }

  /** Points current.json at an image: readers see the old or the new pointer, never half of one. */
  async setCurrent(image: StoredImage): Promise<void> {
    const pointer = { id: image.manifest.id, key: image.manifest.key };
    await this.fs.writeTextAtomic(path.join(this.imagesDir, 'current.json'), `${JSON.stringify(pointer, null, 2)}\n`);
  }

  /** Moves a finished build's output folder into place under its id. */
  async publish(outputDir: string, manifest: ImageManifest): Promise<StoredImage> {
    await this.fs.writeText(path.join(outputDir, IMAGE_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
    const dir = path.join(this.imagesDir, manifest.id);
    await this.fs.rename(outputDir, dir);
    return { dir, manifest };
  }

  /**
   * Takes the build lock; a lock left by a process that no longer exists is taken over.
   * Returns the release function.
   */
  async lock(): Promise<() => Promise<void>> {
    await this.fs.mkdir(this.imagesDir);
    const lockFile = path.join(this.imagesDir, '.build.lock');
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if (await this.fs.createExclusive(lockFile, `${process.pid}\n`)) {
        return () => this.fs.removeFile(lockFile);
      }
      const holder = Number((await this.fs.readText(lockFile))?.trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && this.isProcessAlive(holder)) {
        throw new ImageBuildLockedError(holder);
      }
      await this.fs.removeFile(lockFile);
    }
    throw new Error(`cannot take the image build lock ${lockFile}`);
  }

  /** A fresh folder for one build. Call under the lock. */
  async createBuildDir(): Promise<string> {
    const dir = path.join(this.imagesDir, `.build-${randomBytes(6).toString('hex')}`);
    await this.fs.mkdir(dir);
    return dir;
  }

  /** Removes what crashed builds left behind. Call under the lock. */
  async removeLeftovers(): Promise<string[]> {
    const removed: string[] = [];
    for (const name of await this.fs.list(this.imagesDir)) {
      if (!name.startsWith('.build-')) continue;
      await this.removeBuildDir(path.join(this.imagesDir, name));
      removed.push(name);
    }
    return removed;
  }

  /**
   * Removes a build folder. debootstrap mounts /proc (and may bind /dev) inside
   * the rootfs while it runs, and a crash leaves them mounted: a plain recursive
   * delete would then walk into the host's /dev.
   */
  async removeBuildDir(buildDir: string): Promise<void> {
    await this.fs.removeMountedTree(buildDir);
  }

  private async load(id: string): Promise<StoredImage | undefined> {
    const dir = path.join(this.imagesDir, id);
    const text = await this.fs.readText(path.join(dir, IMAGE_FILES.manifest));
    if (text === undefined) return undefined;
    const manifest = ImageManifest.safeParse(safeJson(text));
    if (!manifest.success || manifest.data.id !== id) return undefined;
    for (const file of [IMAGE_FILES.disk, IMAGE_FILES.kernel, IMAGE_FILES.initrd]) {
      if ((await this.fs.fileSize(path.join(dir, file))) === undefined) return undefined;
    }
    return { dir, manifest: manifest.data };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: treated like a missing file by the schema check that follows.
    return undefined;
  }
}

function defaultIsProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
