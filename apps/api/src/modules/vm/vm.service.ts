import { reachableAddress } from '../../host/listen-address.js';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { z } from 'zod';
import type { Libvirt } from '../../adapters/libvirt/libvirt.js';
import { VirshCommandError } from '../../adapters/libvirt/virsh-session.js';
import { buildDomainModel, guestMac } from './domain-model.js';
import type { DiskImages } from './disk-images.js';
import { hostingOfDomainXml, renderDomainXml } from './domain-xml.js';
import { bridgeNetworkModel, renderNetworkXml } from './network-xml.js';
import { buildSeedFiles, newInstanceId, type SeedInput } from './seed-content.js';
import type { SeedImageWriter } from './seed-image.js';
import type { VirtTypeResolver } from './virt-type.js';
import { VmNotFoundError, VmOperationError, VmSpecError } from './vm-errors.js';
import { vmFiles, type VmFiles } from './vm-paths.js';
import { waitForVmReady, type VmEndpoints, type WaitOptions } from './vm-ready.js';
import { domainName, HostingId, VmSpec, type VmSpecInput } from './vm-spec.js';

/**
 * Traverse-only for others: QEMU may run as its own user (libvirt-qemu) and
 * must reach the disk, seed and log that libvirt hands it, without being able
 * to list other VMs' folders.
 */
const VM_DIR_MODE = 0o711;

/** A VM's state, in the words the hosting lifecycle needs. */
export type VmState = 'running' | 'paused' | 'shutoff' | 'crashed' | 'missing';

export interface VmServiceDeps {
  libvirt: Libvirt;
  disks: DiskImages;
  seeds: SeedImageWriter;
  virtType: VirtTypeResolver;
  /** `<dataDir>/vms`: one folder per VM. */
  vmsDir: string;
  /** Marks the domains this installation defines; listVms sees only those. */
  installationId: string;
  /** user mode: let guests open outbound connections (HOSTBAY_VM_OUTBOUND). */
  outboundNetwork?: boolean;
  /** The libvirt network for bridge mode (VmConfig.bridge); unused in user mode. */
  bridge?: { network: string; device: string; cidr: { address: string; prefix: number } };
  /** How often stopVm looks whether the guest has powered off. */
  pollIntervalMs?: number;
}

/**
 * One hosting's VM on libvirt. Each step is separately callable and safe to
 * re-run after it succeeded, so the hosting lifecycle can checkpoint, resume
 * and undo them; createVm and deleteVm compose them for direct use. Specs are
 * validated here, so nothing unchecked reaches XML, YAML, paths or virsh.
 */
export class VmService {
  private readonly pollIntervalMs: number;

  constructor(private readonly deps: VmServiceDeps) {
    this.pollIntervalMs = deps.pollIntervalMs ?? 500;
  }

  /** Parses a spec; throws VmSpecError naming each bad field. */
  parseSpec(input: VmSpecInput): VmSpec {
    return parseOrThrow(VmSpec, input);
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

  /** Writes the NoCloud seed. Re-running keeps the instance id, so cloud-init does not re-provision the VM. */
  async writeSeed(input: VmSpecInput): Promise<void> {
    const spec = this.parseSpec(input);
    const files = this.files(spec.hostingId);
    await mkdir(files.dir, { recursive: true, mode: VM_DIR_MODE });
    const instanceId = (await readOptional(files.instanceId))?.trim() || newInstanceId(spec.hostingId);
    await writeFile(files.instanceId, `${instanceId}\n`);
    await this.deps.seeds.write(buildSeedFiles(seedInput(spec), instanceId), files.seed);
  }

  async removeSeed(hostingId: string): Promise<void> {
    const files = this.files(parseOrThrow(HostingId, hostingId));
    await rm(files.seed, { force: true });
    await rm(files.instanceId, { force: true });
  }

  /** Creates the VM's overlay disk. An existing disk is kept: it may hold the user's files. */
  async cloneDisk(input: VmSpecInput): Promise<void> {
    const spec = this.parseSpec(input);
    const files = this.files(spec.hostingId);
    if (await exists(files.disk)) return;
    await mkdir(files.dir, { recursive: true, mode: VM_DIR_MODE });
    const base = await this.deps.disks.info(spec.baseImage.disk).catch((error: unknown) => {
      throw new VmOperationError(`Base image ${spec.baseImage.disk} is not readable.`, { cause: error });
    });
    if (base.format !== 'qcow2')
      throw new VmOperationError(`Base image ${spec.baseImage.disk} is ${base.format}, not qcow2.`);
    const wanted = spec.diskGb * 1024 ** 3;
    if (wanted < base.virtualSizeBytes) {
      throw new VmOperationError(
        `A ${spec.diskGb} GiB disk is smaller than the base image (${Math.ceil(base.virtualSizeBytes / 1024 ** 3)} GiB).`,
      );
    }
    await this.deps.disks.createOverlay(spec.baseImage.disk, files.disk, wanted);
  }

  async removeDisk(hostingId: string): Promise<void> {
    const files = this.files(parseOrThrow(HostingId, hostingId));
    await rm(files.disk, { force: true });
    await rm(`${files.disk}.partial`, { force: true });
  }

  /** Defines (or redefines) the libvirt domain `hb-<hosting id>`. */
  async defineVm(input: VmSpecInput): Promise<void> {
    const spec = this.parseSpec(input);
    const model = buildDomainModel(
      spec,
      this.files(spec.hostingId),
      await this.deps.virtType.resolve(),
      this.deps.installationId,
      { outbound: this.deps.outboundNetwork },
    );
    await this.deps.libvirt.defineDomain(renderDomainXml(model));
  }

  /** Removes the definition, stopping the VM first if it runs. A missing domain is success. */
  async undefineVm(hostingId: string): Promise<void> {
    const name = domainName(parseOrThrow(HostingId, hostingId));
    await this.deps.libvirt.destroyDomain(name);
    await this.deps.libvirt.undefineDomain(name);
  }

  /** Starts the VM; a running VM is success. */
  async startVm(hostingId: string): Promise<void> {
    const name = domainName(parseOrThrow(HostingId, hostingId));
    await this.mapNotFound(hostingId, () => this.deps.libvirt.startDomain(name));
  }

  /**
   * Asks the guest to power off and waits up to `timeoutMs`; then pulls the
   * plug. A stopped VM is success; a missing one is VmNotFoundError.
   */
  async stopVm(hostingId: string, options: { timeoutMs: number }): Promise<void> {
    const name = domainName(parseOrThrow(HostingId, hostingId));
    const state = await this.getVmState(hostingId);
    if (state === 'missing') throw new VmNotFoundError(hostingId);
    if (state === 'shutoff') return;
    if (state === 'running') {
      try {
        await this.deps.libvirt.shutdownDomain(name);
      } catch (error) {
        // Shut off between our look and the request: the goal is reached.
        if (!(error instanceof VirshCommandError && error.failure === 'not-running')) throw error;
      }
      const deadline = Date.now() + options.timeoutMs;
      while (Date.now() < deadline) {
        if ((await this.getVmState(hostingId)) !== 'running') break;
        await new Promise((resolve) => setTimeout(resolve, this.pollIntervalMs));
      }
    }
    // Paused, crashed or still running after the grace period.
    await this.deps.libvirt.destroyDomain(name);
  }

  async rebootVm(hostingId: string): Promise<void> {
    const name = domainName(parseOrThrow(HostingId, hostingId));
    await this.mapNotFound(hostingId, () => this.deps.libvirt.rebootDomain(name));
  }

  async getVmState(hostingId: string): Promise<VmState> {
    const state = await this.deps.libvirt.domainState(domainName(parseOrThrow(HostingId, hostingId)));
    switch (state) {
      case 'running':
      case 'idle':
      case 'in shutdown':
        return 'running';
      case 'paused':
      case 'pmsuspended':
        return 'paused';
      case 'shut off':
        return 'shutoff';
      case 'crashed':
        return 'crashed';
      case 'missing':
        return 'missing';
      case 'unknown':
        throw new VmOperationError(`libvirt reports an unknown state for hosting ${hostingId}.`);
    }
  }

  /** Hosting ids of all Hostbay domains, read from their metadata (names are only checked against it). */
  async listVms(): Promise<string[]> {
    const ids: string[] = [];
    for (const name of await this.deps.libvirt.listDomainNames()) {
      if (!name.startsWith('hb-')) continue;
      const xml = await this.deps.libvirt.domainXml(name);
      const owner = xml === undefined ? undefined : hostingOfDomainXml(xml);
      // Another installation's domain on the same libvirt is not ours to list (or to remove as an orphan).
      if (owner && owner.installation === this.deps.installationId && domainName(owner.id) === name) ids.push(owner.id);
    }
    return ids;
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

  /** Removes the domain and every file the VM used. Safe to repeat; a missing VM is success. */
  async deleteVm(hostingId: string): Promise<void> {
    const id = parseOrThrow(HostingId, hostingId);
    await this.undefineVm(id);
    await rm(this.files(id).dir, { recursive: true, force: true });
  }

  /** Defines, starts and marks autostart the bridge-mode libvirt network, if it is not already. */
  async ensureNetwork(): Promise<void> {
    const bridge = this.deps.bridge;
    if (!bridge) throw new VmOperationError('Bridge mode needs the bridge settings (VmConfig.bridge).');
    const model = bridgeNetworkModel(bridge);
    const info = await this.deps.libvirt.networkInfo(model.name);
    if (!info) await this.deps.libvirt.defineNetwork(renderNetworkXml(model));
    if (!info?.active) await this.deps.libvirt.startNetwork(model.name);
    if (!info?.autostart) await this.deps.libvirt.setNetworkAutostart(model.name);
  }

  /** The VM's files, e.g. the console log for diagnosing a boot. */
  files(hostingId: string): VmFiles {
    return vmFiles(this.deps.vmsDir, parseOrThrow(HostingId, hostingId));
  }

  private async mapNotFound(hostingId: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (error instanceof VirshCommandError && error.failure === 'not-found') throw new VmNotFoundError(hostingId);
      throw error;
    }
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

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
