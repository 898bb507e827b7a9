import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { GuestAccounts } from '../../modules/vm/vm.ports.js';
import type { ProcessRunner } from '../process/process-runner.js';

/** System accounts of the host, through getent and useradd. */
export class SystemAccounts implements GuestAccounts {
  constructor(private readonly runner: ProcessRunner) {}

  async ensure(name: string): Promise<{ uid: number }> {
    const existing = await this.lookup(name);
    if (existing) return existing;
    // No home, no shell, no password: nobody logs in as it; QEMU runs as it.
    const made = await this.runner.run(
      ['useradd', '--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name],
      { timeoutMs: 30_000 },
    );
    // Another Hostbay process may have made it in the meantime (exit 9: name in use).
    if (made.exitCode !== 0 && made.exitCode !== 9) {
      throw new Error(`useradd ${name} failed (exit ${made.exitCode}): ${made.stderr.trim()}`);
    }
    const created = await this.lookup(name);
    if (!created) throw new Error(`the account ${name} does not exist after useradd`);
    return created;
  }

  async allowTraverse(name: string, dir: string): Promise<void> {
    for (let folder = path.resolve(dir); ; folder = path.dirname(folder)) {
      const { mode } = await stat(folder);
      // Others may pass already (0711, 0755, /tmp's 1777): no ACL needed, none added.
      if ((mode & 0o001) === 0) {
        await this.runner.runChecked(['setfacl', '--modify', `user:${name}:--x`, folder], { timeoutMs: 10_000 });
      }
      if (folder === path.dirname(folder)) return;
    }
  }

  async allowDevice(name: string, device: string): Promise<void> {
    try {
      await stat(device);
    } catch {
      return; // No such device on this host (no KVM): nothing to allow.
    }
    await this.runner.runChecked(['setfacl', '--modify', `user:${name}:rw-`, device], { timeoutMs: 10_000 });
  }

  /** The primary group of an account (nginx's worker user), or undefined when there is no such account. */
  async groupOf(name: string): Promise<{ gid: number } | undefined> {
    const result = await this.runner.run(['getent', 'passwd', name], { timeoutMs: 10_000 });
    if (result.exitCode !== 0) return undefined;
    const gid = Number(result.stdout.split(':')[3]);
    return Number.isInteger(gid) ? { gid } : undefined;
  }

  private async lookup(name: string): Promise<{ uid: number } | undefined> {
    const result = await this.runner.run(['getent', 'passwd', name], { timeoutMs: 10_000 });
    if (result.exitCode !== 0) return undefined;
    const uid = Number(result.stdout.split(':')[2]);
    if (!Number.isInteger(uid)) throw new Error(`getent passwd ${name} gave no uid: ${result.stdout.trim()}`);
    return { uid };
  }
}
