import type { InvitationPage } from '@hostbay/contract/signup';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { accountInput, login, register } from '../../support/factories.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { adminSession, signupInfo } from './signup-support.js';

describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))('admin invitations (%s)', (_, kind) => {
  let t: TestServer;
  let admin: Awaited<ReturnType<typeof adminSession>>;
  beforeAll(async () => {
    t = await startTestServer(kind, {
      HOSTBAY_SIGNUP: 'invite',
      HOSTBAY_BASE_DOMAIN: 'hosting.school.example',
      HOSTBAY_PUBLIC_SCHEME: 'https',
      HOSTBAY_PUBLIC_PORT: '443',
    });
    admin = await adminSession(t.server);
  });
  afterAll(() => t?.close());

  const create = (payload: object) =>
    t.server.app.inject({ method: 'POST', url: '/api/v1/admin/invitations', headers: admin.headers, payload });
  const list = (query = '') =>
    t.server.app.inject({ method: 'GET', url: `/api/v1/admin/invitations${query}`, headers: admin.headers });
  const revoke = (id: string) =>
    t.server.app.inject({ method: 'POST', url: `/api/v1/admin/invitations/${id}/revoke`, headers: admin.headers });
  const auditOf = (requestId: string) =>
    vi.waitFor(async () => {
      const found = (await t.server.audit.list({ limit: 1000 })).filter((entry) => entry.requestId === requestId);
      if (found.length === 0) throw new Error('no audit entry yet');
      return found;
    });

  it('makes a link shown once, stores only the token’s hash, and the link signs up', async () => {
    const made = await create({ email: 'new.pupil@school.example', expires_in_days: 3 });
    expect(made.statusCode).toBe(201);
    const invitation = made.json().data;
    expect(invitation.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(invitation.link).toBe(`https://hosting.school.example/register?invite=${invitation.token}`);
    expect(invitation).toMatchObject({ email: 'new.pupil@school.example', state: 'pending', created_by: admin.userId });
    const days = (Date.parse(invitation.expires_at) - Date.parse(invitation.created_at)) / 86_400_000;
    expect(days).toBe(3);

    const rows = await t.server.database.db.selectFrom('invitations').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(invitation.token);
    const row = rows.find((r) => r.id === invitation.id)!;
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    // The list never shows a token or its hash.
    expect((await list()).body).not.toContain(invitation.token);
    expect((await list()).body).not.toContain(row.token_hash);

    expect((await signupInfo(t.server.app, invitation.token)).json().data.invitation).toEqual({
      valid: true,
      email: 'new.pupil@school.example',
    });
    const account = accountInput({ email: 'new.pupil@school.example' });
    const signedUp = await register(t.server.app, { ...account, invite: invitation.token });
    expect(signedUp.statusCode).toBe(201);
    const listed = (await list()).json().data.items.find((item: { id: string }) => item.id === invitation.id);
    expect(listed).toMatchObject({ state: 'used', used_by: signedUp.json().data.id });

    const [entry] = await auditOf(made.headers['x-request-id'] as string);
    expect(entry).toMatchObject({
      action: 'admin.invitation_create',
      actorId: admin.userId,
      targetKind: 'invitation',
      targetId: invitation.id,
      targetName: 'new.pupil@school.example',
      result: 'ok',
    });
    expect(JSON.stringify(entry)).not.toContain(invitation.token);
  });

  it('defaults to a week, refuses more than 90 days or a bad email', async () => {
    const made = (await create({})).json().data;
    expect((Date.parse(made.expires_at) - Date.parse(made.created_at)) / 86_400_000).toBe(7);
    expect(made.email).toBeNull();
    for (const payload of [{ expires_in_days: 91 }, { expires_in_days: 0 }, { email: 'not an email' }]) {
      const refused = await create(payload);
      expect(refused.statusCode).toBe(422);
    }
  });

  it('revokes: the link stops working, is listed as revoked, and the revocation is audited', async () => {
    const made = (await create({})).json().data;
    const revoked = await revoke(made.id);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().data).toMatchObject({ id: made.id, state: 'revoked' });
    expect((await revoke(made.id)).statusCode).toBe(200);
    const refused = await register(t.server.app, { ...accountInput(), invite: made.token });
    expect(refused.json().error.code).toBe('invitation_invalid');
    const [entry] = await auditOf(revoked.headers['x-request-id'] as string);
    expect(entry).toMatchObject({
      action: 'admin.invitation_revoke',
      actorId: admin.userId,
      targetKind: 'invitation',
      targetId: made.id,
      result: 'ok',
    });

    expect((await revoke('7d0f3c1e-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const used = (await create({})).json().data;
    await register(t.server.app, { ...accountInput(), invite: used.token });
    const tooLate = await revoke(used.id);
    expect(tooLate.statusCode).toBe(409);
  });

  it('lists newest first, a page at a time, to the end', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await create({})).json().data.id as string);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: InvitationPage = (await list(`?limit=2${cursor ? `&after=${cursor}` : ''}`)).json().data;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.next;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    // The five just made come first, newest first.
    expect(seen.slice(0, 5)).toEqual([...made].reverse());
    expect((await list('?after=not-a-cursor')).statusCode).toBe(422);
  });

  it('is for admins only', async () => {
    const member = await signedUpUserWithInvitation();
    const headers = { authorization: `Bearer ${member}` };
    const app = t.server.app;
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/invitations', headers })).statusCode).toBe(403);
    const made = await app.inject({ method: 'POST', url: '/api/v1/admin/invitations', headers, payload: {} });
    expect(made.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/invitations' })).statusCode).toBe(401);
  });

  async function signedUpUserWithInvitation(): Promise<string> {
    const invite = (await create({})).json().data.token as string;
    const account = accountInput();
    expect((await register(t.server.app, { ...account, invite })).statusCode).toBe(201);
    return (await login(t.server.app, account.email, account.password)).json().data.access_token as string;
  }
});
