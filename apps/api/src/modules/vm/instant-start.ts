import { randomBytes } from 'node:crypto';
import { personalisationCommand } from './guest-personalisation.js';
import { VmOperationError } from './vm.errors.js';
import { domainName } from './vm-names.js';
import type { GuestAgent, HostKeyMaker, Hypervisor, TemplateFiles } from './vm.ports.js';
import type { VmSpec } from './vm.spec.js';

export interface InstantStartDeps {
  hypervisor: Hypervisor;
  agent: GuestAgent;
  templates: TemplateFiles;
  hostKeys: HostKeyMaker;
}

/** How often a guest's agent is asked whether it answers yet. */
const AGENT_POLL_MS = 200;

/**
 * VMs that start from saved memory instead of booting: a hosting restored
 * from its template and made the member's, and a stopped hosting resumed from
 * the state its stop saved. Everything here goes through libvirt and the
 * guest's agent; VmService decides when.
 */
export class InstantStart {
  constructor(private readonly deps: InstantStartDeps) {}

  /** Starts the defined (shut off) domain from its template's saved state, with `xml` as its definition. */
  async restore(spec: VmSpec, xml: string): Promise<void> {
    const key = spec.template?.key;
    if (!key) throw new VmOperationError(`Hosting ${spec.hostingId} is not made from a template.`);
    const template = await this.deps.templates.find(key);
    if (!template) throw new VmOperationError(`Template ${key} is not on this host any more.`);
    const name = domainName(spec.hostingId);
    const file = await this.deps.templates.stateForRestore(template, name, xml);
    try {
      await this.deps.hypervisor.restoreDomain(file);
    } finally {
      await this.deps.templates.removeRestoreState(name);
    }
  }

  /**
   * Makes a restored VM the member's (guest-personalisation.ts): fresh
   * machine-id, host keys made here for it alone, random state, clock, user,
   * hostname and page. sshd starts only once its new keys are in place.
   */
  async personalise(spec: VmSpec, options: { timeoutMs: number; signal: AbortSignal }): Promise<void> {
    const name = domainName(spec.hostingId);
    const deadline = Date.now() + options.timeoutMs;
    await this.waitForAgent(name, deadline, options.signal);
    const { argv, stdin } = personalisationCommand({
      username: spec.username,
      machineId: randomBytes(16).toString('hex'),
      ...(spec.sshPublicKey ? { sshPublicKey: spec.sshPublicKey } : {}),
      ...(spec.passwordHash ? { passwordHash: spec.passwordHash } : {}),
      entropy: randomBytes(64).toString('hex'),
      now: Date.now() / 1000,
      hostKeys: await this.deps.hostKeys.make(),
      ...(spec.access ? { access: spec.access } : {}),
    });
    const result = await this.deps.agent.run(name, argv, {
      stdin,
      timeoutMs: Math.max(1000, deadline - Date.now()),
      signal: options.signal,
    });
    if (result.exitCode !== 0)
      throw new VmOperationError(
        `Making ${name} its member's failed (exit ${result.exitCode}): ${tail(result.stderr)}`,
      );
  }

  /**
   * Saves a running VM's memory for its next start, after the guest wrote its
   * files through to disk: if the saved state is ever lost or refused, a cold
   * boot finds every file the member wrote. False (nothing done) when the
   * guest has no agent answering: the caller shuts it down instead.
   */
  async saveForNextStart(name: string): Promise<boolean> {
    if (!(await this.deps.agent.ping(name, 2000))) return false;
    const sync = await this.deps.agent.run(name, ['/bin/sync'], { timeoutMs: 60_000 });
    if (sync.exitCode !== 0) return false;
    await this.deps.hypervisor.managedSave(name);
    return true;
  }

  /** After a resume the guest's clock is as old as its saved state: set it from the host's. */
  async setClock(name: string): Promise<void> {
    await this.waitForAgent(name, Date.now() + 10_000);
    const now = (Date.now() / 1000).toFixed(3);
    await this.deps.agent.run(name, ['/bin/date', '-u', '-s', `@${now}`], { timeoutMs: 10_000 });
  }

  private async waitForAgent(name: string, deadline: number, signal?: AbortSignal): Promise<void> {
    while (!(await this.deps.agent.ping(name, 1000))) {
      if (signal?.aborted) throw signal.reason;
      if (Date.now() > deadline) throw new VmOperationError(`The guest agent of ${name} does not answer.`);
      await new Promise((resolve) => setTimeout(resolve, AGENT_POLL_MS));
    }
  }
}

function tail(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ').slice(-400);
}
