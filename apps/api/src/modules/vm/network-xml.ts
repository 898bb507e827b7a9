import { create } from 'xmlbuilder2';

/** The libvirt network that bridge-mode VMs join. */
export interface BridgeNetworkModel {
  name: string;
  /** Linux bridge device, at most 15 characters. */
  device: string;
  /** The host's address on the bridge: the guests' gateway and DNS server. */
  gateway: string;
  prefix: number;
}

/** The bridge settings from VmConfig: the host takes the first address of the CIDR. */
export function bridgeNetworkModel(bridge: {
  network: string;
  device: string;
  cidr: { address: string; prefix: number };
}): BridgeNetworkModel {
  return {
    name: bridge.network,
    device: bridge.device,
    gateway: addToIpv4(bridge.cidr.address, 1),
    prefix: bridge.cidr.prefix,
  };
}

/**
 * NAT to the outside, no DHCP range: Hostbay allocates every address and
 * writes it into the guest's network-config. libvirt's dnsmasq still answers
 * DNS on the gateway address.
 */
export function renderNetworkXml(model: BridgeNetworkModel): string {
  const network = create().ele('network');
  network.ele('name').txt(model.name);
  network.ele('forward', { mode: 'nat' });
  network.ele('bridge', { name: model.device, stp: 'on', delay: '0' });
  network.ele('ip', { address: model.gateway, prefix: String(model.prefix) });
  return network.end({ prettyPrint: true, indent: '  ', headless: true }) + '\n';
}

export function addToIpv4(address: string, offset: number): string {
  const value = address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0) + offset;
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}
