import { setTimeout as sleep } from 'node:timers/promises';
import { PROVISION_STEP_NAMES } from '@hostbay/contract/step-names';
import { afterEach, describe, expect, it } from 'vitest';
import type { UserRecord } from '../../../src/modules/users/user.repository.js';
import { leakAudit } from './leak-audit.js';
import { Lifecycle, SSH_KEY, type HostbayProcess } from './lifecycle.js';

/** Creation's calls to the outside that must happen once however often the job is claimed. */
const ONCE = ['allocations.heldBy', 'vm.writeSeed', 'vm.defineVm', 'vm.startVm', 'proxy.addProxyRule', 'probe.probe'];
const ONCE_FROM_TEMPLATE = [...ONCE.filter((call) => call !== 'vm.startVm'), 'vm.restoreVm', 'vm.personaliseVm'];
const TEMPLATE = { key: '0123456789abcdef', disk: '/srv/images/templates/0123456789abcdef/disk.qcow2' };
/** Rollback's undo calls (the undone steps' own), each of which must happen once. */
const UNDOS = [
  'proxy.removeProxyRule',
  'vm.stopVm',
  'vm.undefineVm',
  'vm.removeDisk',
  'vm.deleteVm',
  'allocations.releaseAll',
];

const count = (journal: readonly string[], call: string) => journal.filter((c) => c === call).length;

describe('a process that dies in the middle of a job', () => {
  let life: Lifecycle;
  afterEach(() => life.stop());

  /**
   * Waits for the first process to lose its database (it has died), checks
   * that its job stays claimed while its lease runs, and starts a second
   * process that must leave the job alone until the lease runs out.
   */
  async function die(first: HostbayProcess, user: UserRecord): Promise<HostbayProcess> {
    await life.waitFor('the crash', 1000, () => (first.link.isCut ? true : undefined));
    await first.kill();
    const id = life.rowOf(user)!.id;
    expect(life.jobs(id)).toEqual([
      expect.objectContaining({ kind: 'create', state: 'running', lockedBy: first.runner.workerId, attempts: 1 }),
    ]);
    const second = await life.spawn();
    // A few polls of the second worker (every 5 ms), within the dead one's lease.
    await sleep(15);
    expect(life.jobs(id)[0]?.lockedBy).toBe(first.runner.workerId);
    expect(life.rowOf(user)?.status).toBe('CREATING');
    life.clock.advance(life.settings.leaseMs);
    return second;
  }

  // restore_backup is a hosting brought back from a backup's step (backups.test.ts).
  it.each(PROVISION_STEP_NAMES.filter((step) => step !== 'restore_backup'))(
    'resumes a creation whose process died right after %s, without running finished steps again',
    async (step) => {
      life = await Lifecycle.start();
      const first = life.main;
      // restore_vm and personalise are a template hosting's steps (start_vm and wait_guest a booted one's).
      const fromTemplate = step === 'restore_vm' || step === 'personalise';
      if (fromTemplate) life.readyTemplate = TEMPLATE;
      const user = life.newUser();
      first.link.cutAfterStep('create', step);

      await first.service.createHosting(user, { sshPublicKey: SSH_KEY });
      const second = await die(first, user);
      const running = await life.waitForStatus(user, 'RUNNING');

      expect(life.jobs(running.id)).toEqual([expect.objectContaining({ state: 'done', attempts: 2, lockedBy: null })]);
      expect(life.steps(running.id, 'create').every((s) => s.state === 'done')).toBe(true);
      for (const call of fromTemplate ? ONCE_FROM_TEMPLATE : ONCE) expect(count(life.journal, call), call).toBe(1);
      expect(life.log.messages('error')).toContain('job crashed; it will be retried after its lease');
      expect(second.link.isCut).toBe(false);
      await leakAudit(life);
    },
  );

  it('runs a step again whose work was done when the process died but not yet recorded', async () => {
    life = await Lifecycle.start();
    const first = life.main;
    const user = life.newUser();
    const clone = life.vm.faults.hang('cloneDisk');

    await first.service.createHosting(user, { sshPublicKey: SSH_KEY });
    await life.waitFor('clone_disk to start', 1000, () => (life.vm.faults.count('cloneDisk') > 0 ? true : undefined));
    first.link.cut();
    // The disk is made, but the process can no longer say so.
    clone.release();
    await die(first, user);
    const running = await life.waitForStatus(user, 'RUNNING');

    expect(life.vm.faults.count('cloneDisk')).toBe(2);
    expect(life.vm.faults.count('writeSeed')).toBe(1);
    expect([...life.vm.volumeNames].filter((v) => v.endsWith('.qcow2'))).toEqual([`hb-${running.id}.qcow2`]);
    await leakAudit(life);
  });

  it.each(['add_proxy', 'define_vm', 'write_seed'])(
    'finishes a rollback whose process died right after undoing %s, undoing nothing twice',
    async (undone) => {
      life = await Lifecycle.start();
      const first = life.main;
      const user = life.newUser();
      life.probe.faults.fail('probe', { message: 'the site says 502' });
      first.link.cutAfterStep('create', undone, 'undone');

      await first.service.createHosting(user, { sshPublicKey: SSH_KEY });
      await die(first, user);
      const failed = await life.waitForStatus(user, 'ERROR');

      expect(failed.error).toMatchObject({ step: 'probe_site', retrySafe: true });
      expect(failed.error?.message).toMatch(/^The site did not answer through the web edge\. Delete this hosting/);
      expect(failed.error?.message).not.toContain('the site says 502');
      expect(life.steps(failed.id, 'create').find((s) => s.name === 'probe_site')?.error).toBe('the site says 502');
      expect(life.steps(failed.id, 'create').every((s) => s.state === 'undone')).toBe(true);
      for (const call of UNDOS) expect(count(life.journal, call), call).toBe(1);
      expect(life.jobs(failed.id)).toEqual([expect.objectContaining({ state: 'failed', attempts: 2 })]);
      expect(life.vm.isEmpty()).toBe(true);
      expect(life.db.tables.allocations).toEqual([]);
      await leakAudit(life);
    },
  );

  it('retries an undo that failed once the lease runs out, and finishes the rollback', async () => {
    life = await Lifecycle.start();
    const user = life.newUser();
    life.probe.faults.fail('probe', { message: 'the site says 502' });
    life.vm.faults.fail('removeDisk', { times: 1, message: 'volume is busy' });

    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    await life.waitFor('the failed undo', 1000, () =>
      life.log.messages('error').includes('undo failed; will retry') ? true : undefined,
    );
    const id = life.rowOf(user)!.id;
    await life.main.worker.idle();
    expect(life.rowOf(user)?.status).toBe('CREATING');
    expect(life.steps(id, 'create').find((s) => s.name === 'clone_disk')?.state).toBe('undoing');
    expect(life.vm.volumeNames.size).toBeGreaterThan(0);

    life.clock.advance(life.settings.leaseMs);
    const failed = await life.waitForStatus(user, 'ERROR');

    expect(failed.error?.step).toBe('probe_site');
    expect(life.vm.faults.count('removeDisk')).toBe(2);
    expect(life.proxy.faults.count('removeProxyRule')).toBe(1);
    expect(life.jobs(id)).toEqual([expect.objectContaining({ state: 'failed', attempts: 2 })]);
    expect(life.vm.isEmpty()).toBe(true);
    await leakAudit(life);
  });
});

describe('a process cut off from the database while its step runs', () => {
  let life: Lifecycle;
  afterEach(() => life.stop());

  // A renewal that throws is only logged, so a process cut off from the database for longer than its lease
  // could still act as the job's owner when the connection comes back. It renews its claim before it records a
  // failure or undoes anything, so it must not roll back what the process that took the job over has built.
  it('does not undo the work of the process that took its job over, once it is back', async () => {
    life = await Lifecycle.start({ stepTimeoutMs: 100, abortGraceMs: 10 });
    const first = life.main;
    const user = life.newUser();
    // The first process's add_proxy hangs (a reload stuck) and will time out; the second's goes through.
    life.proxy.faults.hang('addProxyRule');
    await first.service.createHosting(user, { sshPublicKey: SSH_KEY });
    await life.waitFor('add_proxy', 1000, () => (life.proxy.faults.count('addProxyRule') > 0 ? true : undefined));

    // A partition: the first process lives on, but its lease renewals fail until its lease has run out.
    first.link.cut();
    await life.spawn();
    life.clock.advance(life.settings.leaseMs);
    const running = await life.waitForStatus(user, 'RUNNING');
    // The partition heals while the first process's step is still stuck; then that step times out.
    first.link.restore();
    await sleep(150);

    expect(life.rowOf(user)?.status).toBe('RUNNING');
    expect(life.vm.domains.get(running.id)?.state).toBe('running');
    expect(life.proxy.routes.has(user.username)).toBe(true);
    expect(life.db.tables.allocations.length).toBeGreaterThan(0);
  });
});
