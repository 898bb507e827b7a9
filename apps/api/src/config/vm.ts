import { DEFAULT_SNAPSHOTS_PER_HOSTING } from '@hostbay/contract/plan-limits';
import path from 'node:path';
import { z } from 'zod';
import {
  cidrListVar,
  ConfigError,
  durationVar,
  enumVar,
  intVar,
  portRangeVar,
  readEnv,
  type Env,
} from './env-reader.js';
import { IPV4_OCTET } from '@hostbay/contract/patterns';

export type VirtTypeSetting = 'auto' | 'kvm' | 'qemu';
export type NetworkMode = 'user' | 'bridge';

export interface PortRange {
  first: number;
  last: number;
}

/** Where and how hostings' VMs run. */
export interface VmConfig {
  /** libvirt connection, e.g. qemu:///system, or test:///default in tests. */
  libvirtUri: string;
  /** `auto` probes once whether KVM really runs a guest; `kvm`/`qemu` skip the probe. */
  virtType: VirtTypeSetting;
  networkMode: NetworkMode;
  /** user mode: host ports on 127.0.0.1 forwarded to each guest's port 80. */
  webPorts: PortRange;
  /** user mode: host ports on 127.0.0.1 forwarded to each guest's port 22. */
  sshPorts: PortRange;
  bridge: {
    /** The libvirt network's name and its Linux bridge device. */
    network: string;
    device: string;
    /** The guests' subnet, e.g. 10.77.0.0/24; the first address is the host's (gateway and DNS). */
    cidr: { address: string; prefix: number };
  };
  /** Base images (qcow2 disk, vmlinuz, initrd), written by the image builder. */
  imageDir: string;
  /**
   * The libvirt storage pool for VM disks, seeds, console logs and the base
   * images they are overlays on. Made as a `dir` pool in `dir` when it does
   * not exist; an existing pool of that name (any kind that holds qcow2
   * files) is used as it is. By default each installation has its own
   * (several may share one libvirt, as tests do).
   */
  storagePool: { name: string; dir: string };
  limits: { vcpus: number; memoryMb: number; diskGb: number; snapshots: number };
  /** How long a graceful shutdown may take before the VM is destroyed. */
  shutdownTimeoutSeconds: number;
  /** How long a new VM may take to answer HTTP and SSH. TCG boots take minutes. */
  readyTimeoutSeconds: number;
  /**
   * user mode: may guests open connections out (package mirrors ...)? Off by
   * default: a guest then reaches nothing but its forwarded ports.
   */
  outbound: boolean;
  /**
   * Instant hostings: `on` keeps a booted template per image and machine
   * shape and makes new hostings from it in seconds (user mode, local
   * libvirt, Hostbay's own image); `off` boots every hosting.
   */
  templates: boolean;
  /** Networks guests may not connect to (the host's own addresses are always refused), and exceptions inside them. */
  blockedNetworks: string[];
  reachableNetworks: string[];
}

/**
 * What guests may not reach by default: the host's own networks and every
 * range that is not the Internet (private, shared, link-local with the cloud
 * metadata address 169.254.169.254, multicast, reserved). The host's own
 * addresses are refused whatever this list says.
 */
export const DEFAULT_BLOCKED_NETWORKS: readonly string[] = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '224.0.0.0/4',
  '240.0.0.0/4',
  '::1/128',
  '::ffff:0:0/96',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
];

const cidrPattern = new RegExp(`^(${IPV4_OCTET}\\.${IPV4_OCTET}\\.${IPV4_OCTET}\\.${IPV4_OCTET})/(\\d{1,2})$`);

const vmShape = {
  HOSTBAY_LIBVIRT_URI: z
    .string()
    .regex(/^[a-z][a-z0-9+]*:\/\/[\x21-\x7e]*$/, 'expected a libvirt URI such as qemu:///system')
    .default('qemu:///system'),
  HOSTBAY_VIRT_TYPE: enumVar(['auto', 'kvm', 'qemu'], 'auto'),
  HOSTBAY_NETWORK_MODE: enumVar(['user', 'bridge'], 'user'),
  HOSTBAY_VM_WEB_PORTS: portRangeVar('30000-30999'),
  HOSTBAY_VM_SSH_PORTS: portRangeVar('31000-31999'),
  HOSTBAY_BRIDGE_NETWORK: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,14}$/, 'expected a short name: a-z, 0-9 and -, at most 15 characters')
    .default('hostbay'),
  HOSTBAY_BRIDGE_DEVICE: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,14}$/, 'expected a bridge device name of at most 15 characters')
    .default('hostbay0'),
  HOSTBAY_BRIDGE_CIDR: z
    .string()
    .default('10.77.0.0/24')
    .transform((text, ctx) => {
      const expectation = 'expected an IPv4 network such as 10.77.0.0/24 (prefix 16 to 29)';
      const match = cidrPattern.exec(text);
      const prefix = Number(match?.[6]);
      if (!match?.[1] || prefix < 16 || prefix > 29) {
        ctx.addIssue({ code: 'custom', message: expectation });
        return z.NEVER;
      }
      return { address: match[1], prefix };
    }),
  HOSTBAY_IMAGE_DIR: z.string().optional(),
  HOSTBAY_STORAGE_POOL: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'expected a libvirt storage pool name such as hostbay')
    .optional(),
  HOSTBAY_VM_VCPUS: intVar(1, 1, 64),
  HOSTBAY_VM_MEMORY_MB: intVar(512, 128, 262144),
  HOSTBAY_VM_DISK_GB: intVar(10, 1, 4096),
  HOSTBAY_SNAPSHOTS_PER_HOSTING: intVar(DEFAULT_SNAPSHOTS_PER_HOSTING, 0, 100),
  HOSTBAY_VM_SHUTDOWN_TIMEOUT: durationVar('60s', 1, 3600),
  HOSTBAY_VM_READY_TIMEOUT: durationVar('10m', 10, 3600),
  HOSTBAY_VM_OUTBOUND: enumVar(['off', 'on'], 'off'),
  HOSTBAY_TEMPLATES: enumVar(['on', 'off'], 'on'),
  HOSTBAY_VM_BLOCKED_NETWORKS: cidrListVar(DEFAULT_BLOCKED_NETWORKS),
  HOSTBAY_VM_REACHABLE_NETWORKS: cidrListVar([]),
};

/**
 * Reads the VM settings. `dataDir` is the already-resolved HOSTBAY_DATA_DIR:
 * images and VM folders live under it unless HOSTBAY_IMAGE_DIR says otherwise.
 */
export function readVmConfig(env: Env, dataDir: string, installationId: string): VmConfig {
  const vm = readEnv(env, vmShape);
  const { first: webFirst, last: webLast } = vm.HOSTBAY_VM_WEB_PORTS;
  const { first: sshFirst, last: sshLast } = vm.HOSTBAY_VM_SSH_PORTS;
  if (webFirst <= sshLast && sshFirst <= webLast) {
    throw new ConfigError(
      'HOSTBAY_VM_SSH_PORTS',
      'must not overlap HOSTBAY_VM_WEB_PORTS',
      env.HOSTBAY_VM_SSH_PORTS ?? `${sshFirst}-${sshLast}`,
    );
  }
  return {
    libvirtUri: vm.HOSTBAY_LIBVIRT_URI,
    virtType: vm.HOSTBAY_VIRT_TYPE,
    networkMode: vm.HOSTBAY_NETWORK_MODE,
    webPorts: vm.HOSTBAY_VM_WEB_PORTS,
    sshPorts: vm.HOSTBAY_VM_SSH_PORTS,
    bridge: {
      network: vm.HOSTBAY_BRIDGE_NETWORK,
      device: vm.HOSTBAY_BRIDGE_DEVICE,
      cidr: networkAddress(vm.HOSTBAY_BRIDGE_CIDR),
    },
    imageDir: path.resolve(vm.HOSTBAY_IMAGE_DIR ?? path.join(dataDir, 'images')),
    storagePool: { name: vm.HOSTBAY_STORAGE_POOL ?? `hostbay-${installationId}`, dir: path.join(dataDir, 'volumes') },
    limits: {
      vcpus: vm.HOSTBAY_VM_VCPUS,
      memoryMb: vm.HOSTBAY_VM_MEMORY_MB,
      diskGb: vm.HOSTBAY_VM_DISK_GB,
      snapshots: vm.HOSTBAY_SNAPSHOTS_PER_HOSTING,
    },
    shutdownTimeoutSeconds: vm.HOSTBAY_VM_SHUTDOWN_TIMEOUT,
    readyTimeoutSeconds: vm.HOSTBAY_VM_READY_TIMEOUT,
    outbound: vm.HOSTBAY_VM_OUTBOUND === 'on',
    templates: vm.HOSTBAY_TEMPLATES === 'on',
    blockedNetworks: vm.HOSTBAY_VM_BLOCKED_NETWORKS,
    reachableNetworks: vm.HOSTBAY_VM_REACHABLE_NETWORKS,
  };
}

/** 10.77.0.9/24 → 10.77.0.0/24: operators write either. */
function networkAddress(cidr: { address: string; prefix: number }): { address: string; prefix: number } {
  const value = cidr.address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const mask = cidr.prefix === 0 ? 0 : (0xffffffff << (32 - cidr.prefix)) >>> 0;
  const network = (value & mask) >>> 0;
  const address = [24, 16, 8, 0].map((shift) => (network >>> shift) & 0xff).join('.');
  return { address, prefix: cidr.prefix };
}
