import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { leakAudit } from './leak-audit.js';
import { Lifecycle, SSH_KEY } from './lifecycle.js';

describe('creation steps that take too long', () => {
  let life: Lifecycle;
  afterEach(() => life.stop());

  it('times out a step that hangs, ignoring its signal, and rolls back without waiting for it', async () => {
    life = await Lifecycle.start({ stepTimeoutMs: 40, abortGraceMs: 10 });
    const user = life.newUser();
    const stuck = life.vm.faults.hang('cloneDisk');
    const started = Date.now();

    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    const failed = await life.waitForStatus(user, 'ERROR');

    // One step timeout and one grace, not the hung call's (endless) time.
    expect(Date.now() - started).toBeLessThan(1000);
    expect(failed.error?.step).toBe('clone_disk');
    expect(failed.error?.message).toMatch(/^Could not create the machine’s disk\. .*step clone_disk did not finish/);
    expect(life.steps(failed.id, 'create').map((s) => s.state)).toEqual([
      'undone',
      'undone',
      'undone',
      'pending',
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    expect(life.vm.isEmpty()).toBe(true);
    expect(life.db.tables.allocations).toEqual([]);

    // The hung call ends after all and makes its disk; deleting the hosting removes it.
    stuck.release();
    await life.waitFor('the late disk', 1000, () => (life.vm.volumeNames.size > 0 ? true : undefined));
    await life.service.deleteHosting(user);
    await life.waitForStatus(user, 'DELETED');
    expect(life.vm.isEmpty()).toBe(true);
    await leakAudit(life);
  });

  it('gives a booting guest the guest timeout, and rolls back when it never answers', async () => {
    life = await Lifecycle.start({ guestTimeoutMs: 60, stepTimeoutMs: 2000 });
    const user = life.newUser('silent');
    life.vm.silent.add('silent');
    const started = Date.now();

    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    const failed = await life.waitForStatus(user, 'ERROR');

    expect(Date.now() - started).toBeLessThan(1000);
    expect(failed.error).toMatchObject({ step: 'wait_guest', retrySafe: true });
    expect(failed.error?.message).toMatch(/^The machine did not answer on its web and SSH ports in time\./);
    expect(life.vm.isEmpty()).toBe(true);
    await leakAudit(life);
  });

  // wait_guest races the readiness check against a watcher. When the step's signal aborts before the check
  // returns, the watcher must fail the race: otherwise the step counts as done, creation goes on to add_proxy
  // and fails later at probe_site, blaming the wrong step (and a cancelled or stopped job would skip the wait).
  it('fails wait_guest at the guest timeout even when the readiness check does not return in time', async () => {
    // The real check's HTTP and SSH attempts do not take the signal: one may still be under way at the timeout.
    life = await Lifecycle.start({ guestTimeoutMs: 60, stepTimeoutMs: 100, abortGraceMs: 10 });
    const user = life.newUser('silent');
    life.vm.silent.add('silent');
    life.vm.faults.hang('waitForVmReady');

    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    const failed = await life.waitForStatus(user, 'ERROR');

    expect(failed.error?.step).toBe('wait_guest');
    expect(life.proxy.faults.count('addProxyRule')).toBe(0);
  });

  it('does not hold a slow guest to the short step timeout', async () => {
    life = await Lifecycle.start({ stepTimeoutMs: 30, guestTimeoutMs: 2000 });
    const user = life.newUser('slow');
    life.vm.silent.add('slow');

    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    await life.waitFor('wait_guest to run', 1000, () =>
      life.db.tables.steps.some((s) => s.name === 'wait_guest' && s.state === 'running') ? true : undefined,
    );
    // Booting for longer than a step may take.
    await sleep(60);
    life.vm.silent.delete('slow');

    await life.waitForStatus(user, 'RUNNING');
  });

  it('fails wait_guest at once when the guest powers off while booting', async () => {
    life = await Lifecycle.start();
    const user = life.newUser('halts');
    life.vm.silent.add('halts');
    const started = Date.now();

    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    await life.waitFor('wait_guest to run', 1000, () =>
      life.db.tables.steps.some((s) => s.name === 'wait_guest' && s.state === 'running') ? true : undefined,
    );
    life.vm.setState(life.rowOf(user)!.id, 'shutoff');
    const failed = await life.waitForStatus(user, 'ERROR');

    // Well before the guest timeout (2 s here).
    expect(Date.now() - started).toBeLessThan(1000);
    expect(failed.error?.step).toBe('wait_guest');
    expect(failed.error?.message).toContain('the machine is shutoff instead of booting');
    expect(life.vm.isEmpty()).toBe(true);
  });
});
