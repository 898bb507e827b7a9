import { z } from 'zod';

/**
 * What VMService needs from the host, as small interfaces it owns. The
 * adapters in `adapters/` implement them (libvirt through virsh, genisoimage,
 * QEMU); the unit tier replaces them with in-memory fakes.
 */

/** A domain's state as `virsh domstate` words it, or `missing` when there is no such domain. */
export type DomainState =
  'running' | 'idle' | 'paused' | 'in shutdown' | 'shut off' | 'crashed' | 'pmsuspended' | 'missing' | 'unknown';

export interface NetworkInfo {
  active: boolean;
  autostart: boolean;
}

/**
 * libvirt's domains and networks. Operations with an obvious "already done"
 * outcome succeed on it (starting a running domain, destroying a stopped or
 * missing one, undefining a missing one); where the caller must know that the
 * domain is missing, the result says so.
 */
export interface Hypervisor {
  defineDomain(xml: string): Promise<void>;
  /** Removes the definition (not the volumes). A missing domain is success. */
  undefineDomain(name: string): Promise<void>;
  startDomain(name: string): Promise<'started' | 'missing'>;
  /** Asks the guest to power off (ACPI); returns at once. */
  shutdownDomain(name: string): Promise<'requested' | 'not-running' | 'missing'>;
  /** Pulls the plug. A stopped or missing domain is success. */
  destroyDomain(name: string): Promise<void>;
  rebootDomain(name: string): Promise<'requested' | 'missing'>;
  domainState(name: string): Promise<DomainState>;
  /** Names of all domains, running or not. */
  listDomainNames(): Promise<string[]>;
  /** The domain's definition, or undefined when it does not exist. */
  domainXml(name: string): Promise<string | undefined>;
  defineNetwork(xml: string): Promise<void>;
  startNetwork(name: string): Promise<void>;
  setNetworkAutostart(name: string): Promise<void>;
  /** undefined when the network does not exist. */
  networkInfo(name: string): Promise<NetworkInfo | undefined>;
  /** The host's CPUs and memory, as libvirt counts them (`virsh nodeinfo`). */
  nodeInfo(): Promise<NodeInfo>;
  /** Saves the running domain's memory and device state to a file on the host; the domain is then shut off. */
  saveDomain(name: string, file: string): Promise<void>;
  /**
   * Starts a domain from a saved state, as the definition in the file says
   * (a defined domain of that name and UUID becomes the running one).
   */
  restoreDomain(file: string): Promise<void>;
  /** Saves a running domain's state into libvirt's own file for it; the next start resumes from it. */
  managedSave(name: string): Promise<void>;
  hasManagedSave(name: string): Promise<boolean>;

  /** Forgets the managed save, so that the next start boots afresh. None is success. */
  removeManagedSave(name: string): Promise<void>;
}

/** What a program run inside a guest left. */
export interface GuestCommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The agent inside a guest (qemu-guest-agent): programs run there without SSH or the network. */
export interface GuestAgent {
  /** Whether the agent answers within the time (a guest still booting, or without one, does not). */
  ping(domain: string, timeoutMs: number): Promise<boolean>;
  /** Runs a program (an argument vector, no shell) as root in the guest and waits for it to end. */
  run(
    domain: string,
    argv: readonly [string, ...string[]],
    options: { stdin?: string; timeoutMs: number; signal?: AbortSignal },
  ): Promise<GuestCommandResult>;
  /** Sets the guest's clock from the host's: after a restore it is as old as the saved state. */
  syncClock(domain: string): Promise<void>;
  /**
   * Flushes and freezes the guest's file systems (`fsfreeze`): its disk holds still and is consistent until
   * `thaw`. Gives how many were frozen.
   */
  freeze(domain: string): Promise<number>;
  /** Thaws what `freeze` froze; a guest that is not frozen is success. */
  thaw(domain: string): Promise<void>;
}

export interface NodeInfo {
  cpus: number;
  memoryKib: number;
}

export type VolumeFormat = 'qcow2' | 'raw';

export interface VolumeSpec {
  capacityBytes: number;
  format: VolumeFormat;
  /** A copy-on-write overlay on another volume of the pool. */
  backing?: { volume: string; format: 'qcow2' };
}

export interface VolumeInfo {
  capacityBytes: number;
  /** What the volume takes on the host's disk now (a sparse overlay: far less than its capacity). */
  allocationBytes: number;
  format: VolumeFormat | 'other';
}

/** The storage pool that holds every VM's disk, seed and console log, and the base images they start from. */
export interface VmStorage {
  /** The pool's name, for domain XML (`<source pool=… volume=…>`). */
  readonly poolName: string;
  /** Makes the pool exist, run and start with the host. */
  ensurePool(): Promise<void>;
  /** `exists` when a volume of that name is already there (it is left as it is). */
  createVolume(name: string, spec: VolumeSpec): Promise<'created' | 'exists'>;
  /** Writes the content over the volume from its start. */
  uploadVolume(name: string, content: Uint8Array): Promise<void>;
  /** A new volume with a local file's content (a base image); its format is read from the content. */
  importVolume(name: string, file: string): Promise<void>;
  volumeInfo(name: string): Promise<VolumeInfo | undefined>;
  /** Where the host keeps the volume, for the few elements that need a path (kernel, serial log). */
  volumePath(name: string): Promise<string>;
  /** Grows a volume that no running machine uses to `capacityBytes` (never shrinks it). */
  resizeVolume(name: string, capacityBytes: number): Promise<void>;
  /**
   * Makes `target` a byte-for-byte copy of `source` (replacing it): a qcow2 overlay stays an overlay on the same
   * backing volume. The source may be in use; the caller makes its content hold still (a frozen guest).
   */
  copyVolume(source: string, target: string): Promise<void>;
  /** Writes the volume's bytes into a file on this host (sparse). */
  downloadVolume(name: string, file: string): Promise<void>;
  /** What the pool's file system has free, in bytes. */
  freeBytes(): Promise<number>;
  /** What the pool's file system has free, and its size, in bytes (/metrics). */
  space(): Promise<{ freeBytes: number; sizeBytes: number }>;
  /** A missing volume is success. */
  deleteVolume(name: string): Promise<void>;
  /** Every volume in the pool, as the host has it now. */
  listVolumes(): Promise<string[]>;
}

/** The host's packet filter (nftables). Hostbay keeps one table per installation and replaces it whole. */
export interface PacketFilter {
  /** Loads a ruleset (which names and replaces its own table) as one transaction. */
  load(ruleset: string): Promise<void>;
  /** Removes the table; a missing table is success. */
  removeTable(table: string): Promise<void>;
  hasTable(table: string): Promise<boolean>;
}

/** System accounts of the host: the one guests' QEMU runs as. */
export interface GuestAccounts {
  /** Makes the account exist (a system account nobody logs in as) and gives its uid. */
  ensure(name: string): Promise<{ uid: number }>;
  /**
   * Lets the account pass through every folder above `dir` that others may
   * not pass (an ACL entry for it alone): QEMU must open the volumes there.
   */
  allowTraverse(name: string, dir: string): Promise<void>;
  /**
   * Lets the account read and write a device node (an ACL entry for it alone), when the device exists:
   * QEMU running as the account opens /dev/kvm, which Debian gives only to root and the `kvm` group.
   */
  allowDevice(name: string, device: string): Promise<void>;
}

/** Turns a NoCloud seed's files into the disk image cloud-init reads (ISO 9660, label `cidata`). */
export interface SeedImageBuilder {
  build(files: Record<string, string>): Promise<Uint8Array>;
}

/** Tells whether a QEMU accelerator really runs guest code on this host. */
export interface AcceleratorProbe {
  /** With `kernel` (the guests' own), whether that kernel gets through its early boot; else whether a BIOS does. */
  runsGuests(accelerator: 'kvm' | 'tcg', kernel?: string): Promise<boolean>;
}

/** A small text file Hostbay keeps for itself (the probed virt type). */
export interface StateFile {
  /** undefined when the file does not exist. */
  read(): Promise<string | undefined>;
  /** Replaces the content atomically: readers see the old or the new text, never half. */
  write(content: string): Promise<void>;
}

/** A template being built: its folder's files until it is published. */
export interface TemplateBuild {
  key: string;
  disk: string;
  state: string;
}

/**
 * Ready templates on the host (beside the images they are made from, so every
 * installation on the host shares them), and the files a build and a restore
 * need. A template is published whole or not at all.
 */
export interface TemplateFiles {
  /** The ready template with this key, or undefined. */
  find(key: string): Promise<StoredTemplate | undefined>;
  list(): Promise<StoredTemplate[]>;
  /** A new, empty folder for one build of the template. */
  startBuild(key: string): Promise<TemplateBuild>;
  /** Copies a volume's content, with its backing chain, into the build's disk as one standalone qcow2. */
  flattenInto(build: TemplateBuild, source: string): Promise<void>;
  /** The size of the build's saved state. */
  stateBytes(build: TemplateBuild): Promise<number>;
  /** Writes the manifest and makes the build the ready template (another build's that finished first wins). */
  publish(build: TemplateBuild, manifest: TemplateManifest): Promise<void>;
  discard(build: TemplateBuild): Promise<void>;
  /** Removes a template (its hostings keep running: each pool has its own copy of the disk). */
  remove(key: string): Promise<void>;
  /** A private copy of the template's state whose definition is `xml`: restored once, then removed. */
  stateForRestore(template: StoredTemplate, name: string, xml: string): Promise<string>;
  removeRestoreState(name: string): Promise<void>;
}

/** Makes a VM's SSH host keys on the host: new ones for every call. */
export interface HostKeyMaker {
  make(): Promise<HostKey[]>;
}

/** One SSH host key pair in OpenSSH's formats, made on the host for this hosting alone. */
export interface HostKey {
  type: 'ed25519' | 'ecdsa';
  privateKey: string;
  publicKey: string;
}

/** A template's key: 16 hex digits of a hash over everything its saved state depends on (template.ts). */
export const TEMPLATE_KEY_PATTERN = /^[0-9a-f]{16}$/;

/** Written last into a template's folder: a folder without it is a build that did not finish. */
export const TemplateManifest = z.object({
  key: z.string().regex(TEMPLATE_KEY_PATTERN),
  version: z.number().int(),
  baseDisk: z.string(),
  virtType: z.enum(['kvm', 'qemu']),
  vcpus: z.number().int().positive(),
  memoryMb: z.number().int().positive(),
  diskGb: z.number().int().positive(),
  builtAt: z.string(),
  /** From the template's start until it was idle and saved. */
  buildSeconds: z.number().nonnegative(),
  stateBytes: z.number().int().nonnegative(),
});
export type TemplateManifest = z.infer<typeof TemplateManifest>;

/** A ready template's files on the host. */
export interface StoredTemplate {
  manifest: TemplateManifest;
  /** The template's disk at the moment it was saved, flattened (no backing file): a base image for hostings. */
  disk: string;
  /** The saved memory and device state (a libvirt save image). */
  state: string;
}
