import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { UserRecord } from '../../../src/modules/users/user.repository.js';
import { leakAudit } from './leak-audit.js';
import { Lifecycle, SSH_KEY } from './lifecycle.js';

/** Issue 17: the status a member sees says what their site is doing, and why a machine is off. */
describe('states that tell the truth', () => {
  let life: Lifecycle;
  afterEach(() => life.stop());

  async function running(user = life.newUser()): Promise<{ user: UserRecord; id: string }> {
    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    return { user, id: (await life.waitForStatus(user, 'RUNNING')).id };
  }

  describe('a machine that went off by itself', () => {
    it('is shown as stopped unexpectedly, recorded as Hostbay’s finding, and offered a start that clears it', async () => {
      life = await Lifecycle.start();
      const { user, id } = await running();

      life.vm.setState(id, 'shutoff');
      await life.main.reconciler.syncHostingStatus();

      const shown = await life.service.getHosting(user);
      expect(shown).toMatchObject({ status: 'STOPPED', stop_cause: 'unexpected', error: null });
      expect(shown.allowed_actions).toContain('start');
      expect(life.auditEntries).toContainEqual(
        expect.objectContaining({
          actor: { kind: 'system' },
          action: 'system.hosting_stopped',
          target: { kind: 'hosting', id, name: user.username },
          result: 'ok',
        }),
      );

      await life.service.performAction(user, 'start');
      await life.waitForStatus(user, 'RUNNING');
      expect((await life.service.getHosting(user)).stop_cause).toBeNull();
    });

    it('is no longer "unexpected" once the machine is found running again', async () => {
      life = await Lifecycle.start();
      const { user, id } = await running();
      life.vm.setState(id, 'shutoff');
      await life.main.reconciler.syncHostingStatus();

      life.vm.setState(id, 'running');
      await life.main.reconciler.syncHostingStatus();

      expect(await life.service.getHosting(user)).toMatchObject({ status: 'RUNNING', stop_cause: null });
    });
  });

  it('says a stop the member asked for is theirs, not unexpected, and audits nothing as Hostbay’s', async () => {
    life = await Lifecycle.start();
    const { user } = await running();

    expect((await life.service.performAction(user, 'stop')).stop_cause).toBe('member');
    await life.waitForStatus(user, 'STOPPED');
    // The reconciler passing by changes nothing: the machine is off because it was asked to be.
    await life.main.reconciler.syncHostingStatus();

    expect(await life.service.getHosting(user)).toMatchObject({ status: 'STOPPED', stop_cause: 'member' });
    expect(life.auditEntries.filter((entry) => entry.action === 'system.hosting_stopped')).toEqual([]);
  });

  it('says an operator stopped it when the stop came from the operator console', async () => {
    life = await Lifecycle.start();
    const { user } = await running();

    await life.service.performAction(user, 'stop', 'operator');
    await life.waitForStatus(user, 'STOPPED');

    expect((await life.service.getHosting(user)).stop_cause).toBe('operator');
  });

  it('shows REBOOTING with the reboot’s steps while the machine restarts, and RUNNING once it answers', async () => {
    life = await Lifecycle.start();
    const { user, id } = await running();
    const reboot = life.vm.faults.hang('rebootVm');

    expect((await life.service.performAction(user, 'reboot')).status).toBe('REBOOTING');
    await life.waitFor('the reboot to start', 1000, () => (life.vm.faults.count('rebootVm') > 0 ? true : undefined));
    const during = await life.service.getHosting(user);
    expect(during.status).toBe('REBOOTING');
    expect(during.allowed_actions).toEqual(['delete']);
    expect(during.steps.map((s) => [s.name, s.state])).toEqual([
      ['reboot_vm', 'running'],
      ['wait_guest', 'pending'],
    ]);
    // Not RUNNING, so the reconciler does not take the restarting machine for one that stopped by itself.
    await life.main.reconciler.syncHostingStatus();
    expect(life.rowOf(user)?.status).toBe('REBOOTING');

    reboot.release();
    await life.waitForStatus(user, 'RUNNING');
    const after = await life.service.getHosting(user);
    expect(after.steps.every((s) => s.state === 'done')).toBe(true);
    expect(after.allowed_actions).toEqual(['stop', 'reboot', 'delete']);
    expect(life.jobs(id).at(-1)).toMatchObject({ kind: 'reboot', state: 'done' });
  });

  it('ends a reboot whose machine never comes back in ERROR, from which it may be started again', async () => {
    life = await Lifecycle.start();
    const { user } = await running();
    life.vm.faults.fail('rebootVm', { times: 1 });

    await life.service.performAction(user, 'reboot');
    const failed = await life.waitForStatus(user, 'ERROR');

    expect(failed.error).toMatchObject({ step: 'reboot_vm', retrySafe: true });
    expect((await life.service.getHosting(user)).allowed_actions).toEqual(['start', 'delete']);
  });

  it('resumes a reboot whose process died half-way, and ends RUNNING without rebooting twice', async () => {
    life = await Lifecycle.start();
    const first = life.main;
    const { user, id } = await running();
    first.link.cutAfterStep('reboot', 'reboot_vm');

    await first.service.performAction(user, 'reboot');
    await life.waitFor('the crash', 1000, () => (first.link.isCut ? true : undefined));
    await first.kill();
    expect(life.rowOf(user)?.status).toBe('REBOOTING');
    expect(life.jobs(id).at(-1)).toMatchObject({ kind: 'reboot', state: 'running' });

    await life.spawn();
    // Within the dead process's lease the job is left alone: the member still sees it rebooting.
    await sleep(15);
    expect(life.rowOf(user)?.status).toBe('REBOOTING');
    life.clock.advance(life.settings.leaseMs);
    await life.waitForStatus(user, 'RUNNING');

    expect(life.vm.faults.count('rebootVm')).toBe(1);
    expect(life.jobs(id).at(-1)).toMatchObject({ kind: 'reboot', state: 'done', attempts: 2 });
    await leakAudit(life);
  });
});
