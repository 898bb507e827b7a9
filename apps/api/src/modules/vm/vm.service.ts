import type { z } from 'zod';
import { reachableAddress } from '../../config/listen-address.js';
import { buildDomainModel, guestMac } from './domain-model.js';
import { hostingOfDomainXml, renderDomainXml } from './domain-xml.js';
import { ensureBridgeNetwork, isolateGuests } from './host-setup.js';
import { vmStateOf, type VmState } from './vm-state.js';
import { buildSeedFiles, type SeedInput } from './seed-content.js';
import type { VirtTypeResolver } from './virt-type.js';
import { VmNotFoundError, VmOperationError, VmSpecError } from './vm.errors.js';
import { BaseVolumeUploader } from './base-volumes.js';
import type { InstantStart } from './instant-start.js';
import path from 'node:path';
import {
  consoleSocketName,
  domainName,
  hostingOfVolume,
  instanceId,
  templateInstanceId,
  vmVolumes,
  type VmVolumes,
} from './vm-names.js';
import type { GuestAccounts, Hypervisor, PacketFilter, SeedImageBuilder, VmStorage } from './vm.ports.js';
import { waitForVmReady, type VmEndpoints, type WaitOptions } from './vm-ready.js';
import { HostingId, VmSpec, type VmSpecInput } from './vm.spec.js';

export interface VmServiceDeps {
  hypervisor: Hypervisor;
  storage: VmStorage;
  seeds: SeedImageBuilder;
  virtType: VirtTypeResolver;
  /** Marks the domains this installation defines; listVms sees only those. */
  installationId: string;
  /** user mode: let guests open outbound connections (HOSTBAY_VM_OUTBOUND). */
  outboundNetwork?: boolean;
  /** The libvirt network for bridge mode (VmConfig.bridge); unused in user mode. */
  bridge?: { network: string; device: string; cidr: { address: string; prefix: number } };
  /**
   * Keeping guests from the host (a local libvirt only): QEMU runs as
   * GUEST_ACCOUNT, and the packet filter refuses what guests must not reach.
   * Absent where Hostbay does not own the host (remote or test libvirt).
   */
  guestIsolation?: GuestIsolation;
  /** How often stopVm looks whether the guest has powered off. */
  pollIntervalMs?: number;
  /** Restoring from templates and saving on stop (a local libvirt with guest agents); absent: every start boots. */
  instant?: InstantStart;
  /** The folder of the serial lines' sockets (a local libvirt only); absent: no browser console. */
  consoleSocketDir?: string;
}

export interface GuestIsolation {
  accounts: GuestAccounts;
  filter: PacketFilter;
  /** HOSTBAY_VM_BLOCKED_NETWORKS and HOSTBAY_VM_REACHABLE_NETWORKS, as CIDRs. */
  blockedNetworks: readonly string[];
  reachableNetworks: readonly string[];
  /** The storage pool's folder: QEMU, as the guest account, must reach the volumes in it. */
  volumeDir: string;
}

/**
 * One hosting's VM on libvirt: a domain and its volumes in Hostbay's storage
 * pool, reached through nothing but the libvirt connection. Each step is
 * separately callable and safe to re-run after it succeeded, so the hosting
 * lifecycle can checkpoint, resume and undo them; createVm and deleteVm
 * compose them for direct use. Specs are validated here, so nothing unchecked
 * reaches XML, YAML or virsh.
 */
export class VmService {
  private readonly pollIntervalMs: number;
  /** Shared with the template builder: one upload per base image, whoever needs it first. */
  readonly bases: BaseVolumeUploader;
  private host: Promise<{ cpus: number; memoryMb: number }> | undefined;

  constructor(private readonly deps: VmServiceDeps) {
    this.pollIntervalMs = deps.pollIntervalMs ?? 500;
    this.bases = new BaseVolumeUploader(deps.storage);
  }

  /** Parses a spec; throws VmSpecError naming each bad field. */
  private parseSpec(input: VmSpecInput): VmSpec {
    return parseOrThrow(VmSpec, input);
  }

  /** The storage pool (and in bridge mode the network), the guest account and firewall exist: call once at start. */
  async prepareHost(): Promise<void> {
    await this.deps.storage.ensurePool();
    if (this.deps.bridge) await this.ensureNetwork();
    await this.isolateGuests();
  }

  /**
   * Loads the guest firewall. In user mode it is loaded even with outbound
   * off: a cloud image that downloads its web server gets outbound anyway,
   * and the rules cost nothing for guests that cannot connect out.
   */
  async isolateGuests(): Promise<void> {
    const { guestIsolation, installationId, bridge } = this.deps;
    if (guestIsolation) await isolateGuests(guestIsolation, installationId, bridge);
  }

  /** Creates and starts the VM (seed, disk, definition). Undoes what it did if a step fails. */
  async createVm(input: VmSpecInput): Promise<VmEndpoints> {
    const spec = this.parseSpec(input);
    if (spec.network.mode === 'bridge') await this.ensureNetwork();
    try {
      await this.writeSeed(spec);
      await this.cloneDisk(spec);
      await this.defineVm(spec);
      await this.startVm(spec.hostingId);
    } catch (error) {
      await this.deleteVm(spec.hostingId).catch((cleanup: unknown) => {
        throw new AggregateError([error, cleanup], `createVm failed and so did its cleanup: ${String(cleanup)}`);
      });
      throw error;
    }
    return this.endpoints(spec);
  }

  /** Writes the NoCloud seed volume. Re-running gives the same instance id, so cloud-init does not re-provision. */
  async writeSeed(input: VmSpecInput): Promise<void> {
    const spec = this.parseSpec(input);
    const image = await this.deps.seeds.build({
      ...buildSeedFiles(
        seedInput(spec),
        spec.template ? templateInstanceId(spec.template.key) : instanceId(spec.hostingId),
      ),
    });
    const { seed } = vmVolumes(spec.hostingId);
    // A seed from an earlier run may differ in size: replace it whole.
    await this.deps.storage.deleteVolume(seed);
    await this.deps.storage.createVolume(seed, { capacityBytes: image.byteLength, format: 'raw' });
    await this.deps.storage.uploadVolume(seed, image);
  }

  /** Creates the VM's overlay disk on the base image. An existing disk is kept: it may hold the user's files. */
  async cloneDisk(input: VmSpecInput): Promise<void> {
    const spec = this.parseSpec(input);
    const { disk } = vmVolumes(spec.hostingId);
    if (await this.deps.storage.volumeInfo(disk)) return;
    const base = await this.bases.volumesFor(spec.baseImage);
    const info = await this.deps.storage.volumeInfo(base.disk);
    if (!info) throw new VmOperationError(`Base image ${spec.baseImage.disk} is not in the storage pool.`);
    if (info.format !== 'qcow2')
      throw new VmOperationError(`Base image ${spec.baseImage.disk} is ${info.format}, not qcow2.`);
    const wanted = spec.diskGb * 1024 ** 3;
    if (wanted < info.capacityBytes) {
      throw new VmOperationError(
        `A ${spec.diskGb} GiB disk is smaller than the base image (${Math.ceil(info.capacityBytes / 1024 ** 3)} GiB).`,
      );
    }
    // Copy-on-write: the VM writes only its differences; the backing format is named so QEMU never guesses it.
    await this.deps.storage.createVolume(disk, {
      capacityBytes: wanted,
      format: 'qcow2',
      backing: { volume: base.disk, format: 'qcow2' },
    });
  }

  /**
   * Grows the VM's disk to `diskGb` while the VM is stopped (libvirt resizes the qcow2 overlay; the guest's
   * cloud-init grows its file system at the next boot). A disk already that large is left as it is: never shrunk.
   */
  async growDisk(hostingId: string, diskGb: number): Promise<void> {
    const { disk } = this.volumes(hostingId);
    const wanted = parseOrThrow(VmSpec.shape.diskGb, diskGb) * 1024 ** 3;
    const info = await this.deps.storage.volumeInfo(disk);
    if (!info) throw new VmOperationError(`The disk of hosting ${hostingId} is not in the storage pool.`);
    if (info.capacityBytes >= wanted) return;
    if ((await this.getVmState(hostingId)) === 'running')
      throw new VmOperationError(`The disk of hosting ${hostingId} cannot grow while its VM runs.`);
    await this.deps.storage.resizeVolume(disk, wanted);
  }

  /** The host's CPUs and memory (MiB), read once: they do not change while Hostbay runs. */
  hostResources(): Promise<{ cpus: number; memoryMb: number }> {
    this.host ??= this.deps.hypervisor.nodeInfo().then(
      ({ cpus, memoryKib }) => ({ cpus, memoryMb: Math.floor(memoryKib / 1024) }),
      (error: unknown) => {
        this.host = undefined;
        throw error;
      },
    );
    return this.host;
  }

  async removeDisk(hostingId: string): Promise<void> {
    await this.deps.storage.deleteVolume(this.volumes(hostingId).disk);
  }

  /** Defines (or redefines) the libvirt domain `hb-<hosting id>`. */
  async defineVm(input: VmSpecInput): Promise<void> {
    await this.deps.hypervisor.defineDomain(await this.domainXml(this.parseSpec(input)));
  }

  /**
   * Starts a defined VM made from a template from the template's saved state,
   * with the VM's own definition (name, UUID, disk, ports). A running VM is success.
   */
  async restoreVm(input: VmSpecInput): Promise<void> {
    const spec = this.parseSpec(input);
    if ((await this.getVmState(spec.hostingId)) === 'running') return;
    await this.requireInstant().restore(spec, await this.domainXml(spec));
  }

  /** Makes a restored VM its member's (see InstantStart.personalise), then waits until its site and SSH answer. */
  async personaliseVm(input: VmSpecInput, options: WaitOptions & { signal: AbortSignal }): Promise<void> {
    const spec = this.parseSpec(input);
    const deadline = Date.now() + options.timeoutMs;
    await this.requireInstant().personalise(spec, options);
    // sshd is starting with its new keys: look often, the member is waiting.
    await this.waitForVmReady(this.endpoints(spec), {
      ...options,
      timeoutMs: Math.max(1000, deadline - Date.now()),
      intervalMs: 100,
    });
  }

  /** Forgets the memory a stop saved, so the next start boots: a redefined machine cannot resume it. */
  async discardSavedState(hostingId: string): Promise<void> {
    await this.deps.hypervisor.removeManagedSave(this.domain(hostingId));
  }

  private async domainXml(spec: VmSpec): Promise<string> {
    const { storage } = this.deps;
    const volumes = vmVolumes(spec.hostingId);
    await storage.createVolume(volumes.consoleLog, { capacityBytes: 0, format: 'raw' });
    const base = spec.baseImage.kernel ? await this.bases.volumesFor(spec.baseImage) : undefined;
    const model = buildDomainModel(
      spec,
      {
        pool: storage.poolName,
        volumes,
        consoleLogPath: await storage.volumePath(volumes.consoleLog),
        ...(this.deps.consoleSocketDir ? { consoleSocketPath: this.consoleSocket(spec.hostingId) } : {}),
        boot: base && {
          kernel: await storage.volumePath(base.kernel),
          initrd: await storage.volumePath(base.initrd),
        },
      },
      await this.deps.virtType.resolve(),
      this.deps.installationId,
      { outbound: this.deps.outboundNetwork },
    );
    return renderDomainXml(model);
  }

  private requireInstant(): InstantStart {
    if (!this.deps.instant) throw new VmOperationError('Restoring VMs needs a local libvirt with guest agents.');
    return this.deps.instant;
  }

  /** Removes the definition, stopping the VM first if it runs. A missing domain is success. */
  async undefineVm(hostingId: string): Promise<void> {
    const name = this.domain(hostingId);
    await this.deps.hypervisor.destroyDomain(name);
    await this.deps.hypervisor.undefineDomain(name);
  }

  /**
   * Starts the VM; a running VM is success. A VM whose stop saved its memory
   * resumes from it in seconds; should libvirt refuse that state, it is
   * dropped and the VM boots (its files are on disk: the stop synced them).
   */
  async startVm(hostingId: string): Promise<void> {
    const name = this.domain(hostingId);
    const { hypervisor, instant } = this.deps;
    const saved = instant !== undefined && (await hypervisor.hasManagedSave(name));
    let started: 'started' | 'missing';
    try {
      started = await hypervisor.startDomain(name);
    } catch (error) {
      if (!saved) throw error;
      await hypervisor.removeManagedSave(name);
      started = await hypervisor.startDomain(name);
    }
    if (started === 'missing') throw new VmNotFoundError(hostingId);
    // A clock a few hours behind breaks little but confuses much (logs, make, TLS): best effort.
    if (saved) await instant.setClock(name).catch(() => undefined);
  }

  /**
   * Stops the VM. With `saveState`, a guest whose agent answers has its memory
   * saved for the next start (InstantStart.saveForNextStart). Otherwise, or
   * when that fails, it is asked to power off and given up to `timeoutMs`;
   * then the plug is pulled. A stopped VM is success; a missing one is VmNotFoundError.
   */
  async stopVm(hostingId: string, options: { timeoutMs: number; saveState?: boolean }): Promise<void> {
    const name = this.domain(hostingId);
    const state = await this.getVmState(hostingId);
    if (state === 'missing') throw new VmNotFoundError(hostingId);
    if (state === 'shutoff') return;
    if (state === 'running' && options.saveState && this.deps.instant) {
      const saved = await this.deps.instant.saveForNextStart(name).catch(() => false);
      if (saved) return;
    }
    if (state === 'running' && (await this.deps.hypervisor.shutdownDomain(name)) === 'requested') {
      const deadline = Date.now() + options.timeoutMs;
      while (Date.now() < deadline) {
        if ((await this.getVmState(hostingId)) !== 'running') break;
        await new Promise((resolve) => setTimeout(resolve, this.pollIntervalMs));
      }
    }
    // Paused, crashed or still running after the grace period.
    await this.deps.hypervisor.destroyDomain(name);
  }

  async rebootVm(hostingId: string): Promise<void> {
    if ((await this.deps.hypervisor.rebootDomain(this.domain(hostingId))) === 'missing')
      throw new VmNotFoundError(hostingId);
  }

  async getVmState(hostingId: string): Promise<VmState> {
    const state = vmStateOf(await this.deps.hypervisor.domainState(this.domain(hostingId)));
    if (state === undefined) throw new VmOperationError(`libvirt reports an unknown state for hosting ${hostingId}.`);
    return state;
  }

  /** Hosting ids of all Hostbay domains, read from their metadata (names are only checked against it). */
  async listVms(): Promise<string[]> {
    const ids: string[] = [];
    for (const name of await this.deps.hypervisor.listDomainNames()) {
      if (!name.startsWith('hb-')) continue;
      const xml = await this.deps.hypervisor.domainXml(name);
      const owner = xml === undefined ? undefined : hostingOfDomainXml(xml);
      // Another installation's domain on the same libvirt is not ours to list (or to remove as an orphan).
      if (owner && owner.installation === this.deps.installationId && domainName(owner.id) === name) ids.push(owner.id);
    }
    return ids;
  }

  /** Hosting ids that have volumes in the pool (the pool is this installation's own). */
  async listVolumeOwners(): Promise<string[]> {
    const owners = new Set<string>();
    for (const volume of await this.deps.storage.listVolumes()) {
      const owner = hostingOfVolume(volume);
      if (owner) owners.add(owner);
    }
    return [...owners];
  }

  /** Removes every volume of the hosting that the pool holds, its snapshots' too: for an orphan, whose rows are gone. */
  async deleteVolumesOf(hostingId: string): Promise<void> {
    const id = parseOrThrow(HostingId, hostingId);
    for (const volume of await this.deps.storage.listVolumes())
      if (hostingOfVolume(volume) === id) await this.deps.storage.deleteVolume(volume);
  }

  /** Where to reach a VM from the host: its forwarded ports in user mode, its own address in bridge mode. */
  endpoints(input: VmSpecInput): VmEndpoints {
    const { network } = this.parseSpec(input);
    if (network.mode === 'bridge') return { webHost: network.ip, webPort: 80, sshHost: network.ip, sshPort: 22 };
    const sshHost = reachableAddress(network.sshHost);
    return { webHost: '127.0.0.1', webPort: network.webPort, sshHost, sshPort: network.sshPort };
  }

  /** Waits for HTTP 200 and an SSH banner. */
  waitForVmReady(endpoints: VmEndpoints, options: WaitOptions): Promise<void> {
    return waitForVmReady(endpoints, options);
  }

  /** Removes the domain and every volume of the VM. Safe to repeat; a missing VM is success. */
  async deleteVm(hostingId: string): Promise<void> {
    const id = parseOrThrow(HostingId, hostingId);
    await this.undefineVm(id);
    // By name, not by listing the pool: a listing re-reads every file of every VM.
    for (const volume of Object.values(vmVolumes(id))) await this.deps.storage.deleteVolume(volume);
  }

  /** Defines, starts and marks autostart the bridge-mode libvirt network, if it is not already. */
  async ensureNetwork(): Promise<void> {
    const bridge = this.deps.bridge;
    if (!bridge) throw new VmOperationError('Bridge mode needs the bridge settings (VmConfig.bridge).');
    await ensureBridgeNetwork(this.deps.hypervisor, bridge);
  }

  /** Where the VM's serial line listens for the browser console; undefined where there is none (see consoleSocketDir). */
  consoleSocket(hostingId: string): string | undefined {
    const dir = this.deps.consoleSocketDir;
    return dir === undefined ? undefined : path.join(dir, consoleSocketName(parseOrThrow(HostingId, hostingId)));
  }

  /** The VM's volume names, e.g. the console log for diagnosing a boot. */
  volumes(hostingId: string): VmVolumes {
    return vmVolumes(parseOrThrow(HostingId, hostingId));
  }

  private domain(hostingId: string): string {
    return domainName(parseOrThrow(HostingId, hostingId));
  }
}

function seedInput(spec: VmSpec): SeedInput {
  const network = spec.network;
  return {
    hostingId: spec.hostingId,
    username: spec.username,
    sshPublicKey: spec.sshPublicKey,
    passwordHash: spec.passwordHash,
    mac: guestMac(spec),
    installWebServer: spec.baseImage.installsWebServer,
    ...(spec.access ? { access: spec.access } : {}),
    network:
      network.mode === 'user'
        ? { mode: 'dhcp' }
        : { mode: 'static', address: network.ip, prefix: network.prefix, gateway: network.gateway, dns: network.dns },
  };
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new VmSpecError(result.error);
  return result.data;
}
