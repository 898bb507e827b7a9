import path from 'node:path';
import { SystemAccounts } from '../adapters/accounts/system-accounts.js';
import { NoCloudSeedBuilder } from '../adapters/cloud-init/nocloud-seed-builder.js';
import { TextStateFile } from '../adapters/files/text-state-file.js';
import { createImageHost } from '../adapters/image/image-host.js';
import { LibvirtGuestAgent } from '../adapters/libvirt/libvirt-guest-agent.js';
import { LibvirtHypervisor } from '../adapters/libvirt/libvirt-hypervisor.js';
import { LibvirtStorage } from '../adapters/libvirt/libvirt-storage.js';
import { VirshSession } from '../adapters/libvirt/virsh-session.js';
import { NftPacketFilter } from '../adapters/nftables/nft-packet-filter.js';
import type { ProcessRunner } from '../adapters/process/process-runner.js';
import { QemuAcceleratorProbe } from '../adapters/qemu/accelerator-probe.js';
import { SerialSocketLines } from '../adapters/qemu/serial-socket-lines.js';
import type { Config } from '../config/config.js';
import { consoleSocketFolder } from '../config/paths.js';
import { resolveBaseImage } from '../modules/image/base-image.js';
import { VirtTypeResolver } from '../modules/vm/virt-type.js';
import { VmService } from '../modules/vm/vm.service.js';
import type { HostingSeams } from './compose-hosting.js';
import { instantParts, isLocalLibvirt } from './compose-instant.js';

/**
 * The machines' side of the hosting lifecycle: libvirt's connections, the storage pool, the KVM probe,
 * instant hostings' parts, guests' agents and serial lines, and VmService over them.
 */
export function composeMachines(config: Config, runner: ProcessRunner, seams: HostingSeams) {
  const { server, vm: vmConfig } = config;
  const virsh = new VirshSession({ uri: vmConfig.libvirtUri });
  // Uploads (a base image: hundreds of megabytes) get their own connection, so VM operations never queue behind them.
  const storageSession = new VirshSession({ uri: vmConfig.libvirtUri });
  const storage =
    seams.storage ??
    new LibvirtStorage(storageSession, { pool: vmConfig.storagePool.name, defaultDir: vmConfig.storagePool.dir });
  const baseImages = seams.baseImages ?? { resolve: () => builtImageSpec(config, runner) };
  const virtType = new VirtTypeResolver(
    vmConfig.virtType,
    new QemuAcceleratorProbe(runner),
    new TextStateFile(path.join(server.dataDir, 'virt-type.json')),
    // No image yet (or a cloud image without a kernel beside it): the BIOS probe alone.
    () =>
      baseImages.resolve().then(
        (image) => image.kernel,
        () => undefined,
      ),
  );
  const hypervisor = new LibvirtHypervisor(virsh);
  // Restores, saves and guest agent calls get their own connection: a second-long restore never delays a status check.
  const instantSession = new VirshSession({ uri: vmConfig.libvirtUri });
  const instant = instantParts(config, instantSession, runner);
  const consoleSocketDir =
    seams.consoleSocketDir ??
    (isLocalLibvirt(vmConfig.libvirtUri) ? consoleSocketFolder(server.installationId) : undefined);
  const serialLines = new SerialSocketLines(consoleSocketDir);
  const vm = new VmService({
    ...(consoleSocketDir ? { consoleSocketDir } : {}),
    ...(instant ? { instant: instant.start } : {}),
    hypervisor,
    storage,
    seeds: new NoCloudSeedBuilder(runner),
    virtType,
    installationId: server.installationId,
    outboundNetwork: vmConfig.outbound,
    ...(vmConfig.networkMode === 'bridge' ? { bridge: vmConfig.bridge } : {}),
    // The account and the firewall are this host's: only a libvirt on this host runs guests they cover.
    ...(isLocalLibvirt(vmConfig.libvirtUri)
      ? {
          guestIsolation: {
            accounts: new SystemAccounts(runner),
            filter: new NftPacketFilter(runner),
            blockedNetworks: vmConfig.blockedNetworks,
            reachableNetworks: vmConfig.reachableNetworks,
            volumeDir: vmConfig.storagePool.dir,
          },
        }
      : {}),
  });
  // Hostbay's own image runs the guest agent (snapshots freeze file systems through it, consoles set passwords).
  // Without instant hostings, on the main connection (a test:/// connection is a libvirt of its own).
  const agent = config.image.cloudImage ? undefined : (instant?.parts.agent ?? new LibvirtGuestAgent(virsh));
  return {
    virsh,
    storage,
    baseImages,
    virtType,
    hypervisor,
    instant,
    serialLines,
    vm,
    agent,
    async close() {
      await virsh.close();
      await storageSession.close();
      await instantSession.close();
    },
  };
}

async function builtImageSpec(config: Config, runner: ProcessRunner) {
  const image = await resolveBaseImage(config.image, createImageHost(runner));
  return {
    disk: image.disk,
    installsWebServer: image.installsWebServer,
    ...(image.kernel && image.initrd && image.cmdline
      ? { kernel: image.kernel, initrd: image.initrd, cmdline: image.cmdline }
      : {}),
  };
}
