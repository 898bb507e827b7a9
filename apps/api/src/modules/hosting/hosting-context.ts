import { reachableAddress } from '../../config/listen-address.js';
import type { ProxyRoute } from '../proxy/route.js';
import type { VmSpecInput } from '../vm/vm.spec.js';
import { ipPool } from './allocator.js';
import type { HostingRecord } from './hosting.types.js';
import { plainSiteUrl, type PublicAddress } from './hosting.presenter.js';

/** Network facts the lifecycle needs beyond the hosting row. */
export interface NetworkSettings {
  bridge: { network: string; prefix: number; gateway: string };
  /** HOSTBAY_SSH_LISTEN_HOST: where a direct hosting's QEMU listens for SSH. */
  sshListenHost: string;
  /** Where members reach their sites and SSH (the dashboard's address): for the welcome page's commands. */
  publicAddress: PublicAddress;
}

/** The network facts from the settings: the bridge's gateway is the address before the first guest's (.1). */
export function networkSettings(settings: {
  bridge: { network: string; cidr: { address: string; prefix: number } };
  sshListenHost: string;
  publicAddress: PublicAddress;
}): NetworkSettings {
  const first = ipPool(settings.bridge.cidr.address, settings.bridge.cidr.prefix).valueAt(0).split('.').map(Number);
  first[3] = (first[3] ?? 2) - 1;
  return {
    bridge: { network: settings.bridge.network, prefix: settings.bridge.cidr.prefix, gateway: first.join('.') },
    sshListenHost: settings.sshListenHost,
    publicAddress: settings.publicAddress,
  };
}

/**
 * A user-mode hosting created without a `vm_ssh_port` has QEMU listen on its
 * public SSH port itself (HOSTBAY_SSH_FORWARD=direct); one with a
 * `vm_ssh_port` needs the edge to forward the public port to it. The row
 * decides, not today's setting, so a changed setting never re-points a VM.
 */
export function forwardsSshDirectly(hosting: HostingRecord): boolean {
  return hosting.networkMode === 'user' && hosting.vmSshPort === null;
}

/** The VM layer's view of a hosting: everything it needs, all of it from the database row. */
export function vmSpecOf(hosting: HostingRecord, network: NetworkSettings): VmSpecInput {
  const base = {
    hostingId: hosting.id,
    username: hosting.username,
    vcpus: hosting.vcpus,
    memoryMb: hosting.memoryMb,
    diskGb: hosting.diskGb,
    baseImage: hosting.baseImage,
    ...(hosting.sshPublicKey ? { sshPublicKey: hosting.sshPublicKey } : {}),
    ...(hosting.passwordHash ? { passwordHash: hosting.passwordHash } : {}),
    ...(hosting.templateKey ? { template: { key: hosting.templateKey } } : {}),
    ...accessOf(hosting, network.publicAddress),
  };
  if (hosting.networkMode === 'bridge') {
    const { bridge } = network;
    return {
      ...base,
      network: {
        mode: 'bridge',
        network: bridge.network,
        ip: required(hosting.ipAddress, 'ip_address'),
        prefix: bridge.prefix,
        gateway: bridge.gateway,
        mac: hosting.macAddress,
        dns: [bridge.gateway],
      },
    };
  }
  const ssh = forwardsSshDirectly(hosting)
    ? { sshPort: required(hosting.sshPort, 'ssh_port'), sshHost: network.sshListenHost }
    : { sshPort: required(hosting.vmSshPort, 'vm_ssh_port'), sshHost: '127.0.0.1' };
  return {
    ...base,
    network: { mode: 'user', webPort: required(hosting.webPort, 'web_port'), ...ssh, mac: hosting.macAddress },
  };
}

/**
 * What the welcome page tells the member, as the dashboard does (hosting.presenter.ts): the SSH host and
 * public port, and the site's plain address. Plain, because the page is written once, before any certificate;
 * with HTTPS on, that address still answers (and sends the browser on to https:// once the site has one).
 * Nothing for a hosting without a public SSH port: its page points to the dashboard instead.
 */
function accessOf(hosting: HostingRecord, address: PublicAddress): Pick<VmSpecInput, 'access'> {
  if (hosting.sshPort === null) return {};
  return {
    access: {
      siteUrl: plainSiteUrl(hosting.username, address),
      sshHost: address.baseDomain,
      sshPort: hosting.sshPort,
    },
  };
}

/** Where the VM's web server answers, from this host. */
export function webTargetOf(hosting: HostingRecord): { host: string; port: number } {
  return hosting.networkMode === 'bridge'
    ? { host: required(hosting.ipAddress, 'ip_address'), port: 80 }
    : { host: '127.0.0.1', port: required(hosting.webPort, 'web_port') };
}

/**
 * The edge's view: the site and the public SSH port, pointed at the VM (or, while its owner is
 * suspended, marked so that the edge answers for it). A
 * direct hosting's SSH target is QEMU's own listener on the public port: the
 * edge must not forward that port (it renders no `stream` in direct mode).
 */
export function routeOf(hosting: HostingRecord, network: NetworkSettings): ProxyRoute {
  const sshListenPort = required(hosting.sshPort, 'ssh_port');
  const webTarget = webTargetOf(hosting);
  // A hosting held for its suspended owner: the edge shows its suspended page and forwards no SSH.
  const suspended = hosting.suspendedFrom === null ? {} : { suspended: true };
  if (hosting.networkMode === 'bridge') {
    const sshTarget = { host: webTarget.host, port: 22 };
    return { username: hosting.username, webTarget, sshListenPort, sshTarget, ...suspended };
  }
  const sshTarget = forwardsSshDirectly(hosting)
    ? { host: reachableAddress(network.sshListenHost), port: sshListenPort }
    : { host: '127.0.0.1', port: required(hosting.vmSshPort, 'vm_ssh_port') };
  return { username: hosting.username, webTarget, sshListenPort, sshTarget, ...suspended };
}

function required<T>(value: T | null, column: string): T {
  if (value === null) throw new Error(`hosting has no ${column}; it was not allocated`);
  return value;
}
