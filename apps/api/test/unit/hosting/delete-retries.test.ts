import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { UserRecord } from '../../../src/modules/users/user.repository.js';
import { leakAudit } from './leak-audit.js';
import { Lifecycle, SSH_KEY } from './lifecycle.js';

describe('a delete whose step fails', () => {
  let life: Lifecycle;
  afterEach(() => life.stop());

  async function runningHosting(): Promise<{ user: UserRecord; id: string }> {
    const user = life.newUser();
    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    return { user, id: (await life.waitForStatus(user, 'RUNNING')).id };
  }

  /**
   * Waits until the delete job's `attempt` failed and was put back, and returns
   * how long it is held before a retry (its back-off), rounded to 100 ms.
   */
  async function backoffAfter(id: string, attempt: number): Promise<number> {
    const until = await life.waitFor(`attempt ${attempt} to fail and back off`, 1000, () => {
      const job = life.jobs(id).find((j) => j.kind === 'delete');
      const step = life.steps(id, 'delete').find((s) => s.name === 'delete_vm');
      const held = job?.leaseUntil && job.leaseUntil - life.clock.now();
      // A claim holds the job for the lease (5 s); a back-off releases it for less.
      const backedOff = job?.attempts === attempt && step?.state === 'failed' && held && held < life.settings.leaseMs;
      return backedOff ? job.leaseUntil : undefined;
    });
    return Math.round((until! - life.clock.now()) / 100) * 100;
  }

  it('retries the failed step after a growing back-off, skipping the steps that were done, and succeeds', async () => {
    life = await Lifecycle.start();
    const { user, id } = await runningHosting();
    life.vm.faults.fail('deleteVm', { times: 2, message: 'libvirt was busy' });

    await life.service.deleteHosting(user);
    expect(await backoffAfter(id, 1)).toBe(1000);
    // The worker keeps polling, but the job waits out its back-off.
    await sleep(30);
    expect(life.vm.faults.count('deleteVm')).toBe(1);
    expect(life.rowOf(user)?.status).toBe('DELETING');

    life.clock.advance(1000);
    expect(await backoffAfter(id, 2)).toBe(2000);
    life.clock.advance(2000);
    await life.waitForStatus(user, 'DELETED');

    expect(life.vm.faults.count('deleteVm')).toBe(3);
    expect(life.proxy.faults.count('removeProxyRule')).toBe(1);
    expect(life.vm.faults.count('stopVm')).toBe(1);
    expect(life.jobs(id).find((j) => j.kind === 'delete')).toMatchObject({ state: 'done', attempts: 3 });
    expect(life.vm.isEmpty()).toBe(true);
    expect(life.proxy.routes.size).toBe(0);
    expect(life.db.tables.allocations).toEqual([]);
    await leakAudit(life);
  });

  it('gives up after its last attempt with ERROR and advice, and a second delete then succeeds', async () => {
    life = await Lifecycle.start();
    const { user, id } = await runningHosting();
    life.vm.faults.fail('deleteVm', { message: 'libvirt refuses' });

    await life.service.deleteHosting(user);
    const backoffs: number[] = [];
    for (let attempt = 1; attempt < 5; attempt += 1) {
      const backoff = await backoffAfter(id, attempt);
      backoffs.push(backoff);
      life.clock.advance(backoff);
    }
    const failed = await life.waitForStatus(user, 'ERROR');

    // Doubling from 1 s, never longer than one lease (5 s here).
    expect(backoffs).toEqual([1000, 2000, 4000, 5000]);
    expect(life.vm.faults.count('deleteVm')).toBe(5);
    expect(life.jobs(id).find((j) => j.kind === 'delete')).toMatchObject({ state: 'failed', attempts: 5 });
    expect(failed.error).toEqual({
      step: 'delete_vm',
      message: 'Something went wrong. Press delete again; if it keeps failing, tell the operator.',
      retrySafe: true,
    });
    // What libvirt said is the operator's: in the step's record, not in the owner's message.
    expect(life.steps(id, 'delete').find((s) => s.name === 'delete_vm')?.error).toBe('libvirt refuses');
    // The machine is still there, so the owner may also start it again.
    expect((await life.service.getHosting(user)).allowed_actions).toEqual(['start', 'delete']);

    life.vm.faults.clear();
    await life.service.deleteHosting(user);
    await life.waitForStatus(user, 'DELETED');
    expect(life.vm.isEmpty()).toBe(true);
    expect(life.db.tables.allocations).toEqual([]);
    await leakAudit(life);
  });
});
