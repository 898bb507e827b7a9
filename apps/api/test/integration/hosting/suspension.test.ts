import type { HostingStatus } from '@hostbay/contract/hosting';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { getViaEdge, readGreeting, requestViaEdge } from '../edge/edge-helpers.js';
import { startHarness, type Auth, type Harness } from './harness.js';
import { openStream, type OpenStream } from './sse-client.js';

const BANNER = 'SSH-2.0-OpenSSH_9.2p1 Debian';

/**
 * Suspension end to end, through the admin API, on each database: Hostbay's
 * real nginx edge (with the SSH stream forward, whose lines must go), domains
 * on libvirt's test driver, and the guest farm answering for running ones.
 */
describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))('suspending a member (%s)', (_, kind) => {
  let h: Harness;
  let admin: { id: string; username: string; auth: Auth };
  const streams: OpenStream[] = [];

  beforeAll(async () => {
    h = await startHarness(kind, { HOSTBAY_SSH_FORWARD: 'stream' }, 8);
    admin = await h.newUser();
    await h.hostbay.users.setAdmin(admin.id, true);
  });
  afterAll(async () => {
    for (const stream of streams) stream.leave();
    await h?.close();
  });
  afterEach(() => h.leakAudit());

  const asAdmin = (action: 'suspend' | 'unsuspend', userId: string, payload?: object, auth = admin.auth) =>
    h.hostbay.app.inject({
      method: 'POST',
      url: `/api/v1/admin/users/${userId}/${action}`,
      headers: auth,
      ...(payload ? { payload } : {}),
    });

  /** The hosting's status as stored: the member's own token no longer reads it. */
  async function waitForRow(userId: string, status: HostingStatus) {
    await expect
      .poll(async () => (await h.hosting.stores.hostings.findActiveByUser(userId))?.status, { timeout: 30_000 })
      .toBe(status);
    return (await h.hosting.stores.hostings.findActiveByUser(userId))!;
  }

  async function runningMember() {
    const member = await h.newUser();
    expect((await h.api('POST', '', member.auth, {})).statusCode).toBe(202);
    const hosting = await h.waitForStatus(member.auth, ['RUNNING']);
    return { member, hosting, host: `${member.username}.localhost` };
  }

  const site = (host: string) => getViaEdge(h.config.server.port, host, '/');

  it('suspend: 401 account_suspended with the reason, the stream ends, STOPPED, the suspended page, SSH refuses; unsuspend: all back', async () => {
    const { member, hosting, host } = await runningMember();
    expect(await site(host)).toMatchObject({ status: 200, body: `<h1>Welcome, ${member.username}!</h1>` });
    expect(await readGreeting(hosting.ssh_port!)).toBe(BANNER);
    const stream = await openStream(h.config.server.port, member.auth.authorization.slice('Bearer '.length));
    streams.push(stream);
    await expect.poll(() => stream.events.length, { timeout: 5000 }).toBeGreaterThan(0);

    const suspended = await asAdmin('suspend', member.id, { reason: '  Sends spam  ' });
    const suspendedAt = Date.now();
    expect(suspended.statusCode).toBe(200);
    expect(suspended.json()).toMatchObject({
      success: true,
      data: {
        user_id: member.id,
        username: member.username,
        status: 'suspended',
        reason: 'Sends spam',
        // The stop job runs in the background (on the test driver it may be done already).
        hosting: { id: hosting.id, status: expect.stringMatching(/^STOPP(ING|ED)$/), resumes_to: 'RUNNING' },
      },
    });

    // At once: the member's token, the site, SSH.
    const refused = await h.api('GET', '/my', member.auth);
    expect(refused.statusCode).toBe(401);
    expect(refused.body.error).toMatchObject({ code: 'account_suspended', details: { reason: 'Sends spam' } });
    const page = await site(host);
    expect(page.status).toBe(503);
    expect(page.body).toContain('This site is suspended');
    expect(page.body).not.toContain('Welcome');
    // In the visitor's language.
    const korean = await requestViaEdge(h.config.server.port, {
      method: 'GET',
      host,
      path: '/',
      headers: { 'Accept-Language': 'ko-KR,ko;q=0.9' },
    });
    expect(korean).toMatchObject({
      status: 503,
      headers: {
        'content-language': 'ko',
        'retry-after': '3600',
        'cache-control': 'no-store',
        // The page's one inline style may apply; nothing may load or run.
        'content-security-policy': expect.stringMatching(/^default-src 'none'; style-src 'sha256-[^']+';/),
      },
    });
    expect(korean.body).toContain('이 사이트는 이용이 정지되었습니다');
    expect(await readGreeting(hosting.ssh_port!)).toBe('ECONNREFUSED');
    // Within the stream's account check (5 s).
    expect((await stream.closed) - suspendedAt).toBeLessThan(7000);
    expect(stream.events.at(-1)).toEqual({ event: 'end', data: { reason: 'account_unavailable' } });

    const stopped = await waitForRow(member.id, 'STOPPED');
    expect(stopped.suspendedFrom).toBe('RUNNING');
    expect(await h.hosting.vm.getVmState(hosting.id)).toBe('shutoff');
    expect((await h.hosting.proxy.listRoutes()).find((r) => r.username === member.username)?.suspended).toBe(true);
    expect((await site(host)).status).toBe(503);

    const back = await asAdmin('unsuspend', member.id);
    expect(back.statusCode).toBe(200);
    expect(back.json().data).toMatchObject({ status: 'active', reason: null, hosting: { resumes_to: null } });
    await h.waitForStatus(member.auth, ['RUNNING']);
    await expect
      .poll(async () => (await site(host)).body, { timeout: 10_000 })
      .toBe(`<h1>Welcome, ${member.username}!</h1>`);
    await expect.poll(() => readGreeting(hosting.ssh_port!), { timeout: 10_000 }).toBe(BANNER);

    const entries = await h.hostbay.audit.list({ limit: 10, targetId: member.id });
    expect(entries.map((e) => [e.action, e.result, e.actorName, e.targetName])).toEqual([
      ['admin.user_unsuspend', 'ok', admin.username, member.username],
      ['admin.user_suspend', 'ok', admin.username, member.username],
    ]);
    expect(entries[1]?.detail).toMatchObject({ status: 200, reason: 'Sends spam' });
  });

  it('leaves a stopped hosting stopped, and the suspended page goes back to the stopped site', async () => {
    const { member, hosting, host } = await runningMember();
    await h.api('POST', '/my/actions', member.auth, { action: 'stop' });
    await h.waitForStatus(member.auth, ['STOPPED']);

    expect((await asAdmin('suspend', member.id, { reason: 'Unpaid' })).json().data.hosting).toEqual({
      id: hosting.id,
      status: 'STOPPED',
      resumes_to: 'STOPPED',
    });
    expect((await site(host)).status).toBe(503);
    expect((await asAdmin('unsuspend', member.id)).statusCode).toBe(200);

    expect((await h.waitForStatus(member.auth, ['STOPPED'])).status).toBe('STOPPED');
    // The guest's route again, with nothing running behind it: the stopped site's page, as for any stopped hosting.
    const stoppedPage = await site(host);
    expect(stoppedPage).toMatchObject({ status: 503, headers: { 'retry-after': '3600' } });
    expect(stoppedPage.body).toContain('This site is stopped');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await h.hosting.vm.getVmState(hosting.id)).toBe('shutoff');
    expect((await h.hosting.stores.hostings.findActiveByUser(member.id))?.status).toBe('STOPPED');
  });

  it('refuses: 404 unknown, 409 twice, yourself, another admin, unsuspending an active account; 422 a bad reason; 403 a member', async () => {
    const member = await h.newUser();
    const otherAdmin = await h.newUser();
    await h.hostbay.users.setAdmin(otherAdmin.id, true);
    const codeOf = (res: { statusCode: number; json(): { error: { code: string } } }) => [
      res.statusCode,
      res.json().error.code,
    ];

    expect(codeOf(await asAdmin('suspend', '00000000-0000-4000-8000-000000000000', { reason: 'x' }))).toEqual([
      404,
      'not_found',
    ]);
    expect(codeOf(await asAdmin('suspend', 'not-a-uuid', { reason: 'x' }))).toEqual([422, 'validation_error']);
    expect(codeOf(await asAdmin('suspend', member.id, { reason: '   ' }))).toEqual([422, 'validation_error']);
    expect(codeOf(await asAdmin('suspend', member.id, { reason: 'x'.repeat(501) }))).toEqual([422, 'validation_error']);
    expect(codeOf(await asAdmin('suspend', member.id, { reason: 'two\nlines' }))).toEqual([422, 'validation_error']);
    expect(codeOf(await asAdmin('suspend', admin.id, { reason: 'x' }))).toEqual([409, 'conflict']);
    expect(codeOf(await asAdmin('suspend', otherAdmin.id, { reason: 'x' }))).toEqual([409, 'conflict']);
    expect(codeOf(await asAdmin('unsuspend', member.id))).toEqual([409, 'conflict']);
    expect(codeOf(await asAdmin('suspend', otherAdmin.id, { reason: 'x' }, member.auth))).toEqual([403, 'forbidden']);

    expect((await asAdmin('suspend', member.id, { reason: 'x'.repeat(500) })).statusCode).toBe(200);
    expect(codeOf(await asAdmin('suspend', member.id, { reason: 'again' }))).toEqual([409, 'conflict']);
    expect((await asAdmin('unsuspend', member.id)).statusCode).toBe(200);

    const recorded = await h.hostbay.audit.list({ limit: 20, action: 'admin.user_suspend', targetId: member.id });
    expect(recorded.map((e) => [e.result, e.detail?.status])).toEqual([
      ['denied', 409],
      ['ok', 200],
    ]);
  });
});
