import type { DomainState, Hypervisor, NetworkInfo, NodeInfo } from '../../modules/vm/vm.ports.js';
import { withPrivateFile } from '../files/private-temp-file.js';
import { ignoringFailures as ignoring, VirshCommandError, type VirshSession } from './virsh-session.js';

/** libvirt through one long-lived virsh session. */
export class LibvirtHypervisor implements Hypervisor {
  constructor(private readonly virsh: VirshSession) {}

  async defineDomain(xml: string): Promise<void> {
    await this.withXmlFile(xml, (file) => this.virsh.run(['define', '--file', file]));
  }

  async undefineDomain(name: string): Promise<void> {
    await ignoring(
      'not-found',
      this.virsh.run(['undefine', '--domain', name, '--managed-save', '--snapshots-metadata']),
    );
  }

  async startDomain(name: string): Promise<'started' | 'missing'> {
    return whenMissing(ignoring('already-active', this.virsh.run(['start', '--domain', name])), 'started');
  }

  async shutdownDomain(name: string): Promise<'requested' | 'not-running' | 'missing'> {
    try {
      return await whenMissing(this.virsh.run(['shutdown', '--domain', name]), 'requested');
    } catch (error) {
      // Shut off between the caller's look and the request.
      if (error instanceof VirshCommandError && error.failure === 'not-running') return 'not-running';
      throw error;
    }
  }

  async destroyDomain(name: string): Promise<void> {
    await ignoring(['not-found', 'not-running'], this.virsh.run(['destroy', '--domain', name]));
  }

  async rebootDomain(name: string): Promise<'requested' | 'missing'> {
    return whenMissing(this.virsh.run(['reboot', '--domain', name]), 'requested');
  }

  async domainState(name: string): Promise<DomainState> {
    try {
      const state = (await this.virsh.run(['domstate', '--domain', name])).trim();
      return isDomainState(state) ? state : 'unknown';
    } catch (error) {
      if (error instanceof VirshCommandError && error.failure === 'not-found') return 'missing';
      throw error;
    }
  }

  async listDomainNames(): Promise<string[]> {
    const output = await this.virsh.run(['list', '--all', '--name']);
    return output
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  }

  async domainXml(name: string): Promise<string | undefined> {
    try {
      return await this.virsh.run(['dumpxml', '--domain', name]);
    } catch (error) {
      if (error instanceof VirshCommandError && error.failure === 'not-found') return undefined;
      throw error;
    }
  }

  async defineNetwork(xml: string): Promise<void> {
    await this.withXmlFile(xml, (file) => this.virsh.run(['net-define', '--file', file]));
  }

  async startNetwork(name: string): Promise<void> {
    await ignoring('already-active', this.virsh.run(['net-start', '--network', name]));
  }

  async setNetworkAutostart(name: string): Promise<void> {
    await this.virsh.run(['net-autostart', '--network', name]);
  }

  async networkInfo(name: string): Promise<NetworkInfo | undefined> {
    let output: string;
    try {
      output = await this.virsh.run(['net-info', '--network', name]);
    } catch (error) {
      if (error instanceof VirshCommandError && error.failure === 'not-found') return undefined;
      throw error;
    }
    const field = (label: string) => new RegExp(`^${label}:\\s*(\\S+)`, 'm').exec(output)?.[1];
    return { active: field('Active') === 'yes', autostart: field('Autostart') === 'yes' };
  }

  async nodeInfo(): Promise<NodeInfo> {
    const output = await this.virsh.run(['nodeinfo']);
    const field = (label: string) => Number(new RegExp(`^${label}:\\s*(\\d+)`, 'm').exec(output)?.[1]);
    const info = { cpus: field('CPU\\(s\\)'), memoryKib: field('Memory size') };
    if (!(info.cpus > 0 && info.memoryKib > 0))
      throw new Error(`virsh nodeinfo gave no CPU count or memory: ${output}`);
    return info;
  }

  async saveDomain(name: string, file: string): Promise<void> {
    // Minutes at most: the state is the guest's memory in use, written by QEMU at disk speed.
    await this.virsh.run(['save', '--domain', name, '--file', file, '--running'], { timeoutMs: 10 * 60_000 });
  }

  async restoreDomain(file: string): Promise<void> {
    await this.virsh.run(['restore', '--file', file, '--running'], { timeoutMs: 5 * 60_000 });
  }

  async managedSave(name: string): Promise<void> {
    await this.virsh.run(['managedsave', '--domain', name, '--running'], { timeoutMs: 10 * 60_000 });
  }

  async hasManagedSave(name: string): Promise<boolean> {
    try {
      // `Managed save: yes` in dominfo; a missing domain has none.
      return /^Managed save:\s+yes/m.test(await this.virsh.run(['dominfo', '--domain', name]));
    } catch (error) {
      if (error instanceof VirshCommandError && error.failure === 'not-found') return false;
      throw error;
    }
  }

  async removeManagedSave(name: string): Promise<void> {
    await ignoring('not-found', this.virsh.run(['managedsave-remove', '--domain', name]));
  }

  async removeNetwork(name: string): Promise<void> {
    await ignoring(['not-found', 'not-running'], this.virsh.run(['net-destroy', '--network', name]));
    await ignoring('not-found', this.virsh.run(['net-undefine', '--network', name]));
  }

  close(): Promise<void> {
    return this.virsh.close();
  }

  /** virsh reads definitions from files: a private one per call keeps the XML from other users. */
  private withXmlFile<T>(xml: string, use: (file: string) => Promise<T>): Promise<T> {
    return withPrivateFile(xml, use, 'definition.xml');
  }
}

/** Resolves to `done`, or to `missing` when libvirt has no such domain. */
async function whenMissing<T extends string>(run: Promise<unknown>, done: T): Promise<T | 'missing'> {
  try {
    await run;
    return done;
  } catch (error) {
    if (error instanceof VirshCommandError && error.failure === 'not-found') return 'missing';
    throw error;
  }
}

const DOMAIN_STATES: readonly string[] = [
  'running',
  'idle',
  'paused',
  'in shutdown',
  'shut off',
  'crashed',
  'pmsuspended',
];

function isDomainState(value: string): value is DomainState {
  return DOMAIN_STATES.includes(value);
}
