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
}

/** Turns a NoCloud seed's files into the disk image cloud-init reads (ISO 9660, label `cidata`). */
export interface SeedImageBuilder {
  build(files: Record<string, string>): Promise<Uint8Array>;
}

/** Tells whether a QEMU accelerator really runs guest code on this host. */
export interface AcceleratorProbe {
  runsGuests(accelerator: 'kvm' | 'tcg'): Promise<boolean>;
}

/** A small text file Hostbay keeps for itself (the probed virt type). */
export interface StateFile {
  /** undefined when the file does not exist. */
  read(): Promise<string | undefined>;
  /** Replaces the content atomically: readers see the old or the new text, never half. */
  write(content: string): Promise<void>;
}
