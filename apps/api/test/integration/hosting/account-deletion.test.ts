import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { startHarness, type Auth, type Harness } from './harness.js';

/** The harness's users all have this password (see newUser). */
const PASSWORD = 'not used here';

describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))(
  'deleting an account with a hosting (%s)',
  (_, kind) => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness(kind);
    });
    afterAll(() => h?.close());
    afterEach(() => h.leakAudit());

    const me = (auth: Auth) => h.hostbay.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: auth });
    const running = async () => {
      const user = await h.newUser();
      expect((await h.api('POST', '', user.auth, {})).statusCode).toBe(202);
      await h.waitForStatus(user.auth, ['RUNNING']);
      return user;
    };
    /** The account is gone once its hosting is: polled, as the delete job takes a moment. */
    const gone = (userId: string) =>
      expect.poll(() => h.hostbay.users.findById(userId), { timeout: 20_000, interval: 100 }).toBeUndefined();

    it('deletes the hosting completely (the delete job), then the account; the token stops at once', async () => {
      const user = await running();
      const hosting = await h.hosting.stores.hostings.findActiveByUser(user.id);
      const answer = await h.hostbay.app.inject({
        method: 'DELETE',
        url: '/api/v1/auth/account',
        headers: user.auth,
        payload: { password: PASSWORD },
      });
      expect(answer.statusCode).toBe(202);
      expect(answer.json().data).toEqual({ user_id: user.id, state: 'deleting' });
      expect((await me(user.auth)).statusCode).toBe(401);
      await gone(user.id);
      // Its hosting went by the delete job, every step of it, before the account: nothing of it is left on the host.
      expect(await h.hosting.vm.listVms()).not.toContain(hosting!.id);
      expect((await h.hosting.proxy.listRoutes()).map((route) => route.username)).not.toContain(user.username);
      await h.leakAudit();
    });

    it('lets an admin delete a member with a hosting', async () => {
      const admin = await h.newUser();
      await h.hostbay.users.setAdmin(admin.id, true);
      const member = await running();
      const answer = await h.hostbay.app.inject({
        method: 'DELETE',
        url: `/api/v1/admin/users/${member.id}`,
        headers: admin.auth,
      });
      expect(answer.statusCode).toBe(202);
      expect((await me(member.auth)).statusCode).toBe(401);
      await gone(member.id);
    });

    it('finishes a deletion that a crash interrupted between marking the account and deleting its hosting', async () => {
      const user = await running();
      // What a crash right after the first statement leaves: the account marked, its hosting untouched.
      await h.hostbay.users.markForDeletion(user.id);
      expect((await me(user.auth)).statusCode).toBe(401);
      expect((await h.hosting.stores.hostings.findActiveByUser(user.id))?.status).toBe('RUNNING');
      // What the next start (and every reconcile) runs.
      await h.hostbay.accounts.resumeDeletions();
      await gone(user.id);
    });

    it('removes an account whose hosting was deleted before a crash kept the account from going', async () => {
      const user = await running();
      expect((await h.api('DELETE', '/my', user.auth)).statusCode).toBe(202);
      await h.hosting.worker.idle();
      await expect.poll(() => h.hosting.stores.hostings.findActiveByUser(user.id), { timeout: 20_000 }).toBeUndefined();
      await h.hostbay.users.markForDeletion(user.id);
      await h.hostbay.accounts.resumeDeletions();
      expect(await h.hostbay.users.findById(user.id)).toBeUndefined();
    });
  },
);
