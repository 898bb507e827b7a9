import type { HostingAction, HostingStatus } from '@hostbay/contract/hosting';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/errors.js';
import type { UserRecord } from '../../../src/modules/users/user.repository.js';
import { leakAudit } from './leak-audit.js';
import { Lifecycle, SSH_KEY } from './lifecycle.js';

describe('what an owner does with a hosting', () => {
  let life: Lifecycle;
  afterEach(() => life.stop());

  async function running(user = life.newUser()): Promise<{ user: UserRecord; id: string }> {
    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    return { user, id: (await life.waitForStatus(user, 'RUNNING')).id };
  }

  /** A hosting in `status`, reached the way users and the platform reach it. */
  async function hostingIn(status: 'CREATING' | 'RUNNING' | 'STOPPED' | 'ERROR'): Promise<UserRecord> {
    const user = life.newUser();
    if (status === 'CREATING') life.vm.silent.add(user.username);
    if (status === 'ERROR') life.probe.faults.fail('probe', { times: 1 });
    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    if (status === 'CREATING') {
      await life.waitFor('the guest boot', 1000, () =>
        life.steps(life.rowOf(user)!.id, 'create').some((s) => s.name === 'wait_guest' && s.state === 'running')
          ? true
          : undefined,
      );
      return user;
    }
    await life.waitForStatus(user, status === 'STOPPED' ? 'RUNNING' : status);
    if (status === 'STOPPED') {
      await life.service.performAction(user, 'stop');
      await life.waitForStatus(user, 'STOPPED');
    }
    return user;
  }

  it('stops, starts and reboots, with the VM following', async () => {
    life = await Lifecycle.start();
    const { user, id } = await running();

    expect((await life.service.performAction(user, 'stop')).status).toBe('STOPPING');
    await life.waitForStatus(user, 'STOPPED');
    expect(life.vm.domains.get(id)?.state).toBe('shutoff');
    expect((await life.service.getHosting(user)).allowed_actions).toEqual(['start', 'delete']);

    expect((await life.service.performAction(user, 'start')).status).toBe('STARTING');
    await life.waitForStatus(user, 'RUNNING');
    expect(life.vm.domains.get(id)?.state).toBe('running');

    expect((await life.service.performAction(user, 'reboot')).status).toBe('REBOOTING');
    await life.waitFor('the reboot', 1000, () =>
      life.jobs(id).some((j) => j.kind === 'reboot' && j.state === 'done') ? true : undefined,
    );
    expect(life.vm.faults.count('rebootVm')).toBe(1);
    const shown = await life.service.getHosting(user);
    expect(shown.status).toBe('RUNNING');
    // The owner sees the steps of the latest job.
    expect(shown.steps.map((s) => [s.name, s.state])).toEqual([
      ['reboot_vm', 'done'],
      ['wait_guest', 'done'],
    ]);
    expect(life.jobs(id).map((j) => [j.kind, j.state])).toEqual([
      ['create', 'done'],
      ['stop', 'done'],
      ['start', 'done'],
      ['reboot', 'done'],
    ]);
    await leakAudit(life);
  });

  it.each(['RUNNING', 'STOPPED', 'ERROR'] as const)('deletes a %s hosting, leaving nothing', async (status) => {
    life = await Lifecycle.start();
    const user = await hostingIn(status);
    const id = life.rowOf(user)!.id;

    expect((await life.service.deleteHosting(user)).status).toBe('DELETING');
    // Deleting twice is the same delete.
    expect((await life.service.deleteHosting(user)).status).toBe('DELETING');
    await life.waitForStatus(user, 'DELETED');

    expect(life.rowOf(user)?.deletedAt).not.toBeNull();
    expect(life.steps(id, 'delete').map((s) => [s.name, s.state])).toEqual([
      ['final_backup', 'done'],
      ['remove_proxy', 'done'],
      ['stop_vm', 'done'],
      ['delete_vm', 'done'],
      ['release', 'done'],
    ]);
    expect(life.vm.isEmpty()).toBe(true);
    expect(life.proxy.routes.size).toBe(0);
    expect(life.db.tables.allocations).toEqual([]);
    expect(await life.service.findHosting(user)).toBeNull();
    await leakAudit(life);
  });

  it('deletes a hosting still being created: the creation stops where it is, without undoing', async () => {
    life = await Lifecycle.start();
    const user = await hostingIn('CREATING');
    const id = life.rowOf(user)!.id;
    const before = life.steps(id, 'create');

    expect((await life.service.deleteHosting(user)).status).toBe('DELETING');
    // This process ran the creation, so the delete need not wait out its lease: no clock is moved here.
    await life.waitForStatus(user, 'DELETED');

    expect(life.jobs(id).map((j) => [j.kind, j.state])).toEqual([
      ['create', 'cancelled'],
      ['delete', 'done'],
    ]);
    expect(life.steps(id, 'create')).toEqual(before);
    // No rollback ran: what is gone, the delete job removed (its delete_vm and release, once each).
    expect(life.vm.faults.count('undefineVm')).toBe(0);
    expect(life.vm.faults.count('removeDisk')).toBe(0);
    expect(life.vm.faults.count('deleteVm')).toBe(1);
    expect(life.allocationFaults.count('releaseAll')).toBe(1);
    expect(life.vm.isEmpty()).toBe(true);
    expect(life.db.tables.allocations).toEqual([]);
    await leakAudit(life);
  });

  it('waits one lease before deleting a creation that another process runs, so the two never overlap', async () => {
    life = await Lifecycle.start({ leaseMs: 150 });
    const api = life.main;
    const other = await life.spawn();
    // Only the other process's worker runs jobs.
    await api.stop();
    const user = life.newUser('elsewhere');
    life.vm.silent.add('elsewhere');
    await api.service.createHosting(user, { sshPublicKey: SSH_KEY });
    const id = life.rowOf(user)!.id;
    await life.waitFor('the guest boot', 1000, () =>
      life.steps(id, 'create').some((s) => s.name === 'wait_guest' && s.state === 'running') ? true : undefined,
    );

    const cancelledAt = Date.now();
    await api.service.deleteHosting(user);
    await life.waitForStatus(user, 'DELETED');

    const deleteStarted = Date.parse(life.steps(id, 'delete')[0]!.startedAt!);
    expect(deleteStarted - cancelledAt).toBeGreaterThanOrEqual(life.settings.leaseMs - 10);
    expect(life.log.messages('warn')).toContain(`lost the claim on job ${life.jobs(id)[0]!.id}`);
    expect(life.vm.isEmpty()).toBe(true);
    expect(other.link.isCut).toBe(false);
    await leakAudit(life);
  });

  it.each([
    ['CREATING', 'start'],
    ['CREATING', 'stop'],
    ['CREATING', 'reboot'],
    ['RUNNING', 'start'],
    ['STOPPED', 'stop'],
    ['STOPPED', 'reboot'],
    ['ERROR', 'start'],
    ['ERROR', 'stop'],
    ['ERROR', 'reboot'],
  ] as const)('refuses to %s → %s with 409, changing nothing', async (status, action: HostingAction) => {
    life = await Lifecycle.start();
    const user = await hostingIn(status);
    const tables = life.db.tables;

    const refusal = life.service.performAction(user, action);
    await expect(refusal).rejects.toThrow(ConflictError);
    await expect(refusal).rejects.toThrow(
      status === 'ERROR' ? /failed while being created; delete it/ : `A hosting that is ${status} cannot ${action}`,
    );
    expect(life.db.tables.jobs).toEqual(tables.jobs);
    expect(life.rowOf(user)?.status).toBe(status satisfies HostingStatus);
  });

  it('refuses an action while another one is in flight', async () => {
    life = await Lifecycle.start();
    const { user, id } = await running();
    const reboot = life.vm.faults.hang('rebootVm');
    await life.service.performAction(user, 'reboot');
    await life.waitFor('the reboot to start', 1000, () => (life.vm.faults.count('rebootVm') > 0 ? true : undefined));

    await expect(life.service.performAction(user, 'stop')).rejects.toThrow(/cannot stop; it must be RUNNING/);
    expect(life.rowOf(user)?.status).toBe('REBOOTING');
    expect(life.jobs(id).map((j) => j.kind)).toEqual(['create', 'reboot']);

    reboot.release();
    await life.waitFor('the reboot', 1000, () =>
      life.jobs(id).some((j) => j.kind === 'reboot' && j.state === 'done') ? true : undefined,
    );
    await life.service.performAction(user, 'stop');
    await life.waitForStatus(user, 'STOPPED');
  });
});
