import type { AdminPlan } from '@hostbay/contract/plan';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DATABASE_KINDS } from '../../support/databases.js';
import { signedUpUser } from '../../support/factories.js';
import { startContractServer, type ContractServer } from '../contract/contract-server.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * Plans through the API on a real database: admins make, change and delete
 * plans and put members on them; a member sees theirs; a new hosting gets
 * its member's plan, or is refused with nothing taken when the host (libvirt's
 * test driver: 16 CPUs, 3 GiB) cannot run it. No job runs here: the hosting
 * row is what creation wrote (the machine is checked in hosting/plans.test.ts).
 */
describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))('plans (%s)', (_, kind) => {
  let t: ContractServer;
  let admin: string;
  let planCounter = 0;

  beforeAll(async () => {
    t = await startContractServer(kind);
    const account = await signedUpUser(t.hostbay.app);
    await t.hostbay.users.setAdmin(account.userId, true);
    admin = `Bearer ${account.token}`;
  });
  afterAll(() => t?.close());

  const call = async (method: Method, url: string, authorization: string, payload?: object) => {
    const res = await t.hostbay.app.inject({
      method,
      url,
      headers: { authorization },
      ...(payload ? { payload } : {}),
    });
    return { status: res.statusCode, body: res.json(), requestId: String(res.headers['x-request-id']) };
  };
  const member = async () => {
    const account = await signedUpUser(t.hostbay.app);
    return { id: account.userId, username: account.account.username, auth: `Bearer ${account.token}` };
  };
  const newPlan = async (limits: Partial<{ vcpus: number; memory_mb: number; disk_gb: number }> = {}) => {
    planCounter += 1;
    const created = await call('POST', '/api/v1/admin/plans', admin, {
      name: `Plan ${planCounter} ${kind.name}`,
      vcpus: 2,
      memory_mb: 1024,
      disk_gb: 20,
      ...limits,
    });
    expect(created.status).toBe(201);
    return created.body.data as AdminPlan;
  };
  const listPlans = async () => (await call('GET', '/api/v1/admin/plans', admin)).body.data as AdminPlan[];
  const auditOf = (requestId: string) =>
    vi.waitFor(async () => {
      const entries = (await t.hostbay.audit.list({ limit: 1000 })).filter((entry) => entry.requestId === requestId);
      if (entries.length === 0) throw new Error(`no audit entry for request ${requestId} yet`);
      return entries[0];
    });

  it('lists the default plan first (from HOSTBAY_VM_*), then the named ones, each with its members', async () => {
    const plan = await newPlan();
    const [alice, bob] = [await member(), await member()];
    for (const who of [alice, bob])
      expect((await call('PUT', `/api/v1/admin/users/${who.id}/plan`, admin, { plan_id: plan.id })).status).toBe(200);

    const plans = await listPlans();

    expect(plans[0]).toMatchObject({ id: null, name: 'default', is_default: true, vcpus: 1, memory_mb: 512 });
    expect(plans[0]?.disk_gb).toBe(t.config.vm.limits.diskGb);
    expect(plans.find((p) => p.id === plan.id)).toEqual({ ...plan, members: 2 });
  });

  it('creates, changes and deletes a plan, recording each in the audit log', async () => {
    const created = await call('POST', '/api/v1/admin/plans', admin, {
      name: `  Lab ${kind.name}  `,
      vcpus: 2,
      memory_mb: 2048,
      disk_gb: 30,
    });
    expect(created.status).toBe(201);
    const plan = created.body.data as AdminPlan;
    expect(plan).toMatchObject({ name: `Lab ${kind.name}`, is_default: false, members: 0, vcpus: 2 });
    expect(await auditOf(created.requestId)).toMatchObject({
      action: 'admin.plan_create',
      actorKind: 'user',
      targetKind: 'plan',
      targetId: plan.id,
      targetName: plan.name,
      result: 'ok',
    });

    const changed = await call('PATCH', `/api/v1/admin/plans/${plan.id}`, admin, { memory_mb: 1536 });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ id: plan.id, vcpus: 2, memory_mb: 1536, disk_gb: 30 });
    expect(await auditOf(changed.requestId)).toMatchObject({ action: 'admin.plan_update', targetId: plan.id });

    const deleted = await call('DELETE', `/api/v1/admin/plans/${plan.id}`, admin);
    expect(deleted.status).toBe(200);
    expect(await auditOf(deleted.requestId)).toMatchObject({ action: 'admin.plan_delete', result: 'ok' });
    expect((await listPlans()).some((p) => p.id === plan.id)).toBe(false);
  });

  it('refuses bad plans with 422 and a taken name with 409 plan_name_taken', async () => {
    const plan = await newPlan();
    for (const body of [
      { name: 'x', vcpus: 0, memory_mb: 512, disk_gb: 10 },
      { name: 'x', vcpus: 65, memory_mb: 512, disk_gb: 10 },
      { name: 'x', vcpus: 1, memory_mb: 64, disk_gb: 10 },
      { name: 'x', vcpus: 1, memory_mb: 512, disk_gb: 5000 },
      { name: 'Default', vcpus: 1, memory_mb: 512, disk_gb: 10 },
      { name: '', vcpus: 1, memory_mb: 512, disk_gb: 10 },
    ]) {
      const refused = await call('POST', '/api/v1/admin/plans', admin, body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
    }
    expect((await call('PATCH', `/api/v1/admin/plans/${plan.id}`, admin, {})).status).toBe(422);

    const taken = await call('POST', '/api/v1/admin/plans', admin, {
      name: plan.name,
      vcpus: 1,
      memory_mb: 512,
      disk_gb: 10,
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('plan_name_taken');
    const other = await newPlan();
    const renamed = await call('PATCH', `/api/v1/admin/plans/${other.id}`, admin, { name: plan.name });
    expect(renamed.body.error.code).toBe('plan_name_taken');
  });

  it('refuses to delete a plan while members are on it (409 plan_in_use), and deletes it once they moved', async () => {
    const plan = await newPlan();
    const alice = await member();
    await call('PUT', `/api/v1/admin/users/${alice.id}/plan`, admin, { plan_id: plan.id });

    const refused = await call('DELETE', `/api/v1/admin/plans/${plan.id}`, admin);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'plan_in_use', details: { members: 1 } });
    expect(await auditOf(refused.requestId)).toMatchObject({ action: 'admin.plan_delete', result: 'denied' });
    expect((await listPlans()).find((p) => p.id === plan.id)?.members).toBe(1);

    await call('PUT', `/api/v1/admin/users/${alice.id}/plan`, admin, { plan_id: null });
    expect((await call('DELETE', `/api/v1/admin/plans/${plan.id}`, admin)).status).toBe(200);
  });

  it('puts a member on a plan and back on the default one; the member sees their plan and usage', async () => {
    const plan = await newPlan({ vcpus: 2, memory_mb: 1024, disk_gb: 20 });
    const alice = await member();
    const before = await call('GET', '/api/v1/account/plan', alice.auth);
    expect(before.body.data).toEqual({
      plan: {
        name: 'default',
        is_default: true,
        vcpus: 1,
        memory_mb: 512,
        disk_gb: t.config.vm.limits.diskGb,
        snapshots: 3,
      },
      usage: { hostings: 0, vcpus: 0, memory_mb: 0, disk_gb: 0, snapshots: 0 },
    });

    const assigned = await call('PUT', `/api/v1/admin/users/${alice.id}/plan`, admin, { plan_id: plan.id });
    expect(assigned.status).toBe(200);
    expect(assigned.body.data).toEqual({
      user_id: alice.id,
      plan: { id: plan.id, name: plan.name, is_default: false, vcpus: 2, memory_mb: 1024, disk_gb: 20, snapshots: 3 },
    });
    expect(await auditOf(assigned.requestId)).toMatchObject({
      action: 'admin.user_plan',
      targetKind: 'user',
      targetId: alice.id,
      targetName: alice.username,
      result: 'ok',
      detail: { plan_id: plan.id, plan: plan.name },
    });
    expect((await call('GET', '/api/v1/account/plan', alice.auth)).body.data.plan).toEqual({
      name: plan.name,
      is_default: false,
      vcpus: 2,
      memory_mb: 1024,
      disk_gb: 20,
      snapshots: 3,
    });

    const back = await call('PUT', `/api/v1/admin/users/${alice.id}/plan`, admin, { plan_id: null });
    expect(back.body.data.plan).toMatchObject({ id: null, is_default: true });
    expect((await call('GET', '/api/v1/account/plan', alice.auth)).body.data.plan.is_default).toBe(true);
  });

  it('answers 404 for an unknown member or plan, changing nothing', async () => {
    const plan = await newPlan();
    const alice = await member();
    const nobody = '00000000-0000-4000-8000-000000000000';

    const noUser = await call('PUT', `/api/v1/admin/users/${nobody}/plan`, admin, { plan_id: plan.id });
    expect(noUser.status).toBe(404);
    expect(await auditOf(noUser.requestId)).toMatchObject({ action: 'admin.user_plan', result: 'denied' });
    const noPlan = await call('PUT', `/api/v1/admin/users/${alice.id}/plan`, admin, { plan_id: nobody });
    expect(noPlan.status).toBe(404);
    expect((await t.hostbay.users.findById(alice.id))?.planId).toBeNull();
    expect((await call('PATCH', `/api/v1/admin/plans/${nobody}`, admin, { vcpus: 2 })).status).toBe(404);
    expect((await call('DELETE', `/api/v1/admin/plans/${nobody}`, admin)).status).toBe(404);
  });

  it('keeps the plan routes to admins: 401 without a token, 403 for a member, nothing created', async () => {
    const alice = await member();
    const body = { name: `Sneaky ${kind.name}`, vcpus: 64, memory_mb: 262144, disk_gb: 4096 };
    expect((await t.hostbay.app.inject({ method: 'POST', url: '/api/v1/admin/plans', payload: body })).statusCode).toBe(
      401,
    );
    const asMember = await call('POST', '/api/v1/admin/plans', alice.auth, body);
    expect(asMember.status).toBe(403);
    expect((await call('PUT', `/api/v1/admin/users/${alice.id}/plan`, alice.auth, { plan_id: null })).status).toBe(403);
    expect((await listPlans()).some((p) => p.name === body.name)).toBe(false);
  });

  it("creates a hosting with its member's plan, and the member's usage shows it", async () => {
    const plan = await newPlan({ vcpus: 2, memory_mb: 1024, disk_gb: 20 });
    const alice = await member();
    await call('PUT', `/api/v1/admin/users/${alice.id}/plan`, admin, { plan_id: plan.id });

    const created = await call('POST', '/api/v1/hosting', alice.auth);

    expect(created.status).toBe(202);
    expect(created.body.data).toMatchObject({ vcpus: 2, memory_mb: 1024, disk_gb: 20 });
    const row = await t.hostbay.hosting!.stores.hostings.findActiveByUser(alice.id);
    expect(row).toMatchObject({ vcpus: 2, memoryMb: 1024, diskGb: 20 });
    expect((await call('GET', '/api/v1/account/plan', alice.auth)).body.data.usage).toEqual({
      hostings: 1,
      vcpus: 2,
      memory_mb: 1024,
      disk_gb: 20,
      snapshots: 0,
    });
  });

  it('refuses a hosting whose plan asks for more memory than the host has: 409 plan_exceeds_host, nothing taken', async () => {
    // The test driver's host has 3 GiB.
    const plan = await newPlan({ vcpus: 2, memory_mb: 4096, disk_gb: 20 });
    const alice = await member();
    await call('PUT', `/api/v1/admin/users/${alice.id}/plan`, admin, { plan_id: plan.id });
    const { stores } = t.hostbay.hosting!;
    const allocations = await stores.allocations.listAll();

    const refused = await call('POST', '/api/v1/hosting', alice.auth);

    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('plan_exceeds_host');
    expect(refused.body.message).toMatch(/4096 MiB of memory, but this host has 3072 MiB/);
    expect(await stores.hostings.findActiveByUser(alice.id)).toBeUndefined();
    expect(await stores.allocations.listAll()).toEqual(allocations);
    expect(await auditOf(refused.requestId)).toMatchObject({ action: 'hosting.create', result: 'denied' });
  });
});
