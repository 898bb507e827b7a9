import type { ProxyRoute } from '../proxy/route.js';
import type { VmSpecInput } from '../vm/vm-spec.js';
import type { HostingRecord } from './hosting.types.js';

/** Network facts the lifecycle needs beyond the hosting row. */
export interface NetworkSettings {
  bridge: { network: string; prefix: number; gateway: string };
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
  return {
    ...base,
    network: {
      mode: 'user',
      webPort: required(hosting.webPort, 'web_port'),
      sshPort: required(hosting.vmSshPort, 'vm_ssh_port'),
      mac: hosting.macAddress,
    },
  };
}

/** The edge's view: the site and the public SSH port, pointed at the VM. */
export function routeOf(hosting: HostingRecord): ProxyRoute {
  const sshListenPort = required(hosting.sshPort, 'ssh_port');
  if (hosting.networkMode === 'bridge') {
    const ip = required(hosting.ipAddress, 'ip_address');
    return {
      username: hosting.username,
      webTarget: { host: ip, port: 80 },
      sshListenPort,
      sshTarget: { host: ip, port: 22 },
    };
  }
  return {
    username: hosting.username,
    webTarget: { host: '127.0.0.1', port: required(hosting.webPort, 'web_port') },
    sshListenPort,
    sshTarget: { host: '127.0.0.1', port: required(hosting.vmSshPort, 'vm_ssh_port') },
  };
}

function required<T>(value: T | null, column: string): T {
  if (value === null) throw new Error(`hosting has no ${column}; it was not allocated`);
  return value;
}
