import { ProvisionStepName } from '@hostbay/contract/hosting';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseKind } from '../../support/databases.js';
import { startHarness, type Harness } from './harness.js';
import { STEP_CALLS } from './port-faults.js';

/**
 * A booted hosting's steps: the test driver keeps no templates (restore_vm and personalise are the e2e tier's),
 * and restore_backup is a hosting brought back from a backup's (backups.test.ts).
 */
const CREATE_STEPS: readonly string[] = ProvisionStepName.options.filter(
  (name) => name !== 'restore_vm' && name !== 'personalise' && name !== 'restore_backup',
);

/**
 * What the step matrices cover on each database. Every step on SQLite, the
 * embedded default; on PostgreSQL the first step, one in the middle and the
 * last: what differs between the two is the database's part (claims, leases,
 * transactions, rollback), which those cases exercise, while the step code is
 * the same. The unit tier runs every step's failure and crash against fakes.
 * This keeps the integration tier inside CI's time (it had doubled).
 */
function stepsOn(kind: DatabaseKind): readonly string[] {
  if (kind.name === 'sqlite') return CREATE_STEPS;
  return [CREATE_STEPS[0]!, 'define_vm', CREATE_STEPS.at(-1)!];
}

/** The suite for one database; `faults.<db>.test.ts` run it, in parallel. */
export function faultsSuite(kind: DatabaseKind): void {
  const steps = stepsOn(kind);
  const everywhere = kind.name === 'sqlite';
  describe(`faults during creation on ${kind.name}`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness(kind);
    });
    afterAll(() => h.close());
    afterEach(async () => {
      h.faults.clear();
      await h.leakAudit();
    });

    it.each(steps)(
      'a failure in %s rolls everything back to ERROR, and delete then leaves nothing',
      async (failing) => {
        const user = await h.newUser();
        // The step's one call to the outside (libvirt, nginx, the database, the site) fails.
        h.faults.fail(STEP_CALLS[failing]!, user.id, { message: `injected failure in ${failing}` });
        expect((await h.api('POST', '', user.auth, {})).statusCode).toBe(202);
        const failed = await h.waitForStatus(user.auth, ['ERROR']);
        expect(failed.error).toMatchObject({ step: failing, retry_safe: true });
        // What the outside said (here the injected failure) is for the operator's log, not for the member.
        expect(failed.error?.message).not.toContain('injected failure');
        expect(failed.error?.message).toMatch(/Delete this hosting and create it again/);
        const upTo = CREATE_STEPS.indexOf(failing);
        for (const step of failed.steps) {
          expect(step.state, step.name).toBe(CREATE_STEPS.indexOf(step.name) <= upTo ? 'undone' : 'pending');
        }
        await h.leakAudit();
        expect((await h.api('POST', '/my/actions', user.auth, { action: 'start' })).statusCode).toBe(409);
        expect((await h.api('DELETE', '/my', user.auth)).statusCode).toBe(202);
        await expect.poll(async () => (await h.api('GET', '/my', user.auth)).statusCode, { timeout: 20_000 }).toBe(404);
      },
    );

    it.each(steps)('a crash right after %s is resumed and reaches RUNNING', async (after) => {
      const user = await h.newUser();
      h.faults.crashAfter(after, user.id);
      await h.api('POST', '', user.auth, {});
      const running = await h.waitForStatus(user.auth, ['RUNNING']);
      expect(h.faults.crashes).toBe(1);
      expect(running.steps.every((s) => s.state === 'done')).toBe(true);
      const job = await h.hosting.stores.jobs.latest(running.id);
      expect(job).toMatchObject({ kind: 'create', attempts: 2 });
      await h.leakAudit();
      await h.api('DELETE', '/my', user.auth);
      await expect.poll(async () => (await h.api('GET', '/my', user.auth)).statusCode, { timeout: 20_000 }).toBe(404);
    });

    it.each(everywhere ? ['add_proxy', 'define_vm', 'write_seed'] : ['define_vm'])(
      'a crash in the middle of rolling back (after undoing %s) finishes the rollback',
      async (undone) => {
        const user = await h.newUser();
        h.faults.fail('probe.probe', user.id, { message: 'injected failure in probe_site' });
        h.faults.crashAfter(`undo:${undone}`, user.id);
        await h.api('POST', '', user.auth, {});
        const failed = await h.waitForStatus(user.auth, ['ERROR']);
        expect(h.faults.crashes).toBe(1);
        expect(failed.error?.step, JSON.stringify(failed)).toBe('probe_site');
        expect(failed.steps.every((s) => s.state === 'undone')).toBe(true);
        await h.leakAudit();
        await h.api('DELETE', '/my', user.auth);
        await expect.poll(async () => (await h.api('GET', '/my', user.auth)).statusCode, { timeout: 20_000 }).toBe(404);
      },
    );

    // Timing of the job runner, the same on either database.
    it.runIf(everywhere)('retries a failed delete step after seconds, not after a whole lease', async () => {
      const slowLease = await startHarness(kind, { HOSTBAY_JOB_LEASE: '60s' });
      try {
        const user = await slowLease.newUser();
        await slowLease.api('POST', '', user.auth, {});
        await slowLease.waitForStatus(user.auth, ['RUNNING']);
        slowLease.faults.fail('vm.deleteVm', user.id, { times: 2, message: 'libvirt was busy' });
        const started = Date.now();
        expect((await slowLease.api('DELETE', '/my', user.auth)).statusCode).toBe(202);
        await expect
          .poll(async () => (await slowLease.api('GET', '/my', user.auth)).statusCode, { timeout: 20_000 })
          .toBe(404);
        expect(slowLease.faults.failuresThrown).toBe(2);
        // Back-offs of 1 s and 2 s; a retry after the 60 s lease would have missed the poll's 20 s.
        expect(Date.now() - started).toBeLessThan(15_000);
        await slowLease.leakAudit();
      } finally {
        await slowLease.close();
      }
    });

    it.runIf(everywhere)('times out a guest that never answers and rolls back', async () => {
      const short = await startHarness(kind, { HOSTBAY_VM_READY_TIMEOUT: '10s' });
      try {
        const user = await short.newUser();
        const created = await short.api('POST', '', user.auth, {});
        short.farm.broken.add(created.body.data!.id);
        const failed = await short.waitForStatus(user.auth, ['ERROR'], 40_000);
        expect(failed.error?.step).toBe('wait_guest');
        expect(failed.error?.message).toMatch(/did not answer on its web and SSH ports in time/);
        await short.leakAudit();
      } finally {
        await short.close();
      }
    });
  });
}
