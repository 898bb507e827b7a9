import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { accountInput, login, register } from '../../support/factories.js';
import { startContractServer, type ContractServer } from '../contract/contract-server.js';
import { adminSession, signupInfo, storedInvitation } from './signup-support.js';

describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))('HOSTBAY_SIGNUP=approval (%s)', (_, kind) => {
  let t: ContractServer;
  beforeAll(async () => {
    t = await startContractServer(kind, { HOSTBAY_SIGNUP: 'approval' });
  });
  afterAll(() => t?.close());

  it('makes a pending account that can log in and look, cannot create, and can once an admin approves', async () => {
    const app = t.hostbay.app;
    expect((await signupInfo(app)).json().data).toEqual({
      mode: 'approval',
      email_domains: [],
      invitation: null,
      site_domain: expect.any(String),
    });

    const account = accountInput();
    const created = await register(app, account);
    expect(created.statusCode).toBe(201);
    expect(created.json().data.status).toBe('pending');
    const userId = created.json().data.id as string;

    const session = await login(app, account.email, account.password);
    expect(session.statusCode).toBe(200);
    const headers = { authorization: `Bearer ${session.json().data.access_token as string}` };
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
    expect(me.json().data).toMatchObject({ id: userId, status: 'pending' });

    const refused = await app.inject({ method: 'POST', url: '/api/v1/hosting', headers });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('account_pending');
    // Nothing was taken: there is no hosting.
    expect((await app.inject({ method: 'GET', url: '/api/v1/hosting/my', headers })).statusCode).toBe(404);

    const admin = await adminSession(t.hostbay);
    const approved = await app.inject({
      method: 'POST',
      url: `/api/v1/admin/users/${userId}/approve`,
      headers: admin.headers,
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().data).toMatchObject({ id: userId, status: 'active' });

    // The same token: the account is read afresh on every request.
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).json().data.status).toBe('active');
    const hosting = await app.inject({ method: 'POST', url: '/api/v1/hosting', headers });
    expect(hosting.statusCode).toBe(202);

    const entries = await vi.waitFor(async () => {
      const found = (await t.hostbay.audit.list({ limit: 1000 })).filter(
        (entry) => entry.requestId === approved.headers['x-request-id'],
      );
      if (found.length === 0) throw new Error('no audit entry yet');
      return found;
    });
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'admin.user_approve',
        actorId: admin.userId,
        targetKind: 'user',
        targetId: userId,
        targetName: account.username,
        result: 'ok',
      }),
    ]);
  });

  it('answers 409 for an account that is not waiting, 404 for none, 403 to a member', async () => {
    const app = t.hostbay.app;
    const admin = await adminSession(t.hostbay);
    const approve = (id: string, headers = admin.headers) =>
      app.inject({ method: 'POST', url: `/api/v1/admin/users/${id}/approve`, headers });

    const created = await register(app, accountInput());
    const userId = created.json().data.id as string;
    expect((await approve(userId)).statusCode).toBe(200);
    const twice = await approve(userId);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('conflict');
    expect((await approve(admin.userId)).statusCode).toBe(409);
    expect((await approve('7d0f3c1e-0000-4000-8000-000000000000')).statusCode).toBe(404);

    const member = accountInput();
    await register(app, member);
    const memberToken = (await login(app, member.email, member.password)).json().data.access_token as string;
    const waiting = (await register(app, accountInput())).json().data.id as string;
    const forbidden = await approve(waiting, { authorization: `Bearer ${memberToken}` });
    expect(forbidden.statusCode).toBe(403);
    expect((await t.hostbay.users.findById(waiting))?.status).toBe('pending');
  });

  it('lets an invited account in at once (inviting is approving), once; a spent link is refused', async () => {
    const app = t.hostbay.app;
    const token = await storedInvitation(t.hostbay);
    expect((await signupInfo(app, token)).json().data).toEqual({
      mode: 'approval',
      email_domains: [],
      invitation: { valid: true, email: null },
      site_domain: expect.any(String),
    });
    const invited = await register(app, { ...accountInput(), invite: token });
    expect(invited.statusCode).toBe(201);
    expect(invited.json().data.status).toBe('active');

    expect((await signupInfo(app, token)).json().data.invitation).toEqual({ valid: false, email: null });
    const again = await register(app, { ...accountInput(), invite: token });
    expect(again.statusCode).toBe(403);
    expect(again.json().error.code).toBe('invitation_invalid');
    // Without the link, the same mode still waits for approval.
    expect((await register(app, accountInput())).json().data.status).toBe('pending');
  });
});
