import { ProvisionStepName } from '@hostbay/contract/hosting';
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseKind } from '../../support/databases.js';
import { startHarness, type Harness } from './harness.js';

const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop';

/** What a visitor gets at http://<username>.<base-domain>:<port>/ through the edge. */
function visit(port: number, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/** The suite for one database; `lifecycle.<db>.test.ts` run it, in parallel. */
export function lifecycleSuite(kind: DatabaseKind): void {
  describe(`hosting lifecycle on ${kind.name}`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness(kind);
    });
    afterAll(() => h.close());
    afterEach(async () => {
      h.faults.clear();
      await h.leakAudit();
    });

    it('creates (202 CREATING with its steps), serves the site through the edge, stops, starts, reboots and deletes', async () => {
      const user = await h.newUser();
      const created = await h.api('POST', '', user.auth, { ssh_public_key: ED25519 });
      expect(created.statusCode).toBe(202);
      expect(created.body.data).toMatchObject({
        status: 'CREATING',
        initial_password: null,
        ssh_user: user.username,
        vcpus: 1,
        memory_mb: 512,
      });
      // Booted: the test driver keeps no templates.
      expect(created.body.data?.steps.map((s) => s.name)).toEqual(
        ProvisionStepName.options.filter(
          (name) => name !== 'restore_vm' && name !== 'personalise' && name !== 'restore_backup',
        ),
      );
      expect(created.body.data?.creation_path).toBe('boot');

      const running = await h.waitForStatus(user.auth, ['RUNNING']);
      expect(running.steps.every((s) => s.state === 'done' && s.started_at && s.finished_at)).toBe(true);
      expect(running.web_url).toBe(`http://${user.username}.localhost:${h.config.server.port}/`);
      expect(running.ssh_command).toBe(`ssh -p ${running.ssh_port} ${user.username}@localhost`);
      const page = await visit(h.config.server.port, `${user.username}.localhost`);
      expect(page).toEqual({ status: 200, body: `<h1>Welcome, ${user.username}!</h1>` });

      const stop = await h.api('POST', '/my/actions', user.auth, { action: 'stop' });
      expect(stop.statusCode).toBe(202);
      expect(stop.body.data?.status).toBe('STOPPING');
      expect((await h.waitForStatus(user.auth, ['STOPPED'])).stop_cause).toBe('member');
      expect(await h.hosting.vm.getVmState(running.id)).toBe('shutoff');

      expect((await h.api('POST', '/my/actions', user.auth, { action: 'start' })).body.data?.status).toBe('STARTING');
      await h.waitForStatus(user.auth, ['RUNNING']);
      const reboot = await h.api('POST', '/my/actions', user.auth, { action: 'reboot' });
      expect(reboot.statusCode).toBe(202);
      // The site is down until the machine answers again: the status says so rather than RUNNING.
      expect(reboot.body.data?.status).toBe('REBOOTING');
      expect((await h.waitForStatus(user.auth, ['RUNNING'])).stop_cause).toBeNull();
      await h.leakAudit();

      const deleted = await h.api('DELETE', '/my', user.auth);
      expect(deleted.statusCode).toBe(202);
      expect(deleted.body.data?.status).toBe('DELETING');
      await expect.poll(async () => (await h.api('GET', '/my', user.auth)).statusCode, { timeout: 20_000 }).toBe(404);
      expect((await visit(h.config.server.port, `${user.username}.localhost`)).status).toBe(404);
    });

    it('returns a one-time password when no key is given, and never again', async () => {
      const user = await h.newUser();
      const created = await h.api('POST', '', user.auth, {});
      expect(created.body.data?.initial_password).toMatch(/^\S{12,}$/);
      const row = await h.hosting.stores.hostings.findActiveByUser(user.id);
      expect(row?.passwordHash).toMatch(/^\$6\$/);
      expect(row?.passwordHash).not.toContain(created.body.data?.initial_password);
      const later = await h.api('GET', '/my', user.auth);
      expect(later.body.data).not.toHaveProperty('initial_password');
      await h.waitForStatus(user.auth, ['RUNNING']);
      await h.api('DELETE', '/my', user.auth);
      await expect.poll(async () => (await h.api('GET', '/my', user.auth)).statusCode, { timeout: 20_000 }).toBe(404);
    });

    it('refuses a second hosting with 409, and a bad key with 422', async () => {
      const user = await h.newUser();
      const unparsable = await h.api('POST', '', user.auth, {
        ssh_public_key: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC7 short',
      });
      expect(unparsable.statusCode).toBe(422);
      expect(unparsable.body.error?.details).toEqual([expect.objectContaining({ code: 'ssh_key_unparsable' })]);
      const twoLines = await h.api('POST', '', user.auth, { ssh_public_key: `${ED25519}\nssh-ed25519 AAAA second` });
      expect(twoLines.statusCode).toBe(422);
      expect(twoLines.body.error?.details).toEqual([expect.objectContaining({ code: 'ssh_key_format' })]);
      expect((await h.api('POST', '', user.auth, {})).statusCode).toBe(202);
      const again = await h.api('POST', '', user.auth, {});
      expect(again.statusCode).toBe(409);
      expect(again.body.error?.code).toBe('conflict');
      await h.waitForStatus(user.auth, ['RUNNING']);
      await h.api('DELETE', '/my', user.auth);
      await expect.poll(async () => (await h.api('GET', '/my', user.auth)).statusCode, { timeout: 20_000 }).toBe(404);
    });

    it('answers a retried create with the same Idempotency-Key with the same hosting', async () => {
      const user = await h.newUser();
      const key = { 'idempotency-key': 'create-once-123' };
      const first = await h.api('POST', '', user.auth, {}, key);
      const second = await h.api('POST', '', user.auth, {}, key);
      expect(second.statusCode).toBe(202);
      expect(second.body.data?.id).toBe(first.body.data?.id);
      await h.waitForStatus(user.auth, ['RUNNING']);
      await h.api('DELETE', '/my', user.auth);
      await expect.poll(async () => (await h.api('GET', '/my', user.auth)).statusCode, { timeout: 20_000 }).toBe(404);
    });

    it('refuses actions the state does not allow, with 409', async () => {
      const user = await h.newUser();
      await h.api('POST', '', user.auth, {});
      expect((await h.api('POST', '/my/actions', user.auth, { action: 'start' })).statusCode).toBe(409);
      await h.waitForStatus(user.auth, ['RUNNING']);
      expect((await h.api('POST', '/my/actions', user.auth, { action: 'start' })).statusCode).toBe(409);
      expect((await h.api('POST', '/my/actions', user.auth, { action: 'explode' })).statusCode).toBe(422);
      await h.api('DELETE', '/my', user.auth);
      await expect.poll(async () => (await h.api('GET', '/my', user.auth)).statusCode, { timeout: 20_000 }).toBe(404);
    });

    it('follows the real VM: shut down from inside → STOPPED, vanished → ERROR', async () => {
      const user = await h.newUser();
      await h.api('POST', '', user.auth, {});
      const running = await h.waitForStatus(user.auth, ['RUNNING']);
      await h.hosting.vm.stopVm(running.id, { timeoutMs: 1000 });
      await h.hosting.reconciler.syncHostingStatus();
      // Nobody asked for this stop: the member is told it stopped unexpectedly, and may start it again.
      const stopped = (await h.api('GET', '/my', user.auth)).body.data;
      expect(stopped).toMatchObject({ status: 'STOPPED', stop_cause: 'unexpected' });
      expect(stopped?.allowed_actions).toContain('start');
      expect((await h.api('POST', '/my/actions', user.auth, { action: 'start' })).body.data?.stop_cause).toBeNull();
      await h.waitForStatus(user.auth, ['RUNNING']);
      await h.api('DELETE', '/my', user.auth);
      await expect.poll(async () => (await h.api('GET', '/my', user.auth)).statusCode, { timeout: 20_000 }).toBe(404);
    });

    it('deletes a hosting while it is still being created', async () => {
      const user = await h.newUser();
      const created = await h.api('POST', '', user.auth, {});
      h.farm.broken.add(created.body.data!.id);
      await expect
        .poll(
          async () =>
            (await h.api('GET', '/my', user.auth)).body.data?.steps.find((s) => s.name === 'wait_guest')?.state,
        )
        .toBe('running');
      expect((await h.api('DELETE', '/my', user.auth)).statusCode).toBe(202);
      await expect.poll(async () => (await h.api('GET', '/my', user.auth)).statusCode, { timeout: 20_000 }).toBe(404);
    });
  });
}
