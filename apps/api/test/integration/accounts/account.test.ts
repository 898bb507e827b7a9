import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditRecord } from '../../../src/modules/audit/audit.types.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { login, signedUpUser } from '../../support/factories.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function me(app: FastifyInstance, token: string) {
  return app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) });
}

function changePassword(app: FastifyInstance, token: string, body: object, remoteAddress?: string) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/password',
    headers: bearer(token),
    payload: body,
    remoteAddress,
  });
}

function deleteAccount(app: FastifyInstance, token: string, password: string) {
  return app.inject({ method: 'DELETE', url: '/api/v1/auth/account', headers: bearer(token), payload: { password } });
}

describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))('a member’s own account (%s)', (_, kind) => {
  let t: TestServer;
  let app: FastifyInstance;
  beforeAll(async () => {
    t = await startTestServer(kind);
    app = t.server.app;
  });
  afterAll(() => t?.close());

  /** The entries of one action about one account, once the answer's hook has written them. */
  const entries = (action: AuditRecord['action'], targetId: string) =>
    vi.waitFor(async () => {
      const found = await t.server.audit.list({ limit: 100, targetId, action });
      if (found.length === 0) throw new Error(`no ${action} entry yet`);
      return found;
    });

  it('changes the password: other sessions end, this one goes on with the new token', async () => {
    const user = await signedUpUser(app);
    const other = (await login(app, user.account.email, user.account.password)).json().data.access_token as string;
    const changed = await changePassword(app, user.token, {
      current_password: user.account.password,
      new_password: 'a brand new passphrase',
    });
    expect(changed.statusCode).toBe(200);
    const fresh = changed.json().data.access_token as string;
    expect(changed.json().data).toMatchObject({ token_type: 'bearer', expires_in: expect.any(Number) });

    for (const ended of [user.token, other]) {
      const answer = await me(app, ended);
      expect(answer.statusCode).toBe(401);
      expect(answer.json()).toMatchObject({
        message: 'This session has ended: log in again.',
        error: { code: 'unauthenticated' },
      });
    }
    expect((await me(app, fresh)).statusCode).toBe(200);
    expect((await login(app, user.account.email, user.account.password)).statusCode).toBe(401);
    expect((await login(app, user.account.email, 'a brand new passphrase')).statusCode).toBe(200);
    const [entry] = await entries('auth.password_change', user.userId);
    expect(entry).toMatchObject({ actorId: user.userId, result: 'ok', clientIp: '127.0.0.1' });
    expect(JSON.stringify(entry)).not.toContain('passphrase');
  });

  it('refuses a wrong current password at its field (422), and a new one equal to it, changing nothing', async () => {
    const user = await signedUpUser(app);
    const wrong = await changePassword(app, user.token, {
      current_password: 'not my password',
      new_password: 'a brand new passphrase',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error).toMatchObject({
      code: 'validation_error',
      details: [{ field: 'current_password', code: 'password_incorrect' }],
    });
    const same = await changePassword(app, user.token, {
      current_password: user.account.password,
      new_password: user.account.password,
    });
    expect(same.statusCode).toBe(422);
    expect(same.json().error.details).toEqual([
      expect.objectContaining({ field: 'new_password', code: 'password_unchanged' }),
    ]);
    const short = await changePassword(app, user.token, {
      current_password: user.account.password,
      new_password: 'short',
    });
    expect(short.json().error.details).toEqual([
      expect.objectContaining({ field: 'new_password', code: 'password_too_short' }),
    ]);
    // The session and the password are as they were.
    expect((await me(app, user.token)).statusCode).toBe(200);
    expect((await login(app, user.account.email, user.account.password)).statusCode).toBe(200);
    const [refused] = await entries('auth.password_change', user.userId);
    expect(refused).toMatchObject({ result: 'denied', detail: { status: 422 } });
  });

  it('takes a token from before token versions (no claim) as version 0, until the password changes', async () => {
    const user = await signedUpUser(app);
    const now = Math.floor(Date.now() / 1000);
    const legacy = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.userId)
      .setIssuer(t.config.auth.issuer)
      .setAudience(t.config.auth.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode(t.config.auth.jwtSecret));
    expect((await me(app, legacy)).statusCode).toBe(200);
    await changePassword(app, user.token, {
      current_password: user.account.password,
      new_password: 'another passphrase',
    });
    expect((await me(app, legacy)).statusCode).toBe(401);
  });

  it('deletes the account with its password: its tokens and its login stop at once', async () => {
    const user = await signedUpUser(app);
    const wrong = await deleteAccount(app, user.token, 'not my password');
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.details).toEqual([
      expect.objectContaining({ field: 'password', code: 'password_incorrect' }),
    ]);
    expect((await me(app, user.token)).statusCode).toBe(200);

    const deleted = await deleteAccount(app, user.token, user.account.password);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().data).toEqual({ user_id: user.userId, state: 'deleted' });
    expect(await t.server.users.findById(user.userId)).toBeUndefined();
    expect((await me(app, user.token)).statusCode).toBe(401);
    expect((await login(app, user.account.email, user.account.password)).statusCode).toBe(401);
    const [entry] = await entries('auth.account_delete', user.userId);
    expect(entry).toMatchObject({ actorId: user.userId, result: 'ok' });
  });

  it('lists the member’s own recent activity, newest first, with addresses and failed logins, and nobody else’s', async () => {
    const alice = await signedUpUser(app);
    const bob = await signedUpUser(app);
    await login(app, alice.account.email, alice.account.password, '198.51.100.7');
    await login(app, alice.account.email, 'a guess', '203.0.113.66');
    await login(app, bob.account.email, bob.account.password, '192.0.2.1');
    await login(app, bob.account.email, 'another guess', '192.0.2.2');
    const activity = await vi.waitFor(async () => {
      const answer = await app.inject({ method: 'GET', url: '/api/v1/auth/activity', headers: bearer(alice.token) });
      const list = answer.json().data.entries as { action: string; by: string; client_ip: string; result: string }[];
      if (list.length < 3) throw new Error('not all entries written yet');
      return list;
    });
    expect(activity.slice(0, 3)).toMatchObject([
      { action: 'auth.login', by: 'someone', client_ip: '203.0.113.66', result: 'denied' },
      { action: 'auth.login', by: 'you', client_ip: '198.51.100.7', result: 'ok' },
      { action: 'auth.login', by: 'you', client_ip: '127.0.0.1', result: 'ok' },
    ]);
    const addresses = activity.map((entry) => entry.client_ip);
    expect(addresses).not.toContain('192.0.2.1');
    expect(addresses).not.toContain('192.0.2.2');
    expect(activity.length).toBeLessThanOrEqual(20);
  });
});

describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))(
  'an admin and members’ accounts (%s)',
  (_, kind) => {
    let t: TestServer;
    let app: FastifyInstance;
    let admin: Awaited<ReturnType<typeof signedUpUser>>;
    beforeAll(async () => {
      t = await startTestServer(kind);
      app = t.server.app;
      admin = await signedUpUser(app);
      await t.server.users.setAdmin(admin.userId, true);
    });
    afterAll(() => t?.close());

    const entry = (action: AuditRecord['action'], targetId: string) =>
      vi.waitFor(async () => {
        const [found] = await t.server.audit.list({ limit: 1, targetId, action });
        if (!found) throw new Error(`no ${action} entry yet`);
        return found;
      });

    it('resets a member’s password to one shown once: the old one and the member’s sessions stop working', async () => {
      const member = await signedUpUser(app);
      const reset = await app.inject({
        method: 'POST',
        url: `/api/v1/admin/users/${member.userId}/password-reset`,
        headers: bearer(admin.token),
      });
      expect(reset.statusCode).toBe(200);
      const password = reset.json().data.password as string;
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect((await me(app, member.token)).statusCode).toBe(401);
      expect((await login(app, member.account.email, member.account.password)).statusCode).toBe(401);
      expect((await login(app, member.account.email, password)).statusCode).toBe(200);
      expect(await entry('admin.user_password_reset', member.userId)).toMatchObject({
        actorId: admin.userId,
        result: 'ok',
      });
      // The password itself is in no entry.
      expect(JSON.stringify(await t.server.audit.list({ limit: 100 }))).not.toContain(password);
      // The member sees it in their activity, done by an administrator.
      const session = (await login(app, member.account.email, password)).json().data.access_token as string;
      const activity = await app.inject({ method: 'GET', url: '/api/v1/auth/activity', headers: bearer(session) });
      expect(activity.json().data.entries).toContainEqual(
        expect.objectContaining({ action: 'admin.user_password_reset', by: 'administrator', client_ip: null }),
      );
    });

    it('deletes a member’s account; refuses a member, an unknown account and the last admin', async () => {
      const member = await signedUpUser(app);
      const url = `/api/v1/admin/users/${member.userId}`;
      const byMember = await app.inject({
        method: 'DELETE',
        url: `/api/v1/admin/users/${admin.userId}`,
        headers: bearer(member.token),
      });
      expect(byMember.statusCode).toBe(403);
      const deleted = await app.inject({ method: 'DELETE', url, headers: bearer(admin.token) });
      expect(deleted.statusCode).toBe(200);
      expect(deleted.json().data).toEqual({ user_id: member.userId, state: 'deleted' });
      expect((await me(app, member.token)).statusCode).toBe(401);
      expect(await t.server.users.findById(member.userId)).toBeUndefined();
      expect(await entry('admin.user_delete', member.userId)).toMatchObject({ actorId: admin.userId, result: 'ok' });

      expect((await app.inject({ method: 'DELETE', url, headers: bearer(admin.token) })).statusCode).toBe(404);
      const self = await app.inject({
        method: 'DELETE',
        url: `/api/v1/admin/users/${admin.userId}`,
        headers: bearer(admin.token),
      });
      expect(self.statusCode).toBe(409);
      expect((await me(app, admin.token)).statusCode).toBe(200);
    });
  },
);

describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))(
  'password checks are rate limited (%s)',
  (_, kind) => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(kind, { HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT_AND_IP: '3/1m' });
    });
    afterAll(() => t?.close());

    it('counts wrong current passwords as failed logins of the account, then answers 429', async () => {
      const app = t.server.app;
      const user = await signedUpUser(app);
      const guess = () =>
        changePassword(app, user.token, { current_password: 'a wrong guess', new_password: 'a brand new passphrase' });
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await guess()).statusCode);
      expect(statuses).toEqual([422, 422, 422, 429]);
      // The same account's logins from this address are held too.
      expect((await login(app, user.account.email, user.account.password)).statusCode).toBe(429);
      const right = await changePassword(app, user.token, {
        current_password: user.account.password,
        new_password: 'a brand new passphrase',
      });
      expect(right.statusCode).toBe(429);
    });
  },
);
