import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainName, vmVolumes } from '../../../src/modules/vm/vm-names.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { startHarness, type Auth, type Harness } from './harness.js';

const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop';
const GIB = 1024 ** 3;

/**
 * A member's plan, down to the machine: the domain on libvirt's test driver
 * and the disk in a real storage pool get the plan's vCPUs, memory and disk at
 * creation, and again at a start after an admin changed the plan.
 */
describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))('plans on the machine (%s)', (_, kind) => {
  let h: Harness;
  let admin: Auth;
  beforeAll(async () => {
    // A default plan with a small disk, so that moving back to it asks for a smaller disk than the hosting has.
    h = await startHarness(kind, { HOSTBAY_VM_DISK_GB: '2' }, 4);
    const account = await h.newUser();
    await h.hostbay.users.setAdmin(account.id, true);
    admin = account.auth;
  });
  afterAll(() => h?.close());

  const adminCall = async (method: 'POST' | 'PUT' | 'PATCH', url: string, payload: object) => {
    const res = await h.hostbay.app.inject({ method, url: `/api/v1/admin${url}`, headers: admin, payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json<{ data: { id: string } }>().data;
  };
  /** What the domain's definition says now. */
  const definition = async (hostingId: string) => {
    const xml = (await h.hosting.hypervisor.domainXml(domainName(hostingId))) ?? '';
    return {
      vcpus: Number(/<vcpu[^>]*>(\d+)<\/vcpu>/.exec(xml)?.[1]),
      memoryKib: Number(/<memory unit='KiB'>(\d+)<\/memory>/.exec(xml)?.[1]),
    };
  };

  it("builds the machine with the member's plan, and gives it the changed plan at the next start", async () => {
    const plan = await adminCall('POST', '/plans', { name: `Lab ${kind.name}`, vcpus: 2, memory_mb: 1024, disk_gb: 2 });
    const member = await h.newUser();
    await adminCall('PUT', `/users/${member.id}/plan`, { plan_id: plan.id });

    const created = await h.api('POST', '', member.auth, { ssh_public_key: ED25519 });
    expect(created.body.data).toMatchObject({ vcpus: 2, memory_mb: 1024, disk_gb: 2 });
    const { id } = await h.waitForStatus(member.auth, ['RUNNING']);
    expect(await definition(id)).toEqual({ vcpus: 2, memoryKib: 1024 * 1024 });
    expect((await h.hosting.storage.volumeInfo(vmVolumes(id).disk))?.capacityBytes).toBe(2 * GIB);

    await h.api('POST', '/my/actions', member.auth, { action: 'stop' });
    await h.waitForStatus(member.auth, ['STOPPED']);
    await adminCall('PATCH', `/plans/${plan.id}`, { vcpus: 3, memory_mb: 2048, disk_gb: 3 });
    // Nothing changes until the start.
    expect(await definition(id)).toEqual({ vcpus: 2, memoryKib: 1024 * 1024 });

    await h.api('POST', '/my/actions', member.auth, { action: 'start' });
    const started = await h.waitForStatus(member.auth, ['RUNNING']);

    expect(started).toMatchObject({ vcpus: 3, memory_mb: 2048, disk_gb: 3 });
    expect(await definition(id)).toEqual({ vcpus: 3, memoryKib: 2048 * 1024 });
    expect((await h.hosting.storage.volumeInfo(vmVolumes(id).disk))?.capacityBytes).toBe(3 * GIB);
    expect(await h.hosting.stores.hostings.findById(id)).toMatchObject({ vcpus: 3, memoryMb: 2048, diskGb: 3 });
    await h.leakAudit();

    // A smaller plan: fewer vCPUs and less memory, the disk kept.
    await h.api('POST', '/my/actions', member.auth, { action: 'stop' });
    await h.waitForStatus(member.auth, ['STOPPED']);
    await adminCall('PUT', `/users/${member.id}/plan`, { plan_id: null });
    await h.api('POST', '/my/actions', member.auth, { action: 'start' });
    expect(await h.waitForStatus(member.auth, ['RUNNING'])).toMatchObject({ vcpus: 1, memory_mb: 512, disk_gb: 3 });
    expect(await definition(id)).toEqual({ vcpus: 1, memoryKib: 512 * 1024 });
    expect((await h.hosting.storage.volumeInfo(vmVolumes(id).disk))?.capacityBytes).toBe(3 * GIB);
    await h.leakAudit();
  });

  it('refuses a plan the host cannot run (more memory than its 3 GiB) with 409, taking nothing', async () => {
    const plan = await adminCall('POST', '/plans', { name: `Big ${kind.name}`, vcpus: 1, memory_mb: 8192, disk_gb: 2 });
    const member = await h.newUser();
    await adminCall('PUT', `/users/${member.id}/plan`, { plan_id: plan.id });
    const volumes = await h.hosting.storage.listVolumes();
    const domains = await h.hosting.vm.listVms();

    const refused = await h.api('POST', '', member.auth, { ssh_public_key: ED25519 });

    expect(refused.statusCode).toBe(409);
    expect(refused.body.error?.code).toBe('plan_exceeds_host');
    expect((await h.api('GET', '/my', member.auth)).statusCode).toBe(404);
    expect(await h.hosting.storage.listVolumes()).toEqual(volumes);
    expect(await h.hosting.vm.listVms()).toEqual(domains);
    await h.leakAudit();
  });
});
