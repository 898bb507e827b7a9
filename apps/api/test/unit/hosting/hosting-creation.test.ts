import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, ServiceUnavailableError } from '../../../src/errors.js';
import { ConstraintViolation } from './fakes/memory-database.js';
import { leakAudit } from './leak-audit.js';
import { Lifecycle, SSH_KEY } from './lifecycle.js';

describe('asking for a hosting', () => {
  let life: Lifecycle;
  afterEach(() => life.stop());

  it('refuses a second hosting to the same user with 409, storing nothing', async () => {
    life = await Lifecycle.start();
    const user = life.newUser();
    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    await life.waitForStatus(user, 'RUNNING');
    const tables = life.db.tables;

    await expect(life.service.createHosting(user, { sshPublicKey: SSH_KEY })).rejects.toThrow(ConflictError);
    await expect(life.service.createHosting(user, { idempotencyKey: 'another-key' })).rejects.toThrow(
      /already have a hosting/,
    );
    expect(life.db.tables).toEqual(tables);
  });

  it('gives one hosting to 10 creates of the same user at once: the database decides', async () => {
    let inserts = 0;
    life = await Lifecycle.start({
      stores: (stores) => ({
        ...stores,
        hostings: Object.assign(Object.create(stores.hostings) as typeof stores.hostings, {
          insert: (row: Parameters<typeof stores.hostings.insert>[0]) => {
            inserts += 1;
            return stores.hostings.insert(row);
          },
        }),
      }),
    });
    const user = life.newUser();

    const results = await Promise.allSettled(Array.from({ length: 10 }, () => life.service.createHosting(user, {})));

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    // The early check let several through (none existed yet); the unique index stopped all but one.
    expect(inserts).toBeGreaterThan(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ConflictError);
    }
    expect(life.db.tables.hostings).toHaveLength(1);
    await life.waitForStatus(user, 'RUNNING');
    await leakAudit(life);
  });

  it('answers a retried create with the same Idempotency-Key with the same hosting, and no password again', async () => {
    life = await Lifecycle.start();
    const user = life.newUser();

    const first = await life.service.createHosting(user, { idempotencyKey: 'create-once-123' });
    const again = await life.service.createHosting(user, { idempotencyKey: 'create-once-123' });

    expect(first.initial_password).toBe('password-1');
    expect(again.id).toBe(first.id);
    expect(again.initial_password).toBeNull();
    expect(life.db.tables.hostings).toHaveLength(1);
    expect(life.db.tables.jobs).toHaveLength(1);
    await life.waitForStatus(user, 'RUNNING');
  });

  it('answers 503 when Hostbay is at capacity, taking nothing', async () => {
    life = await Lifecycle.start({ capacity: 1 });
    const first = life.newUser();
    await life.service.createHosting(first, {});
    await life.waitForStatus(first, 'RUNNING');
    const tables = life.db.tables;

    const refusal = await life.service.createHosting(life.newUser(), {}).catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(ServiceUnavailableError);
    expect(refusal).toMatchObject({ retryAfterSeconds: 60, message: expect.stringMatching(/at capacity/) });
    expect(life.db.tables).toEqual(tables);
  });

  it('answers 503 when a port pool runs out after the slot was taken, and gives the slot back', async () => {
    life = await Lifecycle.start({ capacity: 2, publicSshPorts: 1 });
    const first = life.newUser();
    await life.service.createHosting(first, {});
    await life.waitForStatus(first, 'RUNNING');
    const tables = life.db.tables;
    const takes = life.allocationFaults.count('take');

    await expect(life.service.createHosting(life.newUser(), {})).rejects.toThrow(/No SSH port is free/);

    // The slot was taken inside the transaction, before the SSH port ran out: it went with the rollback.
    expect(life.allocationFaults.count('take')).toBe(takes + 1);
    expect(life.db.tables).toEqual(tables);
  });

  it('picks again when another creation took the same value at the same moment', async () => {
    life = await Lifecycle.start();
    const user = life.newUser();
    // What a concurrent transaction that committed the same slot first makes the database say.
    life.allocationFaults.fail('take', { times: 1, error: () => new ConstraintViolation('23505', 'allocations_pk') });

    await life.service.createHosting(user, {});
    const row = await life.waitForStatus(user, 'RUNNING');

    // Slot, public SSH port, web port, VM SSH port and MAC, after the first take failed.
    expect(life.allocationFaults.count('take')).toBe(6);
    expect(life.db.tables.hostings.map((h) => h.id)).toEqual([row.id]);
    expect(life.db.tables.allocations.map((a) => a.kind).sort()).toEqual(
      ['mac', 'slot', 'ssh_port', 'vm_ssh_port', 'web_port'].sort(),
    );
    await leakAudit(life);
  });

  it('gives up after 8 such collisions rather than looping, storing nothing', async () => {
    life = await Lifecycle.start();
    life.allocationFaults.fail('take', { times: 8, error: () => new ConstraintViolation('23505', 'allocations_pk') });

    await expect(life.service.createHosting(life.newUser(), {})).rejects.toThrow(ConstraintViolation);

    expect(life.allocationFaults.count('take')).toBe(8);
    expect(life.db.tables).toEqual({ hostings: [], steps: [], jobs: [], allocations: [] });
  });

  it('in bridge mode, gives the VM an address and routes the site and SSH to it', async () => {
    life = await Lifecycle.start({ networkMode: 'bridge' });
    const user = life.newUser('bridged');

    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    const row = await life.waitForStatus(user, 'RUNNING');

    expect(row).toMatchObject({ networkMode: 'bridge', webPort: null, vmSshPort: null });
    expect(row.ipAddress).toMatch(/^10\.77\.0\.\d+$/);
    expect(life.proxy.routes.get('bridged')).toEqual({
      username: 'bridged',
      webTarget: { host: row.ipAddress, port: 80 },
      sshListenPort: row.sshPort,
      sshTarget: { host: row.ipAddress, port: 22 },
    });
    await leakAudit(life);
  });

  it('with direct SSH forwarding, gives the VM no SSH port of its own: QEMU listens on the public one', async () => {
    life = await Lifecycle.start({ sshForward: 'direct' });
    const user = life.newUser('direct');

    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    const row = await life.waitForStatus(user, 'RUNNING');

    expect(row.vmSshPort).toBeNull();
    expect(life.vm.domains.get(row.id)?.endpoints.sshPort).toBe(row.sshPort);
    expect(life.proxy.routes.get('direct')?.sshTarget).toEqual({ host: '127.0.0.1', port: row.sshPort });
    await leakAudit(life);
  });
});
