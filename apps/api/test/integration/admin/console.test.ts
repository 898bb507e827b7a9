import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signedUpUser } from '../../support/factories.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { startContractServer, type ContractServer } from '../contract/contract-server.js';

describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))('the operator console API (%s)', (_, kind) => {
  let t: ContractServer;
  let adminAuth: { authorization: string };
  let adminId: string;
  const members: { userId: string; token: string; username: string }[] = [];

  const get = (url: string) => t.hostbay.app.inject({ method: 'GET', url, headers: adminAuth });

  beforeAll(async () => {
    t = await startContractServer(kind);
    const admin = await signedUpUser(t.hostbay.app, { username: 'headteacher' });
    adminId = admin.userId;
    await t.hostbay.users.setAdmin(admin.userId, true);
    adminAuth = { authorization: `Bearer ${admin.token}` };
    for (const name of ['kim-minjun', 'lee-seoyeon', 'park-jiho']) {
      const member = await signedUpUser(t.hostbay.app, { username: name, email: `${name}@school.example` });
      members.push({ ...member, username: name });
    }
    await t.hostbay.users.setStatus(members[2]!.userId, 'suspended', 'spam');
    const created = await t.hostbay.app.inject({
      method: 'POST',
      url: '/api/v1/hosting',
      headers: { authorization: `Bearer ${members[0]!.token}` },
    });
    expect(created.statusCode).toBe(202);
  });
  afterAll(() => t?.close());

  it('gives an overview: hostings by state, what they are given against the host, members by status', async () => {
    const overview = (await get('/api/v1/admin/overview')).json().data;
    // The contract server made two hostings of its own before this suite's one.
    expect(overview.hostings.CREATING).toBeGreaterThanOrEqual(1);
    expect(overview.hostings).not.toHaveProperty('DELETED');
    expect(overview.resources.vcpus.allotted).toBeGreaterThanOrEqual(1);
    expect(overview.resources.vcpus.host).toBeGreaterThanOrEqual(1);
    expect(overview.resources.memory_mb.host).toBeGreaterThan(0);
    expect(overview.members.suspended).toBe(1);
    expect(overview.admins).toBe(1);
    expect(overview.capacity.limit).toBe(t.config.hosting.capacity);
    // libvirt's test driver runs no real guests: no templates, and the overview says why.
    expect(overview.templates).toEqual({ off: 'remote_libvirt', shapes: [] });
  });

  it('searches members by part of the email or username, filters them, and pages newest first', async () => {
    const found = (await get('/api/v1/admin/users?q=SEOYEON')).json().data;
    expect(found.items.map((u: { username: string }) => u.username)).toEqual(['lee-seoyeon']);
    // LIKE's wildcards are taken literally.
    expect((await get('/api/v1/admin/users?q=%25')).json().data.items).toEqual([]);
    const suspended = (await get('/api/v1/admin/users?status=suspended')).json().data.items;
    expect(suspended).toEqual([expect.objectContaining({ username: 'park-jiho', status_reason: 'spam' })]);
    const admins = (await get('/api/v1/admin/users?role=admin')).json().data.items;
    expect(admins.map((u: { id: string }) => u.id)).toEqual([adminId]);
    const withHosting = (await get('/api/v1/admin/users?q=kim-minjun')).json().data.items[0];
    expect(withHosting.hosting).toMatchObject({ status: 'CREATING' });

    const seen: string[] = [];
    let next: string | null = null;
    do {
      const page: { items: { id: string }[]; next: string | null } = (
        await get(`/api/v1/admin/users?limit=2${next ? `&after=${next}` : ''}`)
      ).json().data;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((u) => u.id));
      next = page.next;
    } while (next);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([adminId, ...members.map((m) => m.userId)]));
    expect((await get('/api/v1/admin/users?after=not-a-cursor')).statusCode).toBe(422);
  });

  it('changes roles, but never demotes the last administrator', async () => {
    const put = (id: string, role: string) =>
      t.hostbay.app.inject({
        method: 'PUT',
        url: `/api/v1/admin/users/${id}/role`,
        headers: adminAuth,
        payload: { role },
      });
    expect((await put('00000000-0000-4000-8000-000000000000', 'admin')).statusCode).toBe(404);
    expect((await put(adminId, 'member')).statusCode).toBe(409);
    expect((await put(members[1]!.userId, 'admin')).json().data).toMatchObject({ is_admin: true });
    expect((await put(adminId, 'member')).statusCode).toBe(200);
    // Put things back for the tests below.
    const other = { authorization: `Bearer ${members[1]!.token}` };
    await t.hostbay.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/users/${adminId}/role`,
      headers: other,
      payload: { role: 'admin' },
    });
    expect((await put(members[1]!.userId, 'member')).statusCode).toBe(200);
  });

  it('lists every hosting with its owner, and acts on one as its owner would', async () => {
    const list = (await get('/api/v1/admin/hostings?status=CREATING')).json().data.items;
    const mine = list.find((h: { owner: { id: string } }) => h.owner.id === members[0]!.userId);
    expect(mine).toMatchObject({ status: 'CREATING', owner: { username: 'kim-minjun' } });
    const act = (action: string) =>
      t.hostbay.app.inject({
        method: 'POST',
        url: `/api/v1/admin/hostings/${mine.id}/actions`,
        headers: adminAuth,
        payload: { action },
      });
    // Being created: a stop is refused exactly as it would be for the owner.
    expect((await act('stop')).statusCode).toBe(409);
    const deleted = await t.hostbay.app.inject({
      method: 'DELETE',
      url: `/api/v1/admin/hostings/${mine.id}`,
      headers: adminAuth,
    });
    expect(deleted.statusCode).toBe(202);
    expect(deleted.json().data.status).toBe('DELETING');
  });

  it('shows the audit log filtered and paged, and exports the same as CSV', async () => {
    const entries = await vi.waitFor(async () => {
      const page = (await get(`/api/v1/admin/audit?actor=${adminId}&action=admin.hosting_delete`)).json().data;
      if (page.items.length === 0) throw new Error('not recorded yet');
      return page.items;
    });
    expect(entries[0]).toMatchObject({
      actor: { kind: 'user', id: adminId, name: 'headteacher' },
      action: 'admin.hosting_delete',
      target: { kind: 'hosting', name: 'kim-minjun' },
      result: 'ok',
    });
    const roles = (await get('/api/v1/admin/audit?action=admin.user_role')).json().data.items;
    expect(roles.map((e: { result: string }) => e.result)).toEqual(expect.arrayContaining(['ok', 'denied']));

    const page1 = (await get('/api/v1/admin/audit?limit=3')).json().data;
    const page2 = (await get(`/api/v1/admin/audit?limit=3&after=${page1.next}`)).json().data;
    expect(Number(page2.items[0].id)).toBeLessThan(Number(page1.items[2].id));

    const csv = await get('/api/v1/admin/audit/export.csv?action=admin.user_role');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain('attachment');
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(roles.length);
    expect(rows[0]).toMatchObject({ action: 'admin.user_role', actor_kind: 'user' });
  });

  it('is for administrators only', async () => {
    const member = { authorization: `Bearer ${members[0]!.token}` };
    for (const url of ['/api/v1/admin/overview', '/api/v1/admin/users', '/api/v1/admin/audit/export.csv']) {
      expect((await t.hostbay.app.inject({ method: 'GET', url, headers: member })).statusCode).toBe(403);
      expect((await t.hostbay.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
  });
});
