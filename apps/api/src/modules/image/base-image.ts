import path from 'node:path';
import type { ImageConfig } from '../../config/image.js';
import type { BuildProgress } from './build-progress.js';
import { formatSeconds, ImageBuilder } from './image-builder.js';
import { BaseImageMissingError } from './image.errors.js';
import type { ImageHost } from './image.ports.js';
import { IMAGE_FILES, ImageStore, type StoredImage } from './image-store.js';

/** What the VM layer needs to boot a hosting from the base image. */
export interface BaseImage {
  /** 'built': Hostbay's own image, booted directly from kernel + initrd. 'cloud': an operator's distro image with its own bootloader. */
  kind: 'built' | 'cloud';
  /** Identifies the image (for logs and for the hosting's record). */
  id: string;
  /**
   * Absolute path of the qcow2 to put each hosting's overlay on. Never a path
   * through a pointer that a later build could change: an overlay on a
   * replaced backing file would be corrupt.
   */
  disk: string;
  /** Direct kernel boot ('built' only). */
  kernel?: string;
  initrd?: string;
  /** Kernel command line for direct boot, e.g. `root=/dev/vda rw console=ttyS0`. */
  cmdline?: string;
  /**
   * True when the image has no web server yet and the hosting's cloud-init
   * seed must install it on first boot (`packages: [nginx]`): distro cloud images.
   */
  installsWebServer: boolean;
}

export function builtBaseImage(image: StoredImage): BaseImage {
  return {
    kind: 'built',
    id: image.manifest.id,
    disk: path.join(image.dir, IMAGE_FILES.disk),
    kernel: path.join(image.dir, IMAGE_FILES.kernel),
    initrd: path.join(image.dir, IMAGE_FILES.initrd),
    cmdline: image.manifest.cmdline,
    installsWebServer: false,
  };
}

/**
 * The base image new hostings use: the operator's cloud image when
 * HOSTBAY_IMAGE is set, else the current built image. Throws
 * BaseImageMissingError, saying how to get one, when there is none.
 */
export async function resolveBaseImage(config: ImageConfig, host: Pick<ImageHost, 'fs'>): Promise<BaseImage> {
  if (config.cloudImage !== undefined) {
    if ((await host.fs.fileSize(config.cloudImage)) === undefined) {
      throw new BaseImageMissingError(
        `HOSTBAY_IMAGE names ${config.cloudImage}, which is not a file. Point it at a local qcow2 cloud image, or unset it to use the image Hostbay builds.`,
      );
    }
    return {
      kind: 'cloud',
      id: `cloud:${path.basename(config.cloudImage)}`,
      disk: config.cloudImage,
      installsWebServer: true,
    };
  }
  const store = new ImageStore(config.imagesDir, host.fs);
  const current = await store.current();
  if (!current) {
    throw new BaseImageMissingError(
      `No base image has been built in ${config.imagesDir} yet. Run \`./hostbay image build\` (or set HOSTBAY_IMAGE to a local cloud image).`,
    );
  }
  return builtBaseImage(current);
}

export interface EnsureRequest {
  /** Rebuild even when the cached image matches the inputs. */
  force?: boolean;
  /** Cancels the build (and cleans up after it). */
  signal?: AbortSignal;
  progress: BuildProgress;
}

export interface EnsureOutcome {
  image: BaseImage;
  /** True when nothing was built: the cached image matched, or HOSTBAY_IMAGE names a cloud image. */
  reused: boolean;
  seconds: number;
}

/**
 * Makes sure the base image for the current settings exists, building it
 * when its inputs changed (`./hostbay image build` and the first step of `up`).
 */
export async function ensureBaseImage(
  config: ImageConfig,
  host: ImageHost,
  request: EnsureRequest,
): Promise<EnsureOutcome> {
  const { progress } = request;
  if (config.cloudImage !== undefined) {
    const image = await resolveBaseImage(config, host);
    progress.note(
      `HOSTBAY_IMAGE is set: hostings boot ${image.disk} and install nginx on first boot; nothing to build.`,
    );
    return { image, reused: true, seconds: 0 };
  }
  const builder = new ImageBuilder(config, { ...host, store: new ImageStore(config.imagesDir, host.fs), progress });
  const outcome = await builder.ensure({ force: request.force, signal: request.signal });
  if (outcome.reused) {
    progress.note(`Base image ${outcome.image.manifest.id} is up to date (inputs unchanged); --force rebuilds it.`);
  } else {
    progress.note(`Image folder: ${outcome.image.dir} (${formatSeconds(outcome.seconds)})`);
  }
  return { image: builtBaseImage(outcome.image), reused: outcome.reused, seconds: outcome.seconds };
}
