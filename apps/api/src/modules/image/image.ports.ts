/**
 * What the image module needs from the host, as small interfaces it owns:
 * the file system, the programs that turn Debian packages into a disk, and a
 * way to ask the mirror for a file. The adapters in `adapters/image/`
 * implement them (`createImageHost` there hands out the real ones); the tests
 * use fakes where a real program cannot run.
 */

/**
 * The file-system operations the image builder and the image store need.
 * Writes into a rootfs never follow a symlink the rootfs holds (an absolute
 * link there points into the guest, but the host would resolve it against its
 * own root).
 */
export interface ImageFs {
  readText(file: string): Promise<string | undefined>;
  /** Replaces `file` (removing whatever is there first, symlinks included) and creates missing parents. */
  writeText(file: string, content: string, mode?: number): Promise<void>;
  /** Writes via a temporary sibling and a rename, so readers see the old or the new content, never half. */
  writeTextAtomic(file: string, content: string): Promise<void>;
  /** Creates `file` only when it does not exist; false when it does. */
  createExclusive(file: string, content: string): Promise<boolean>;
  /** Creates or replaces a symlink at `link` whose content is `target` (not resolved). */
  symlink(target: string, link: string): Promise<void>;
  mkdir(dir: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file or symlink; no error when it is absent. */
  removeFile(file: string): Promise<void>;
  /** Removes a file or a folder with its contents, never following symlinks; no error when absent. */
  removeTree(target: string): Promise<void>;
  /**
   * Removes a folder that programs may have mounted file systems inside
   * (debootstrap mounts /proc, and may bind /dev, in the rootfs; a crash leaves
   * them mounted): unmounts those first, then deletes without crossing into
   * another file system, so it never walks into the host's /dev. No error when absent.
   */
  removeMountedTree(dir: string): Promise<void>;
  /** Entry names of a folder, or [] when it does not exist. */
  list(dir: string): Promise<string[]>;
  exists(file: string): Promise<boolean>;
  /** Size in bytes of a regular file, or undefined when it is absent. */
  fileSize(file: string): Promise<number | undefined>;
  /** Copies a file; fails when `to` exists. */
  copyFile(from: string, to: string): Promise<void>;
  /** The path with every symlink resolved. */
  realpath(file: string): Promise<string>;
}

/** What debootstrap installs, and where. */
export interface DebootstrapRequest {
  suite: string;
  mirror: string;
  variant: 'minbase';
  architecture: 'amd64';
  /** Packages installed beside the variant's own. */
  packages: readonly string[];
  /** Downloaded packages are kept here for the next build. */
  cacheDir: string;
  /** The folder that becomes the guest's root file system. */
  target: string;
}

export interface DebootstrapWatch {
  /** Called for every line debootstrap prints, as it prints it. */
  onLine: (line: string) => void;
  /** Every line is also appended here, for the operator when the build fails. */
  logFile: string;
  /** Aborting stops debootstrap and everything it started. */
  signal?: AbortSignal;
}

/** Installs a Debian base system into a folder. */
export interface Debootstrap {
  /** Resolves once the base system is installed; rejects, saying why, when debootstrap fails, times out or is aborted. */
  install(request: DebootstrapRequest, watch: DebootstrapWatch): Promise<void>;
}

/** The guest's initramfs, handled with the guest's own tools (run inside the rootfs). */
export interface GuestInitramfs {
  /** The paths an initrd of the rootfs holds (`initrd` is a path inside the guest, e.g. /boot/initrd.img-6.1.0-50-cloud-amd64). */
  files(rootfs: string, initrd: string): Promise<string[]>;
  /** Regenerates the initrd of a kernel installed in the rootfs, e.g. after /etc/initramfs-tools/modules changed. */
  regenerate(rootfs: string, kernelVersion: string): Promise<void>;
}

export interface Ext4Request {
  /** The folder whose contents fill the file system. */
  from: string;
  /** The raw image file to write (replaced). */
  file: string;
  sizeBytes: number;
  label: string;
}

/** The programs that turn a rootfs folder into a disk image, with no loop device and no mount. */
export interface DiskTools {
  /** Bytes a folder takes on disk, without crossing into another file system. */
  usedBytes(dir: string): Promise<number>;
  /** An ext4 file system image filled from a folder. */
  makeExt4(request: Ext4Request): Promise<void>;
  /** Converts a raw disk image into a qcow2 one. */
  convertToQcow2(raw: string, qcow2: string): Promise<void>;
}

export interface HttpProbeResult {
  status: number;
}

/** Asks a URL for its headers. Rejects when no HTTP answer arrives within the timeout. */
export interface HttpProbe {
  head(url: string, timeoutMs: number): Promise<HttpProbeResult>;
}

/** Everything the image module needs from the host, in one piece for the composition root and the CLI. */
export interface ImageHost {
  fs: ImageFs;
  debootstrap: Debootstrap;
  initramfs: GuestInitramfs;
  disks: DiskTools;
  probe: HttpProbe;
}
