import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/errors.js';
import { leakAudit } from './leak-audit.js';
import { DEFAULT_LIMITS, Lifecycle, SSH_KEY } from './lifecycle.js';

const LARGE = { vcpus: 2, memoryMb: 2048, diskGb: 20, snapshots: 3 };

describe("a member's plan", () => {
  let life: Lifecycle;
  afterEach(() => life.stop());

  it("gives a new hosting its member's plan: the row and the machine have the plan's vCPUs, memory and disk", async () => {
    life = await Lifecycle.start();
    const user = life.newUser();
    life.memberPlans.set(user.id, LARGE);

    const created = await life.service.createHosting(user, { sshPublicKey: SSH_KEY });

    expect(created).toMatchObject({ vcpus: 2, memory_mb: 2048, disk_gb: 20 });
    const row = await life.waitForStatus(user, 'RUNNING');
    expect(row).toMatchObject({ vcpus: 2, memoryMb: 2048, diskGb: 20 });
    expect(life.vm.domains.get(row.id)).toMatchObject({ vcpus: 2, memoryMb: 2048 });
    expect(life.vm.diskSizes.get(row.id)).toBe(20);
  });

  it('gives a member without a plan the default plan', async () => {
    life = await Lifecycle.start();
    const user = life.newUser();

    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });

    const row = await life.waitForStatus(user, 'RUNNING');
    expect(row).toMatchObject({ vcpus: DEFAULT_LIMITS.vcpus, memoryMb: DEFAULT_LIMITS.memoryMb });
  });

  it.each([
    ['vCPUs', { ...LARGE, vcpus: 8 }, /8 vCPUs, but this host has 4/],
    ['memory', { ...LARGE, memoryMb: 16_384 }, /16384 MiB of memory, but this host has 8192 MiB/],
  ])(
    'refuses with 409 plan_exceeds_host a plan with more %s than the host has, taking nothing',
    async (_, plan, text) => {
      life = await Lifecycle.start();
      const user = life.newUser();
      life.memberPlans.set(user.id, plan);
      const tables = life.db.tables;

      const refusal = await life.service.createHosting(user, { sshPublicKey: SSH_KEY }).catch((e: unknown) => e);

      expect(refusal).toBeInstanceOf(ConflictError);
      expect(refusal).toMatchObject({ code: 'plan_exceeds_host', message: expect.stringMatching(text) });
      expect(life.db.tables).toEqual(tables);
      expect(life.db.tables.hostings).toEqual([]);
      expect(life.db.tables.allocations).toEqual([]);
      expect(life.vm.isEmpty()).toBe(true);
    },
  );

  it('gives a stopped hosting its new plan at its next start: redefined, disk grown, recorded', async () => {
    life = await Lifecycle.start();
    const user = life.newUser();
    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    const { id } = await life.waitForStatus(user, 'RUNNING');
    await life.service.performAction(user, 'stop');
    await life.waitForStatus(user, 'STOPPED');

    life.memberPlans.set(user.id, LARGE);
    // Nothing changes before the start: the machine is not touched behind the member's back.
    expect(life.rowOf(user)).toMatchObject({ vcpus: 1, memoryMb: 512, diskGb: 2 });
    const starting = await life.service.performAction(user, 'start');
    expect(starting.steps.map((s) => s.name)).toEqual(['apply_plan', 'start_vm', 'wait_guest']);

    const row = await life.waitForStatus(user, 'RUNNING');
    expect(row).toMatchObject({ vcpus: 2, memoryMb: 2048, diskGb: 20 });
    expect(life.vm.domains.get(id)).toMatchObject({ vcpus: 2, memoryMb: 2048, state: 'running' });
    expect(life.vm.diskSizes.get(id)).toBe(20);
    expect(life.steps(id, 'start')[0]).toMatchObject({
      name: 'apply_plan',
      state: 'done',
      created: { changed: true, vcpus: 2, memory_mb: 2048, disk_gb: 20 },
    });
    // The plan's steps come before the start: the machine was redefined while it was off.
    const calls = life.journal.filter((call) => ['vm.growDisk', 'vm.defineVm', 'vm.startVm'].includes(call));
    expect(calls.slice(-3)).toEqual(['vm.growDisk', 'vm.defineVm', 'vm.startVm']);
    await leakAudit(life);
  });

  it('never shrinks a disk: a smaller plan lowers vCPUs and memory and keeps the disk', async () => {
    life = await Lifecycle.start();
    const user = life.newUser();
    life.memberPlans.set(user.id, LARGE);
    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    const { id } = await life.waitForStatus(user, 'RUNNING');
    await life.service.performAction(user, 'stop');
    await life.waitForStatus(user, 'STOPPED');

    life.memberPlans.set(user.id, DEFAULT_LIMITS);
    await life.service.performAction(user, 'start');

    const row = await life.waitForStatus(user, 'RUNNING');
    expect(row).toMatchObject({ vcpus: 1, memoryMb: 512, diskGb: 20 });
    expect(life.vm.domains.get(id)).toMatchObject({ vcpus: 1, memoryMb: 512 });
    expect(life.vm.diskSizes.get(id)).toBe(20);
    expect(life.journal).not.toContain('vm.growDisk');
  });

  it('starts a hosting whose plan is unchanged without redefining it', async () => {
    life = await Lifecycle.start();
    const user = life.newUser();
    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    const { id } = await life.waitForStatus(user, 'RUNNING');
    await life.service.performAction(user, 'stop');
    await life.waitForStatus(user, 'STOPPED');
    const defines = life.journal.filter((call) => call === 'vm.defineVm').length;

    await life.service.performAction(user, 'start');
    await life.waitForStatus(user, 'RUNNING');

    expect(life.journal.filter((call) => call === 'vm.defineVm')).toHaveLength(defines);
    expect(life.steps(id, 'start')[0]).toMatchObject({ name: 'apply_plan', created: { changed: false } });
  });

  it('starts with what the hosting had when its new plan asks for more than the host has', async () => {
    life = await Lifecycle.start();
    const user = life.newUser();
    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    const { id } = await life.waitForStatus(user, 'RUNNING');
    await life.service.performAction(user, 'stop');
    await life.waitForStatus(user, 'STOPPED');

    life.memberPlans.set(user.id, { ...LARGE, vcpus: 16 });
    await life.service.performAction(user, 'start');

    const row = await life.waitForStatus(user, 'RUNNING');
    expect(row).toMatchObject({ vcpus: 1, memoryMb: 512, diskGb: 2 });
    expect(life.steps(id, 'start')[0]?.created).toMatchObject({
      changed: false,
      kept: expect.stringMatching(/16 vCPUs, but this host has 4/),
    });
  });
});
