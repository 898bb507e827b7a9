import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../src/errors.js';
import type { UserRecord } from '../../../src/modules/users/user.repository.js';
import { leakAudit } from './leak-audit.js';
import { Lifecycle, SSH_KEY } from './lifecycle.js';

describe('suspending a member', () => {
  let life: Lifecycle;
  let admin: UserRecord;
  afterEach(() => life.stop());

  async function start(options: Parameters<typeof Lifecycle.start>[0] = {}): Promise<void> {
    life = await Lifecycle.start(options);
    admin = life.users.add({ ...life.newUser('admin'), isAdmin: true });
  }

  async function running(username?: string): Promise<{ user: UserRecord; id: string }> {
    const user = life.newUser(username);
    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    return { user, id: (await life.waitForStatus(user, 'RUNNING')).id };
  }

  const route = (user: UserRecord) => life.proxy.routes.get(user.username);

  it('stores the reason, stops the running machine with the stop job and shows the suspended page; unsuspending starts it again', async () => {
    await start();
    const { user, id } = await running('alice');

    const suspended = await life.main.suspensions.suspend(user.id, 'Spam from this site', admin);
    expect(suspended.user).toMatchObject({ status: 'suspended', statusReason: 'Spam from this site' });
    expect(suspended.hosting).toMatchObject({ id, status: 'STOPPING', suspendedFrom: 'RUNNING' });
    // At once, before the machine is even off: the visitors see the suspended page, SSH is not forwarded.
    expect(route(user)?.suspended).toBe(true);
    // Off because of the suspension, not unexpectedly: the member is not told to start it.
    expect(await life.waitForStatus(user, 'STOPPED')).toMatchObject({ stopCause: 'suspension' });
    expect(life.vm.domains.get(id)?.state).toBe('shutoff');
    expect(life.jobs(id).at(-1)).toMatchObject({ kind: 'stop', state: 'done' });
    await leakAudit(life);

    const back = await life.main.suspensions.unsuspend(user.id);
    expect(back.user).toMatchObject({ status: 'active', statusReason: null });
    expect(back.hosting).toMatchObject({ status: 'STARTING', suspendedFrom: null });
    expect(route(user)?.suspended).toBeUndefined();
    await life.waitForStatus(user, 'RUNNING');
    expect(life.vm.answers(id)).toBe(true);
    expect(life.rowOf(user)).toMatchObject({ suspendedFrom: null, stopCause: null });
    await leakAudit(life);
  });

  it('leaves a stopped hosting stopped, before and after', async () => {
    await start();
    const { user, id } = await running();
    await life.service.performAction(user, 'stop');
    await life.waitForStatus(user, 'STOPPED');

    await life.main.suspensions.suspend(user.id, 'Unpaid', admin);
    expect(life.rowOf(user)).toMatchObject({ status: 'STOPPED', suspendedFrom: 'STOPPED' });
    expect(route(user)?.suspended).toBe(true);

    await life.main.suspensions.unsuspend(user.id);
    expect(life.rowOf(user)).toMatchObject({ status: 'STOPPED', suspendedFrom: null });
    expect(route(user)?.suspended).toBeUndefined();
    expect(life.jobs(id).map((job) => job.kind)).toEqual(['create', 'stop']);
    expect(life.vm.domains.get(id)?.state).toBe('shutoff');
    await leakAudit(life);
  });

  it('suspends and unsuspends a member who has no hosting', async () => {
    await start();
    const user = life.newUser();
    const outcome = await life.main.suspensions.suspend(user.id, 'Testing', admin);
    expect(outcome.hosting).toBeUndefined();
    expect((await life.users.findById(user.id))?.status).toBe('suspended');
    expect((await life.main.suspensions.unsuspend(user.id)).user.status).toBe('active');
  });

  it('refuses an unknown account, yourself, an administrator, a pending account, and suspending twice', async () => {
    await start();
    const user = life.newUser();
    const other = life.users.add({ ...life.newUser(), isAdmin: true });
    const pending = life.users.add({ ...life.newUser(), status: 'pending' });
    const { suspensions } = life.main;
    await expect(suspensions.suspend('00000000-0000-4000-8000-000000000000', 'x', admin)).rejects.toThrow(
      NotFoundError,
    );
    await expect(suspensions.suspend(admin.id, 'x', admin)).rejects.toThrow('You cannot suspend your own account.');
    await expect(suspensions.suspend(other.id, 'x', admin)).rejects.toThrow(/revoke the role/);
    await expect(suspensions.suspend(pending.id, 'x', admin)).rejects.toThrow(/waits for approval/);
    await expect(suspensions.unsuspend(user.id)).rejects.toThrow('This account is not suspended.');
    await suspensions.suspend(user.id, 'first', admin);
    await expect(suspensions.suspend(user.id, 'second', admin)).rejects.toThrow(ConflictError);
    expect((await life.users.findById(user.id))?.statusReason).toBe('first');
  });

  it('holds a hosting that is still being created: its route is published suspended, then the machine is stopped', async () => {
    await start();
    const user = life.newUser('bob');
    const boot = life.vm.faults.hang('startVm');
    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    await life.waitFor('start_vm', 1000, () => (life.vm.faults.count('startVm') > 0 ? true : undefined));

    await life.main.suspensions.suspend(user.id, 'Abuse', admin);
    expect(life.rowOf(user)).toMatchObject({ status: 'CREATING', suspendedFrom: 'RUNNING' });
    boot.release();
    const created = await life.waitForStatus(user, 'RUNNING');
    // add_proxy read the held row: the site never showed the guest; probe_site had nothing to probe.
    expect(route(user)?.suspended).toBe(true);
    expect(life.probe.faults.count('probe')).toBe(0);

    // The job has ended: the reconciler's pass stops the machine.
    await life.main.reconciler.enforceSuspensions();
    await life.waitForStatus(user, 'STOPPED');
    expect(life.vm.domains.get(created.id)?.state).toBe('shutoff');

    await life.main.suspensions.unsuspend(user.id);
    await life.waitForStatus(user, 'RUNNING');
    expect(route(user)?.suspended).toBeUndefined();
    await leakAudit(life);
  });

  it('unsuspending while the stop still runs waits for it, then brings the machine back', async () => {
    await start();
    const { user, id } = await running();
    const stop = life.vm.faults.hang('stopVm');
    await life.main.suspensions.suspend(user.id, 'Abuse', admin);
    await life.waitFor('stop_vm', 1000, () => (life.vm.faults.count('stopVm') > 0 ? true : undefined));

    await life.main.suspensions.unsuspend(user.id);
    // "As it was" is kept until the stop has ended: clearing it now would lose the RUNNING to come back to.
    expect(life.rowOf(user)).toMatchObject({ status: 'STOPPING', suspendedFrom: 'RUNNING' });
    stop.release();
    await life.waitForStatus(user, 'STOPPED');
    await life.main.reconciler.enforceSuspensions();
    await life.waitForStatus(user, 'RUNNING');
    expect(life.rowOf(user)?.suspendedFrom).toBeNull();
    expect(route(user)?.suspended).toBeUndefined();
    expect(life.vm.answers(id)).toBe(true);
    await leakAudit(life);
  });
});

describe('a suspension interrupted by a crash or a failure', () => {
  let life: Lifecycle;
  let admin: UserRecord;
  afterEach(() => life.stop());

  async function running(): Promise<{ user: UserRecord; id: string }> {
    life = await Lifecycle.start();
    admin = life.users.add({ ...life.newUser('admin'), isAdmin: true });
    const user = life.newUser();
    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    return { user, id: (await life.waitForStatus(user, 'RUNNING')).id };
  }

  it('is finished by the reconciler when the process died after storing the status, before holding the hosting', async () => {
    const { user, id } = await running();
    // What a process that died right after the status change leaves behind.
    await life.users.setStatus(user.id, 'suspended', 'Abuse');
    const second = await life.spawn();

    await second.reconciler.enforceSuspensions();
    await life.waitForStatus(user, 'STOPPED');
    expect(life.rowOf(user)?.suspendedFrom).toBe('RUNNING');
    expect(life.proxy.routes.get(user.username)?.suspended).toBe(true);
    expect(life.vm.domains.get(id)?.state).toBe('shutoff');

    // Unsuspended, and the process dies again before releasing: the next pass starts the machine.
    await life.users.setStatus(user.id, 'active', null);
    await second.reconciler.enforceSuspensions();
    await life.waitForStatus(user, 'RUNNING');
    expect(life.rowOf(user)?.suspendedFrom).toBeNull();
    expect(life.proxy.routes.get(user.username)?.suspended).toBeUndefined();
    await leakAudit(life);
  });

  it('remembers across a restart that the machine was running, and starts it on unsuspending', async () => {
    const { user, id } = await running();
    const first = life.main;
    await first.suspensions.suspend(user.id, 'Abuse', admin);
    await life.waitForStatus(user, 'STOPPED');
    await first.kill();

    const second = await life.spawn();
    // A fresh start renders the routes from the database: still the suspended page.
    expect(life.proxy.routes.get(user.username)?.suspended).toBe(true);
    await second.suspensions.unsuspend(user.id);
    await life.waitForStatus(user, 'RUNNING');
    expect(life.vm.answers(id)).toBe(true);
    await leakAudit(life);
  });

  it('still suspends the account when the edge refuses the change; the reconciler publishes the suspended page later', async () => {
    const { user } = await running();
    life.proxy.faults.fail('addProxyRule', { times: 1 });

    const outcome = await life.main.suspensions.suspend(user.id, 'Abuse', admin);
    expect(outcome.user.status).toBe('suspended');
    expect(life.proxy.routes.get(user.username)?.suspended).toBeUndefined();
    expect(life.log.messages('warn')).toContain(
      'the hosting did not follow the account at once; the reconciler finishes it',
    );

    await life.main.reconciler.enforceSuspensions();
    expect(life.proxy.routes.get(user.username)?.suspended).toBe(true);
    await life.waitForStatus(user, 'STOPPED');
    await leakAudit(life);
  });

  it('restores the normal route when the process died between releasing the hosting and telling the edge', async () => {
    const { user } = await running();
    await life.main.suspensions.suspend(user.id, 'Abuse', admin);
    await life.waitForStatus(user, 'STOPPED');
    life.proxy.faults.fail('addProxyRule', { times: 1 });
    await life.main.suspensions.unsuspend(user.id);
    // The database says released (and a start job runs), the edge still shows the suspended page.
    expect(life.rowOf(user)?.suspendedFrom).toBeNull();
    expect(life.proxy.routes.get(user.username)?.suspended).toBe(true);
    await life.waitForStatus(user, 'RUNNING');

    await life.main.reconciler.removeOrphans();
    expect(life.proxy.routes.get(user.username)?.suspended).toBeUndefined();
    expect(life.log.messages('warn')).toContain('correcting a proxy route');
    await leakAudit(life);
  });
});
