import { GUEST_ACCOUNT, guestFirewallTable, networkList, renderGuestFirewall } from './guest-firewall.js';
import { bridgeNetworkModel, renderNetworkXml } from './network-xml.js';
import type { GuestIsolation } from './vm.service.js';
import type { Hypervisor } from './vm.ports.js';

/** The account guests' QEMU runs as, its way to the volumes, and the guest firewall (see VmService.isolateGuests). */
export async function isolateGuests(
  isolation: GuestIsolation,
  installationId: string,
  bridge: { device: string } | undefined,
): Promise<void> {
  const { uid } = await isolation.accounts.ensure(GUEST_ACCOUNT);
  await isolation.accounts.allowTraverse(GUEST_ACCOUNT, isolation.volumeDir);
  // Under KVM the guest's QEMU opens /dev/kvm as this account; without it every start fails with
  // "failed to initialize kvm: Permission denied" (the accelerator probe runs as root and cannot tell).
  await isolation.accounts.allowDevice(GUEST_ACCOUNT, '/dev/kvm');
  await isolation.filter.load(
    renderGuestFirewall({
      table: guestFirewallTable(installationId),
      installationId,
      userMode: bridge ? undefined : { account: GUEST_ACCOUNT, uid },
      bridge: bridge ? { device: bridge.device } : undefined,
      blocked: networkList(isolation.blockedNetworks),
      reachable: networkList(isolation.reachableNetworks),
    }),
  );
}

/** Defines, starts and marks autostart the bridge-mode libvirt network, if it is not already. */
export async function ensureBridgeNetwork(
  hypervisor: Hypervisor,
  bridge: { network: string; device: string; cidr: { address: string; prefix: number } },
): Promise<void> {
  const model = bridgeNetworkModel(bridge);
  const info = await hypervisor.networkInfo(model.name);
  if (!info) await hypervisor.defineNetwork(renderNetworkXml(model));
  if (!info?.active) await hypervisor.startNetwork(model.name);
  if (!info?.autostart) await hypervisor.setNetworkAutostart(model.name);
}
