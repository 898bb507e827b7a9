import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/errors.js';
import type { UserRecord } from '../../../src/modules/users/user.repository.js';
import type { VmSpecInput } from '../../../src/modules/vm/vm.spec.js';
import { leakAudit } from './leak-audit.js';
import { BASE_IMAGE, Lifecycle, SSH_KEY } from './lifecycle.js';

/** A VM of a hosting the database does not know (e.g. deleted while Hostbay was down). */
function strangerSpec(username: string): VmSpecInput {
  return {
    hostingId: randomUUID(),
    username,
    vcpus: 1,
    memoryMb: 512,
    diskGb: 2,
    network: { mode: 'user', webPort: 39000, sshPort: 39001 },
    sshPublicKey: SSH_KEY,
    baseImage: BASE_IMAGE,
  };
}

describe('the reconciler', () => {
  let life: Lifecycle;
  afterEach(() => life.stop());

  async function running(username?: string): Promise<{ user: UserRecord; id: string }> {
    const user = life.newUser(username);
    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    return { user, id: (await life.waitForStatus(user, 'RUNNING')).id };
  }

  it('moves a hosting whose guest shut down from inside to STOPPED, and back to RUNNING when it runs again', async () => {
    life = await Lifecycle.start();
    const { user, id } = await running();
    let notices = 0;
    life.events.subscribe(user.id, () => (notices += 1));

    life.vm.setState(id, 'shutoff');
    await life.main.reconciler.syncHostingStatus();
    expect(life.rowOf(user)).toMatchObject({ status: 'STOPPED', error: null });
    expect(notices).toBe(1);

    life.vm.setState(id, 'running');
    await life.main.reconciler.syncHostingStatus();
    expect(life.rowOf(user)?.status).toBe('RUNNING');
  });

  it('moves a hosting whose guest crashed to ERROR, which its owner may start again', async () => {
    life = await Lifecycle.start();
    const { user, id } = await running();

    life.vm.setState(id, 'crashed');
    await life.main.reconciler.syncHostingStatus();

    expect(life.rowOf(user)?.error).toEqual({
      step: null,
      message: 'The machine crashed. Start it again; if it keeps crashing, tell the operator.',
      retrySafe: true,
    });
    expect((await life.service.getHosting(user)).allowed_actions).toEqual(['start', 'delete']);
    await life.service.performAction(user, 'start');
    expect((await life.waitForStatus(user, 'RUNNING')).error).toBeNull();
    expect(life.vm.domains.get(id)?.state).toBe('running');
  });

  it('moves a hosting whose VM vanished to ERROR, and a delete then removes what is left', async () => {
    life = await Lifecycle.start();
    const { user, id } = await running('vanished');

    life.vm.vanish(id);
    await life.main.reconciler.syncHostingStatus();

    expect(life.rowOf(user)?.error).toMatchObject({ step: null, retrySafe: false });
    expect(life.rowOf(user)?.error?.message).toMatch(/gone from the host\. Delete this hosting/);
    await life.service.deleteHosting(user);
    await life.waitForStatus(user, 'DELETED');
    expect(life.proxy.routes.size).toBe(0);
    expect(life.db.tables.allocations).toEqual([]);
    expect(life.jobs(id).at(-1)).toMatchObject({ kind: 'delete', state: 'done' });
  });

  // "Creation finished" is not "a machine stands behind this ERROR": a hosting whose VM vanished must not offer
  // start, which could only fail with "Try starting it again".
  it('offers only delete for a hosting whose VM vanished, as its error message tells the owner', async () => {
    life = await Lifecycle.start();
    const { user, id } = await running();
    life.vm.vanish(id);
    await life.main.reconciler.syncHostingStatus();

    expect((await life.service.getHosting(user)).allowed_actions).toEqual(['delete']);
    await expect(life.service.performAction(user, 'start')).rejects.toThrow(ConflictError);
  });

  it('leaves a hosting alone while a job is moving it', async () => {
    life = await Lifecycle.start();
    const { user, id } = await running();
    const stop = life.vm.faults.hang('stopVm');
    await life.service.performAction(user, 'stop');
    await life.waitFor('the stop to start', 1000, () => (life.vm.faults.count('stopVm') > 0 ? true : undefined));

    life.vm.setState(id, 'crashed');
    await life.main.reconciler.syncHostingStatus();
    expect(life.rowOf(user)?.status).toBe('STOPPING');

    stop.release();
    await life.waitForStatus(user, 'STOPPED');
  });

  it('removes VMs, stray volumes and routes nobody owns, and keeps what hostings own', async () => {
    life = await Lifecycle.start();
    const { user, id } = await running('owner');
    const route = life.proxy.routes.get('owner');
    const orphan = strangerSpec('ghost');
    await life.vm.writeSeed(orphan);
    await life.vm.cloneDisk(orphan);
    await life.vm.defineVm(orphan);
    // A seed left without its domain: a crash between the two, and the row gone since.
    const stray = strangerSpec('stray');
    await life.vm.writeSeed(stray);
    await life.proxy.addProxyRule({
      username: 'ghost',
      webTarget: { host: '127.0.0.1', port: 39000 },
      sshListenPort: 39002,
      sshTarget: { host: '127.0.0.1', port: 39001 },
    });

    await life.main.reconciler.removeOrphans();

    expect([...life.vm.domains.keys()]).toEqual([id]);
    expect(life.vm.owners()).toEqual([id]);
    expect([...life.proxy.routes.values()]).toEqual([route]);
    expect(life.rowOf(user)?.status).toBe('RUNNING');
    await leakAudit(life);
  });

  it('keeps the VM of a hosting still being created', async () => {
    life = await Lifecycle.start();
    const user = life.newUser('booting');
    life.vm.silent.add('booting');
    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    const id = life.rowOf(user)!.id;
    await life.waitFor('the VM', 1000, () => (life.vm.domains.has(id) ? true : undefined));

    await life.main.reconciler.removeOrphans();

    expect(life.vm.domains.has(id)).toBe(true);
    life.vm.silent.delete('booting');
    await life.waitForStatus(user, 'RUNNING');
  });

  it('restores a route the edge lost for a hosting that published one', async () => {
    life = await Lifecycle.start();
    await running('lost');
    const route = life.proxy.routes.get('lost');
    life.proxy.routes.delete('lost');

    await life.main.reconciler.removeOrphans();

    expect(life.proxy.routes.get('lost')).toEqual(route);
    await leakAudit(life);
  });

  it('removes a disk that a step which outlived its job made after the hosting was deleted', async () => {
    life = await Lifecycle.start();
    const user = life.newUser();
    const clone = life.vm.faults.hang('cloneDisk');
    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    await life.waitFor('clone_disk to start', 1000, () => (life.vm.faults.count('cloneDisk') > 0 ? true : undefined));
    const id = life.rowOf(user)!.id;

    // The creation is cancelled; its hung call is given up on after the grace, and the delete goes ahead.
    await life.service.deleteHosting(user);
    await life.waitForStatus(user, 'DELETED');
    clone.release();
    await life.waitFor('the late disk', 1000, () => (life.vm.owners().includes(id) ? true : undefined));

    await life.main.reconciler.removeOrphans();

    expect(life.vm.isEmpty()).toBe(true);
    await leakAudit(life);
  });
});
