import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { accountInput, login, register } from '../../support/factories.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { startContractServer, type ContractServer } from '../contract/contract-server.js';

describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))('the audit trail (%s)', (_, kind) => {
  let t: ContractServer;
  beforeAll(async () => {
    t = await startContractServer(kind);
  });
  afterAll(() => t?.close());

  /** The request's entries: written once the answer has gone out, so perhaps a moment after it arrives. */
  const entriesFor = (requestId: string) =>
    vi.waitFor(async () => {
      const entries = (await t.hostbay.audit.list({ limit: 1000 })).filter((entry) => entry.requestId === requestId);
      if (entries.length === 0) throw new Error(`no audit entry for request ${requestId} yet`);
      return entries;
    });

  it('records a sign-up, a failed and a successful login with who, what, from where and how it ended', async () => {
    const app = t.hostbay.app;
    const account = accountInput();
    const signUp = await register(app, account);
    expect(signUp.statusCode).toBe(201);
    const userId = signUp.json().data.id as string;
    const [registered] = await entriesFor(signUp.headers['x-request-id'] as string);
    expect(registered).toMatchObject({
      actorKind: 'anonymous',
      action: 'auth.register',
      targetKind: 'user',
      targetId: userId,
      targetName: account.username,
      clientIp: '127.0.0.1',
      result: 'ok',
    });

    const wrong = await login(app, account.email, 'not the password', '203.0.113.9');
    expect(wrong.statusCode).toBe(401);
    const [failed] = await entriesFor(wrong.headers['x-request-id'] as string);
    expect(failed).toMatchObject({
      actorKind: 'anonymous',
      action: 'auth.login',
      targetName: account.email,
      clientIp: '203.0.113.9',
      result: 'denied',
      detail: { status: 401 },
    });
    // Never the password.
    expect(JSON.stringify(failed)).not.toContain('not the password');

    const right = await login(app, account.email, account.password);
    const [loggedIn] = await entriesFor(right.headers['x-request-id'] as string);
    expect(loggedIn).toMatchObject({
      actorKind: 'user',
      actorId: userId,
      actorName: account.username,
      action: 'auth.login',
      targetId: userId,
      result: 'ok',
    });
  });

  it('records a member’s hosting actions, those refused too, with the hosting as the target', async () => {
    const app = t.hostbay.app;
    const account = accountInput();
    await register(app, account);
    const token = (await login(app, account.email, account.password)).json().data.access_token as string;
    const headers = { authorization: `Bearer ${token}` };

    const created = await app.inject({ method: 'POST', url: '/api/v1/hosting', headers });
    expect(created.statusCode).toBe(202);
    const hostingId = created.json().data.id as string;
    // It is still being created (no job runs here): a stop is refused.
    const stop = await app.inject({
      method: 'POST',
      url: '/api/v1/hosting/my/actions',
      headers,
      payload: { action: 'stop' },
    });
    expect(stop.statusCode).toBe(409);
    const anonymous = await app.inject({ method: 'DELETE', url: '/api/v1/hosting/my' });
    expect(anonymous.statusCode).toBe(401);

    const [create] = await entriesFor(created.headers['x-request-id'] as string);
    expect(create).toMatchObject({
      action: 'hosting.create',
      targetKind: 'hosting',
      targetId: hostingId,
      result: 'ok',
    });
    const [refused] = await entriesFor(stop.headers['x-request-id'] as string);
    expect(refused).toMatchObject({ action: 'hosting.stop', actorName: account.username, result: 'denied' });
    const [noToken] = await entriesFor(anonymous.headers['x-request-id'] as string);
    expect(noToken).toMatchObject({ action: 'hosting.delete', actorKind: 'anonymous', result: 'denied' });
  });

  it('reads nothing into the log for a look around (GET)', async () => {
    const before = (await t.hostbay.audit.list({ limit: 1 }))[0];
    const health = await t.hostbay.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await t.hostbay.audit.list({ limit: 1 }))[0]).toEqual(before);
  });

  it('pages newest first by keyset, and prunes only what is older than the retention', async () => {
    const first = await t.hostbay.audit.list({ limit: 2 });
    expect(first).toHaveLength(2);
    const next = await t.hostbay.audit.list({ limit: 2, before: { at: first[1]!.at, id: first[1]!.id } });
    expect(next[0]!.id).toBeLessThan(first[1]!.id);
    const all = await t.hostbay.audit.list({ limit: 1000 });
    expect(await t.hostbay.audit.prune(new Date())).toBe(0);
    // A year and a day later, everything is past the default retention of 365 days.
    const later = new Date(Date.now() + 366 * 86_400_000);
    expect(await t.hostbay.audit.prune(later)).toBe(all.length);
    expect(await t.hostbay.audit.list({ limit: 10 })).toEqual([]);
  });
});
