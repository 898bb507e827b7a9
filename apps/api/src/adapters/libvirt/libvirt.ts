import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { VirshCommandError, type VirshSession } from './virsh-session.js';

/** A domain's state as `virsh domstate` words it, or `missing` when there is no such domain. */
export type DomainState =
  'running' | 'idle' | 'paused' | 'in shutdown' | 'shut off' | 'crashed' | 'pmsuspended' | 'missing' | 'unknown';

export interface NetworkInfo {
  active: boolean;
  autostart: boolean;
}

/**
 * The libvirt operations Hostbay uses. Every operation that has an obvious
 * "already done" outcome treats it as success, so callers can re-run steps:
 * starting a running domain, destroying a stopped or missing one, undefining
 * a missing one. Other failures reject with VirshCommandError.
 */
export interface Libvirt {
  defineDomain(xml: string): Promise<void>;
  /** Removes the definition (not the disks). A missing domain is success. */
  undefineDomain(name: string): Promise<void>;
  startDomain(name: string): Promise<void>;
  /** Asks the guest to power off (ACPI); returns at once. */
  shutdownDomain(name: string): Promise<void>;
  /** Pulls the plug. A stopped or missing domain is success. */
  destroyDomain(name: string): Promise<void>;
  rebootDomain(name: string): Promise<void>;
  domainState(name: string): Promise<DomainState>;
  /** Names of all domains, running or not. */
  listDomainNames(): Promise<string[]>;
  /** The domain's definition, or undefined when it does not exist. */
  domainXml(name: string): Promise<string | undefined>;
  defineNetwork(xml: string): Promise<void>;
  startNetwork(name: string): Promise<void>;
  setNetworkAutostart(name: string): Promise<void>;
  /** undefined when the network does not exist. */
  networkInfo(name: string): Promise<NetworkInfo | undefined>;
  /** A missing network is success. */
  removeNetwork(name: string): Promise<void>;
  close(): Promise<void>;
}

/** libvirt through one long-lived virsh session. */
export class VirshLibvirt implements Libvirt {
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

  async startDomain(name: string): Promise<void> {
    await ignoring('already-active', this.virsh.run(['start', '--domain', name]));
  }

  async shutdownDomain(name: string): Promise<void> {
    await this.virsh.run(['shutdown', '--domain', name]);
  }

  async destroyDomain(name: string): Promise<void> {
    await ignoring(['not-found', 'not-running'], this.virsh.run(['destroy', '--domain', name]));
  }

  async rebootDomain(name: string): Promise<void> {
    await this.virsh.run(['reboot', '--domain', name]);
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

  async removeNetwork(name: string): Promise<void> {
    await ignoring(['not-found', 'not-running'], this.virsh.run(['net-destroy', '--network', name]));
    await ignoring('not-found', this.virsh.run(['net-undefine', '--network', name]));
  }

  close(): Promise<void> {
    return this.virsh.close();
  }

  /**
   * virsh reads definitions from files. A private folder per call keeps the
   * XML away from other users and the path free of anything virsh's parser
   * could misread.
   */
  private async withXmlFile<T>(xml: string, use: (file: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hostbay-virsh-'));
    try {
      const file = path.join(dir, 'definition.xml');
      await writeFile(file, xml, { mode: 0o600 });
      return await use(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

async function ignoring(
  failures: VirshCommandError['failure'] | VirshCommandError['failure'][],
  run: Promise<unknown>,
) {
  const ignored = Array.isArray(failures) ? failures : [failures];
  try {
    await run;
  } catch (error) {
    if (error instanceof VirshCommandError && ignored.includes(error.failure)) return;
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
