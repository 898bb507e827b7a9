import { createHash } from 'node:crypto';
import type { ImageConfig } from '../../config/image.js';
import { emptiedDirs, guestFiles, maskedUnits, removedPaths, type GuestFile } from './guest-files.js';

/**
 * Bump when the build steps change in a way the recipe's data does not show
 * (a new step, a different mke2fs option): every cached image is then rebuilt.
 */
export const IMAGE_BUILDER_VERSION = 1;

/**
 * The Debian packages of the base image. debootstrap's minbase variant does
 * not configure cloud-init unless python3-cffi-backend is listed (DESIGN.md §4);
 * ifupdown + isc-dhcp-client is what cloud-init 22.4 renders network-config for.
 */
export const BASE_PACKAGES: readonly string[] = [
  'linux-image-cloud-amd64',
  'systemd',
  'systemd-sysv',
  'udev',
  'nginx-light',
  'openssh-server',
  // scp and sftp use it; openssh-server only recommends it and debootstrap skips recommends.
  'openssh-sftp-server',
  'cloud-init',
  'python3-cffi-backend',
  'ifupdown',
  'isc-dhcp-client',
  'iproute2',
  'netbase',
  'sudo',
  // Turns the ACPI power button (`virsh shutdown`) into a clean poweroff; without it (and without
  // dbus/logind) a stop always waits out its timeout and then pulls the plug.
  'acpid',
  // The channel instant hostings are made unique through (hostname, user, keys) after a restore,
  // and a stop flushes the guest's disk through before its memory is saved.
  'qemu-guest-agent',
  'ca-certificates',
  'procps',
  'less',
  // What a beginner's guide uses (docs/users.md): an editor, copying a site in (rsync on both ends), a
  // repository, an archive someone sent, and fetching a file or testing the site from inside.
  'nano',
  'rsync',
  'git',
  'unzip',
  'curl',
];

/** Everything that decides what the built image contains. */
export interface ImageRecipe {
  builderVersion: number;
  suite: string;
  mirror: string;
  variant: 'minbase';
  architecture: 'amd64';
  packages: string[];
  files: GuestFile[];
  maskedUnits: string[];
  removedPaths: string[];
  emptiedDirs: string[];
  /** Kernel command line for direct boot. */
  cmdline: string;
}

export function createRecipe(config: Pick<ImageConfig, 'mirror' | 'suite' | 'extraPackages'>): ImageRecipe {
  return {
    builderVersion: IMAGE_BUILDER_VERSION,
    suite: config.suite,
    mirror: config.mirror,
    variant: 'minbase',
    architecture: 'amd64',
    packages: [...new Set([...BASE_PACKAGES, ...config.extraPackages])].sort(),
    files: guestFiles(config.mirror, config.suite),
    maskedUnits: [...maskedUnits],
    removedPaths: [...removedPaths],
    emptiedDirs: [...emptiedDirs],
    // `rw`: mounted read-write at once, since there is no fsck to run first (see /etc/fstab).
    cmdline: 'root=/dev/vda rw console=ttyS0',
  };
}

/**
 * The cache key: a SHA-256 over a canonical JSON of the recipe (keys sorted,
 * so that reordering an object literal does not cause a rebuild).
 */
export function imageCacheKey(recipe: ImageRecipe): string {
  return createHash('sha256').update(canonicalJson(recipe)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
