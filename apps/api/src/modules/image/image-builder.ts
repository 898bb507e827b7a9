import path from 'node:path';
import type { ImageConfig } from '../../config/image.js';
import type { BuildPhase, BuildProgress } from './build-progress.js';
import { DebootstrapProgress } from './debootstrap-progress.js';
import { ImageBuildFailedError, MirrorUnreachableError } from './image.errors.js';
import type { ImageHost } from './image.ports.js';
import { createRecipe, imageCacheKey, type ImageRecipe } from './image-recipe.js';
import { IMAGE_FILES, type ImageManifest, type ImageStore, type StoredImage } from './image-store.js';
import { checkMirror } from './mirror-check.js';
import { KernelExtractor } from './kernel-extractor.js';
import { RootfsConfigurer } from './rootfs-configurer.js';

/** Weights: seconds each phase took on the 2-core build machine. */
const PHASES = [
  { id: 'mirror', label: 'Checking the Debian mirror', weight: 1 },
  { id: 'debootstrap', label: 'Installing Debian packages', weight: 115 },
  { id: 'configure', label: 'Configuring the guest', weight: 1 },
  { id: 'kernel', label: 'Extracting the kernel and initrd', weight: 2 },
  { id: 'filesystem', label: 'Writing the ext4 file system', weight: 8 },
  { id: 'qcow2', label: 'Converting to qcow2', weight: 4 },
  { id: 'publish', label: 'Publishing the image', weight: 2 },
] as const satisfies readonly BuildPhase[];
type PhaseId = (typeof PHASES)[number]['id'];

const MIB = 1024 * 1024;
/** The smallest base disk: room for the site, logs and packages a user adds. A hosting's overlay can grow it. */
const MIN_DISK_BYTES = 2048 * MIB;

/** The host (file system, programs, network) plus the store the build publishes into and where it shows progress. */
export interface ImageBuilderDeps extends ImageHost {
  store: ImageStore;
  progress: BuildProgress;
  now?: () => Date;
}

export interface BuildRequest {
  /** Build even when an image with the same key exists. */
  force?: boolean;
  signal?: AbortSignal;
}

export interface BuildOutcome {
  image: StoredImage;
  /** True when a cached image was used and nothing was built. */
  reused: boolean;
  seconds: number;
}

/**
 * Builds the guest base image from Debian packages: debootstrap (minbase) →
 * configure the rootfs with plain file writes → ext4 via `mke2fs -d` (no
 * loop mounts) → qcow2, plus the kernel and initrd for direct boot. The
 * result is cached by a key of its inputs.
 */
export class ImageBuilder {
  private readonly recipe: ImageRecipe;
  readonly key: string;

  constructor(
    private readonly config: ImageConfig,
    private readonly deps: ImageBuilderDeps,
  ) {
    this.recipe = createRecipe(config);
    this.key = imageCacheKey(this.recipe);
  }

  /** The image for the current inputs: the cached one when the key matches, else a fresh build. */
  async ensure(request: BuildRequest = {}): Promise<BuildOutcome> {
    const startedAt = this.now();
    if (!request.force) {
      const cached = await this.cached();
      if (cached) return { image: cached, reused: true, seconds: 0 };
    }
    const release = await this.deps.store.lock();
    try {
      // Another process may have finished the same build while we waited for the lock.
      if (!request.force) {
        const cached = await this.cached();
        if (cached) return { image: cached, reused: true, seconds: 0 };
      }
      await this.deps.store.removeLeftovers();
      const image = await this.build(startedAt, request.signal);
      return { image, reused: false, seconds: secondsSince(startedAt, this.now()) };
    } finally {
      await release();
    }
  }

  private async cached(): Promise<StoredImage | undefined> {
    const current = await this.deps.store.current();
    if (current?.manifest.key === this.key) return current;
    const found = await this.deps.store.findByKey(this.key);
    if (found) await this.deps.store.setCurrent(found);
    return found;
  }

  private async build(startedAt: Date, signal: AbortSignal | undefined): Promise<StoredImage> {
    const { store, progress, fs } = this.deps;
    progress.start(PHASES);
    let phase: PhaseId = 'mirror';
    const enter = (id: PhaseId) => {
      signal?.throwIfAborted();
      phase = id;
      progress.phase(id);
    };
    const buildDir = await store.createBuildDir();
    const rootfs = path.join(buildDir, 'rootfs');
    const output = path.join(buildDir, 'out');
    const logFile = path.join(buildDir, 'build.log');
    try {
      enter('mirror');
      await checkMirror(this.deps.probe, this.recipe.mirror, this.recipe.suite);

      enter('debootstrap');
      await this.debootstrap(rootfs, logFile, signal);

      enter('configure');
      await new RootfsConfigurer(fs).apply(rootfs, this.recipe);

      enter('kernel');
      await fs.mkdir(output);
      const kernel = await new KernelExtractor(this.deps.initramfs, fs).extract(rootfs, output);

      enter('filesystem');
      const raw = path.join(buildDir, 'root.ext4');
      const { rootfsBytes, diskBytes } = await this.makeFilesystem(rootfs, raw);
      await store.removeBuildDir(rootfs);

      enter('qcow2');
      const disk = path.join(output, IMAGE_FILES.disk);
      await this.deps.disks.convertToQcow2(raw, disk);
      await fs.removeFile(raw);

      enter('publish');
      const createdAt = this.now();
      const manifest: ImageManifest = {
        id: imageId(this.recipe.suite, this.key, createdAt),
        key: this.key,
        created_at: createdAt.toISOString(),
        build_seconds: secondsSince(startedAt, createdAt),
        kernel_version: kernel.version,
        cmdline: this.recipe.cmdline,
        rootfs_bytes: rootfsBytes,
        disk_virtual_bytes: diskBytes,
        files: {
          disk: (await fs.fileSize(disk)) ?? 0,
          kernel: (await fs.fileSize(path.join(output, IMAGE_FILES.kernel))) ?? 0,
          initrd: (await fs.fileSize(path.join(output, IMAGE_FILES.initrd))) ?? 0,
        },
        inputs: { ...this.recipe },
      };
      const image = await store.publish(output, manifest);
      await store.setCurrent(image);
      await store.removeBuildDir(buildDir);
      progress.finish(`Base image ${manifest.id} built in ${formatSeconds(manifest.build_seconds)}.`);
      return image;
    } catch (error) {
      const failure = await this.failure(phase, error, logFile);
      progress.fail();
      await store.removeBuildDir(buildDir);
      throw failure;
    }
  }

  private async debootstrap(rootfs: string, logFile: string, signal: AbortSignal | undefined): Promise<void> {
    const { store, progress, fs } = this.deps;
    await fs.mkdir(store.packageCacheDir);
    const parser = new DebootstrapProgress();
    await this.deps.debootstrap.install(
      {
        suite: this.recipe.suite,
        mirror: this.recipe.mirror,
        variant: this.recipe.variant,
        architecture: this.recipe.architecture,
        packages: this.recipe.packages,
        // Downloaded packages are kept for the next build (a changed setting or --force).
        cacheDir: store.packageCacheDir,
        target: rootfs,
      },
      {
        logFile,
        signal,
        onLine: (line) => {
          const update = parser.feed(line);
          if (update) progress.update(update.fraction, update.activity);
        },
      },
    );
  }

  /** ext4 straight from the folder: no loop device, no mount. */
  private async makeFilesystem(rootfs: string, raw: string): Promise<{ rootfsBytes: number; diskBytes: number }> {
    const rootfsBytes = await this.deps.disks.usedBytes(rootfs);
    // ext4 metadata plus free room for the guest's first writes; whole 256 MiB steps.
    const wanted = Math.max(MIN_DISK_BYTES, rootfsBytes * 1.25 + 1024 * MIB);
    const diskBytes = Math.ceil(wanted / (256 * MIB)) * 256 * MIB;
    await this.deps.disks.makeExt4({ from: rootfs, file: raw, sizeBytes: diskBytes, label: 'hostbay-root' });
    return { rootfsBytes, diskBytes };
  }

  private async failure(phase: PhaseId, error: unknown, logFile: string): Promise<Error> {
    if (error instanceof MirrorUnreachableError) return error;
    const label = PHASES.find((p) => p.id === phase)?.label.toLowerCase() ?? phase;
    let kept: string | undefined;
    if (await this.deps.fs.exists(logFile)) {
      // The build folder goes; its log stays for the operator.
      kept = this.deps.store.failureLog;
      await this.deps.fs.removeFile(kept);
      await this.deps.fs.copyFile(logFile, kept);
    }
    const reason =
      error instanceof Error && error.name === 'AbortError'
        ? 'interrupted'
        : error instanceof Error
          ? error.message
          : String(error);
    return new ImageBuildFailedError(label, reason, kept);
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

/** e.g. debian-bookworm-1a2b3c4d5e6f-20250101t120000: names the suite and key, unique per build. */
function imageId(suite: string, key: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, '')
    .toLowerCase();
  return `debian-${suite}-${key.slice(0, 12)}-${stamp}`;
}

function secondsSince(start: Date, end: Date): number {
  return Math.round((end.getTime() - start.getTime()) / 100) / 10;
}

export function formatSeconds(seconds: number): string {
  const whole = Math.round(seconds);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${whole % 60} s`;
}
