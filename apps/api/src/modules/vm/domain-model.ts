import { createHash } from 'node:crypto';
import { GUEST_ACCOUNT } from './guest-firewall.js';
import { TEMPLATE_MAC, type TemplateShape } from './template.js';
import { domainName, templateDomainName, type VmVolumes } from './vm-names.js';
import type { VmSpec } from './vm.spec.js';

export type VirtType = 'kvm' | 'qemu';

export interface DomainDisk {
  /** A volume of Hostbay's storage pool: libvirt finds its path itself. */
  pool: string;
  volume: string;
  format: 'qcow2' | 'raw';
  /** Guest device: vda is the root disk, vdb the seed. */
  target: 'vda' | 'vdb';
  readonly: boolean;
}

export interface PortForward {
  /** An IPv4 literal, validated with the VmSpec it comes from. */
  hostAddress: string;
  hostPort: number;
  guestPort: number;
}

export type DomainNic =
  | { mode: 'user'; mac: string; forwards: PortForward[]; outbound: boolean }
  | { mode: 'bridge'; network: string; mac: string; ip: string };

/** One hosting's libvirt domain, in the terms Hostbay decides; domain-xml.ts turns it into XML. */
export interface DomainModel {
  type: VirtType;
  name: string;
  uuid: string;
  /** Whose domain it is: a hosting's (by its id) or a template's while it is built (by its key). */
  owner: { kind: 'hosting'; id: string } | { kind: 'template'; key: string };
  /** The Hostbay installation that owns the domain (several may share one libvirt). */
  installationId: string;
  vcpus: number;
  memoryMib: number;
  /** Direct kernel boot (paths of the base image's kernel and initrd volumes); absent: the disk's own bootloader. */
  directBoot: { kernel: string; initrd: string; cmdline: string } | undefined;
  disks: DomainDisk[];
  /** Path of the console log volume: libvirt's serial device takes a path, not a volume. */
  consoleLog: string;
  /**
   * The serial line's socket, which the member's browser console connects to (QEMU listens on it; one
   * client at a time). Absent: the serial line only writes the log (a libvirt on another host).
   */
  consoleSocket: string | undefined;
  nic: DomainNic;
  /** The host account QEMU runs as (its DAC label), whatever qemu.conf says. */
  runAs: string;
}

/** Where the VM's volumes are: the pool, its volume names, and the paths of those that need one. */
export interface DomainStorage {
  pool: string;
  volumes: VmVolumes;
  consoleLogPath: string;
  /** Where the serial line's socket goes; absent: no browser console (DomainModel.consoleSocket). */
  consoleSocketPath?: string;
  /** The base image's kernel and initrd volumes, for direct boot. */
  boot: { kernel: string; initrd: string } | undefined;
}

export function buildDomainModel(
  spec: VmSpec,
  storage: DomainStorage,
  type: VirtType,
  installationId: string,
  options: { outbound?: boolean } = {},
): DomainModel {
  const network = spec.network;
  const nic: DomainNic =
    network.mode === 'user'
      ? {
          mode: 'user',
          mac: guestMac(spec),
          // A cloud image downloads its web server at first boot; Hostbay's own image needs no outside.
          outbound: spec.baseImage.installsWebServer || options.outbound === true,
          forwards: [
            { hostAddress: '127.0.0.1', hostPort: network.webPort, guestPort: 80 },
            { hostAddress: network.sshHost, hostPort: network.sshPort, guestPort: 22 },
          ],
        }
      : { mode: 'bridge', network: network.network, mac: network.mac, ip: network.ip };
  return {
    ...machine(spec, storage, type, installationId),
    name: domainName(spec.hostingId),
    uuid: spec.hostingId,
    owner: { kind: 'hosting', id: spec.hostingId },
    nic,
  };
}

/**
 * A template's domain while it is built: the machine every hosting made from
 * it will have (the same devices, CPUs and memory, so that its saved state
 * restores into theirs), reached through its agent only: no forwarded port, no way out.
 */
export function buildTemplateDomainModel(
  template: { key: string; uuid: string; shape: TemplateShape; baseImage: VmSpec['baseImage'] },
  storage: DomainStorage,
  type: VirtType,
  installationId: string,
): DomainModel {
  const { shape } = template;
  return {
    ...machine({ ...shape, baseImage: template.baseImage }, storage, type, installationId),
    name: templateDomainName(template.key),
    uuid: template.uuid,
    owner: { kind: 'template', key: template.key },
    nic: { mode: 'user', mac: TEMPLATE_MAC, outbound: false, forwards: [] },
  };
}

/** What a hosting's domain and a template's share: the machine and its disks. */
function machine(
  spec: Pick<VmSpec, 'vcpus' | 'memoryMb' | 'baseImage'>,
  storage: DomainStorage,
  type: VirtType,
  installationId: string,
): Omit<DomainModel, 'name' | 'uuid' | 'owner' | 'nic'> {
  return {
    type,
    installationId,
    vcpus: spec.vcpus,
    memoryMib: spec.memoryMb,
    directBoot:
      storage.boot && spec.baseImage.cmdline ? { ...storage.boot, cmdline: spec.baseImage.cmdline } : undefined,
    disks: [
      { pool: storage.pool, volume: storage.volumes.disk, format: 'qcow2', target: 'vda', readonly: false },
      { pool: storage.pool, volume: storage.volumes.seed, format: 'raw', target: 'vdb', readonly: true },
    ],
    consoleLog: storage.consoleLogPath,
    consoleSocket: storage.consoleSocketPath,
    runAs: GUEST_ACCOUNT,
  };
}

/**
 * The guest MAC in user mode. Each VM has its own private user-mode network,
 * so the MAC only has to be stable (network-config matches on it), not unique.
 */
export function derivedMac(hostingId: string): string {
  const hash = createHash('sha256').update(hostingId).digest();
  return ['52', '54', '00', ...[0, 1, 2].map((i) => hash.readUInt8(i).toString(16).padStart(2, '0'))].join(':');
}

/** The guest NIC's MAC for any spec, as network-config must name it. */
export function guestMac(spec: VmSpec): string {
  if (spec.network.mode === 'bridge') return spec.network.mac;
  // Made from a template: the template's NIC, which the guest's network configuration names.
  if (spec.template) return TEMPLATE_MAC;
  return spec.network.mac ?? derivedMac(spec.hostingId);
}
