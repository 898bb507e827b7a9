import { setTimeout as sleep } from 'node:timers/promises';
import { reachableAddress } from '../../../../src/config/listen-address.js';
import type { VmPort } from '../../../../src/modules/hosting/hosting.ports.js';
import { VmNotFoundError, VmNotReadyError, VmOperationError } from '../../../../src/modules/vm/vm.errors.js';
import { hostingOfVolume, vmVolumes, type VmVolumes } from '../../../../src/modules/vm/vm-names.js';
import type { VmEndpoints, WaitOptions } from '../../../../src/modules/vm/vm-ready.js';
import type { VmState } from '../../../../src/modules/vm/vm-state.js';
import { HostingId, VmSpec, type VmSpecInput } from '../../../../src/modules/vm/vm.spec.js';
import { Faults } from './faults.js';

export type VmMethod = Exclude<keyof VmPort, 'endpoints' | 'volumes'>;

interface Domain {
  username: string;
  vcpus: number;
  memoryMb: number;
  state: Exclude<VmState, 'missing'>;
  endpoints: VmEndpoints;
}

function endpointsOf(spec: VmSpec): VmEndpoints {
  const { network } = spec;
  if (network.mode === 'bridge') return { webHost: network.ip, webPort: 80, sshHost: network.ip, sshPort: 22 };
  return {
    webHost: '127.0.0.1',
    webPort: network.webPort,
    sshHost: reachableAddress(network.sshHost),
    sshPort: network.sshPort,
  };
}

/**
 * The VM layer in memory: libvirt domains with their states, and the volumes
 * of the storage pool, with VMService's contract: specs are validated, each
 * step is safe to repeat, deletes of what is gone succeed, and starting or
 * stopping a missing VM is VmNotFoundError. A guest answers on its ports once
 * its domain runs, unless the test made it `silent` (a broken image).
 */
export class FakeVm implements VmPort {
  readonly domains = new Map<string, Domain>();
  readonly volumeNames = new Set<string>();
  /** Each disk's size, GiB, by hosting id. */
  readonly diskSizes = new Map<string, number>();
  /** What the host has for one machine (`virsh nodeinfo`). */
  host = { cpus: 4, memoryMb: 8192 };
  /** Hostings whose VM was restored from this template key (restoreVm) and then made theirs (personaliseVm). */
  readonly restoredFrom = new Map<string, string>();
  readonly personalised = new Set<string>();
  /** Hostings whose stop saved their memory (stopVm with saveState): their next start resumes it. */
  readonly savedStates = new Set<string>();
  /** The files on each hosting's disk, by hosting id: what a member wrote, for snapshots to keep and put back. */
  readonly files = new Map<string, Set<string>>();
  /** Usernames whose guests never answer on their ports. */
  readonly silent = new Set<string>();
  readonly faults: Faults<VmMethod>;

  constructor(journal?: string[]) {
    this.faults = new Faults<VmMethod>('vm', journal);
  }

  async writeSeed(input: VmSpecInput): Promise<void> {
    const spec = VmSpec.parse(input);
    await this.faults.enter('writeSeed', spec.hostingId);
    this.volumeNames.add(vmVolumes(spec.hostingId).seed);
  }

  async cloneDisk(input: VmSpecInput): Promise<void> {
    const spec = VmSpec.parse(input);
    await this.faults.enter('cloneDisk', spec.hostingId);
    // An existing disk is kept: it may hold the user's files.
    const { disk } = vmVolumes(spec.hostingId);
    if (!this.volumeNames.has(disk)) this.diskSizes.set(spec.hostingId, spec.diskGb);
    this.volumeNames.add(disk);
  }

  async removeDisk(hostingId: string): Promise<void> {
    await this.faults.enter('removeDisk', hostingId);
    this.volumeNames.delete(this.volumes(hostingId).disk);
    this.diskSizes.delete(hostingId);
  }

  async defineVm(input: VmSpecInput): Promise<void> {
    const spec = VmSpec.parse(input);
    await this.faults.enter('defineVm', spec.hostingId);
    this.volumeNames.add(vmVolumes(spec.hostingId).consoleLog);
    // Redefining keeps a running domain running.
    const state = this.domains.get(spec.hostingId)?.state ?? 'shutoff';
    this.domains.set(spec.hostingId, {
      username: spec.username,
      vcpus: spec.vcpus,
      memoryMb: spec.memoryMb,
      state,
      endpoints: endpointsOf(spec),
    });
  }

  async growDisk(hostingId: string, diskGb: number): Promise<void> {
    await this.faults.enter('growDisk', hostingId);
    const id = HostingId.parse(hostingId);
    if (!this.volumeNames.has(vmVolumes(id).disk)) throw new VmOperationError(`hosting ${id} has no disk`);
    if (this.domains.get(id)?.state === 'running') throw new VmOperationError(`the VM of ${id} runs`);
    this.diskSizes.set(id, Math.max(this.diskSizes.get(id) ?? 0, diskGb));
  }

  async hostResources(): Promise<{ cpus: number; memoryMb: number }> {
    await this.faults.enter('hostResources', '');
    return { ...this.host };
  }

  async undefineVm(hostingId: string): Promise<void> {
    await this.faults.enter('undefineVm', hostingId);
    this.domains.delete(HostingId.parse(hostingId));
  }

  async startVm(hostingId: string): Promise<void> {
    await this.faults.enter('startVm', hostingId);
    this.domain(hostingId).state = 'running';
    // A start resumes the memory a stop saved; it is used once.
    this.savedStates.delete(hostingId);
  }

  async stopVm(hostingId: string, options: { timeoutMs: number; saveState?: boolean }): Promise<void> {
    await this.faults.enter('stopVm', hostingId);
    const domain = this.domain(hostingId);
    if (domain.state === 'running' && options.saveState) this.savedStates.add(hostingId);
    domain.state = 'shutoff';
  }

  async restoreVm(input: VmSpecInput): Promise<void> {
    const spec = VmSpec.parse(input);
    await this.faults.enter('restoreVm', spec.hostingId);
    if (!spec.template) throw new VmOperationError(`hosting ${spec.hostingId} has no template`);
    const domain = this.domain(spec.hostingId);
    // Restoring a running VM is done already.
    if (domain.state !== 'running') this.restoredFrom.set(spec.hostingId, spec.template.key);
    domain.state = 'running';
  }

  async personaliseVm(input: VmSpecInput, options: WaitOptions): Promise<void> {
    const spec = VmSpec.parse(input);
    await this.faults.enter('personaliseVm', spec.hostingId);
    if (this.domain(spec.hostingId).state !== 'running')
      throw new VmOperationError(`domain of ${spec.hostingId} is not running`);
    this.personalised.add(spec.hostingId);
    await this.waitForVmReady(endpointsOf(spec), options);
  }

  async discardSavedState(hostingId: string): Promise<void> {
    await this.faults.enter('discardSavedState', hostingId);
    this.savedStates.delete(hostingId);
  }

  async rebootVm(hostingId: string): Promise<void> {
    await this.faults.enter('rebootVm', hostingId);
    const domain = this.domain(hostingId);
    if (domain.state !== 'running') throw new VmOperationError(`domain of ${hostingId} is not running`);
  }

  async getVmState(hostingId: string): Promise<VmState> {
    await this.faults.enter('getVmState', hostingId);
    return this.domains.get(HostingId.parse(hostingId))?.state ?? 'missing';
  }

  async listVms(): Promise<string[]> {
    await this.faults.enter('listVms', '');
    return [...this.domains.keys()];
  }

  async deleteVolumesOf(hostingId: string): Promise<void> {
    await this.faults.enter('deleteVolumesOf', hostingId);
    for (const volume of [...this.volumeNames])
      if (hostingOfVolume(volume) === hostingId) this.volumeNames.delete(volume);
  }

  async listVolumeOwners(): Promise<string[]> {
    await this.faults.enter('listVolumeOwners', '');
    return this.owners();
  }

  endpoints(input: VmSpecInput): VmEndpoints {
    return endpointsOf(VmSpec.parse(input));
  }

  /** Like the real wait: resolves once the guest answers, rejects at its own deadline or with the signal's reason. */
  async waitForVmReady(endpoints: VmEndpoints, options: WaitOptions): Promise<void> {
    const hostingId = this.hostingAt(endpoints) ?? '';
    await this.faults.enter('waitForVmReady', hostingId);
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      options.signal?.throwIfAborted();
      if (this.answers(hostingId)) return;
      if (Date.now() > deadline)
        throw new VmNotReadyError(`VM not ready after ${options.timeoutMs} ms: nothing answers`);
      try {
        // Between rounds the real check sleeps on the signal, so an abort ends the wait at once.
        await sleep(2, undefined, { signal: options.signal });
      } catch (error) {
        options.signal?.throwIfAborted();
        throw error;
      }
    }
  }

  async deleteVm(hostingId: string): Promise<void> {
    await this.faults.enter('deleteVm', hostingId);
    this.savedStates.delete(hostingId);
    const id = HostingId.parse(hostingId);
    this.domains.delete(id);
    for (const volume of Object.values(vmVolumes(id))) this.volumeNames.delete(volume);
    this.diskSizes.delete(id);
    this.files.delete(id);
  }

  volumes(hostingId: string): VmVolumes {
    return vmVolumes(HostingId.parse(hostingId));
  }

  /** Whether the guest serves its web and SSH ports: it runs, and its image is not broken. */
  answers(hostingId: string): boolean {
    const domain = this.domains.get(hostingId);
    return domain?.state === 'running' && !this.silent.has(domain.username);
  }

  /** The member writes a file on the machine's disk (over SSH, say): it must run. */
  write(hostingId: string, file: string): void {
    if (this.domain(hostingId).state !== 'running') throw new Error('files are written on a running machine');
    const files = this.files.get(hostingId) ?? new Set<string>();
    files.add(file);
    this.files.set(hostingId, files);
  }

  /** The state of a hosting's domain, for fakes beside this one. */
  stateOf(hostingId: string): VmState {
    return this.domains.get(hostingId)?.state ?? 'missing';
  }

  /** The guest changed on its own: shut down from inside, crashed. */
  setState(hostingId: string, state: Domain['state']): void {
    this.domain(hostingId).state = state;
  }

  /** Someone removed the VM behind Hostbay's back. */
  vanish(hostingId: string): void {
    this.domains.delete(hostingId);
    for (const volume of Object.values(vmVolumes(hostingId))) this.volumeNames.delete(volume);
  }

  owners(): string[] {
    const owners = new Set<string>();
    for (const volume of this.volumeNames) {
      const owner = hostingOfVolume(volume);
      if (owner) owners.add(owner);
    }
    return [...owners];
  }

  /** No domain and no volume left: what a leak check wants to see. */
  isEmpty(): boolean {
    return this.domains.size === 0 && this.volumeNames.size === 0;
  }

  private domain(hostingId: string): Domain {
    const domain = this.domains.get(HostingId.parse(hostingId));
    if (!domain) throw new VmNotFoundError(hostingId);
    return domain;
  }

  private hostingAt(endpoints: VmEndpoints): string | undefined {
    for (const [id, domain] of this.domains) {
      if (domain.endpoints.webHost === endpoints.webHost && domain.endpoints.webPort === endpoints.webPort) return id;
    }
    return undefined;
  }
}
