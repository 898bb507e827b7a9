import { PROVISION_STEP_NAMES } from '@hostbay/contract/step-names';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/errors.js';
import { leakAudit } from './leak-audit.js';
import { BASE_IMAGE, Lifecycle, SSH_KEY } from './lifecycle.js';

type Step = (typeof PROVISION_STEP_NAMES)[number];

/** A booted hosting's steps, and one made from a template's (a hosting brought back from a backup: backups.test.ts). */
const BOOT_STEPS: readonly Step[] = PROVISION_STEP_NAMES.filter(
  (name) => name !== 'restore_vm' && name !== 'personalise' && name !== 'restore_backup',
);
const TEMPLATE_STEPS: readonly Step[] = PROVISION_STEP_NAMES.filter(
  (name) => name !== 'start_vm' && name !== 'wait_guest' && name !== 'restore_backup',
);
const TEMPLATE = { key: '0123456789abcdef', disk: '/srv/images/templates/0123456789abcdef/disk.qcow2' };

/** How a test makes each creation step fail: its one call to the outside says no. */
function failStep(life: Lifecycle, step: Step, message: string): void {
  const fail = { message, times: 1 };
  if (step === 'allocate') life.allocationFaults.fail('heldBy', fail);
  if (step === 'write_seed') life.vm.faults.fail('writeSeed', fail);
  if (step === 'clone_disk') life.vm.faults.fail('cloneDisk', fail);
  if (step === 'define_vm') life.vm.faults.fail('defineVm', fail);
  if (step === 'start_vm') life.vm.faults.fail('startVm', fail);
  if (step === 'wait_guest') life.vm.faults.fail('waitForVmReady', fail);
  if (step === 'restore_vm') life.vm.faults.fail('restoreVm', fail);
  if (step === 'personalise') life.vm.faults.fail('personaliseVm', fail);
  if (step === 'add_proxy') life.proxy.faults.fail('addProxyRule', fail);
  if (step === 'probe_site') life.probe.faults.fail('probe', fail);
}

/** The call that undoes each step, if it has an undo. */
const UNDO_CALLS: Record<Step, string | undefined> = {
  allocate: 'allocations.releaseAll',
  write_seed: 'vm.deleteVm',
  clone_disk: 'vm.removeDisk',
  define_vm: 'vm.undefineVm',
  start_vm: 'vm.stopVm',
  wait_guest: undefined,
  restore_vm: 'vm.stopVm',
  personalise: undefined,
  restore_backup: 'vm.removeDisk',
  add_proxy: 'proxy.removeProxyRule',
  probe_site: undefined,
};

/** What the owner reads first: what failed, in plain words. */
const ADVICE: Record<Step, string> = {
  allocate: 'Something went wrong.',
  write_seed: 'Could not write the machine’s first-boot configuration.',
  clone_disk: 'Could not create the machine’s disk.',
  define_vm: 'The hypervisor refused the machine definition.',
  start_vm: 'The machine did not start.',
  wait_guest: 'The machine did not answer on its web and SSH ports in time.',
  restore_vm: 'The machine could not be started from its template.',
  personalise: 'The machine could not be set up with your user and keys.',
  restore_backup: 'The disk could not be restored from its backup.',
  add_proxy: 'Could not publish the site on the web edge.',
  probe_site: 'The site did not answer through the web edge.',
};

describe('creating a hosting', () => {
  let life: Lifecycle;
  afterEach(() => life.stop());

  it('runs the steps in order to RUNNING and records what each one created', async () => {
    life = await Lifecycle.start();
    const user = life.newUser('alice');
    let notices = 0;
    life.events.subscribe(user.id, () => (notices += 1));

    const created = await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    expect(created).toMatchObject({
      status: 'CREATING',
      initial_password: null,
      allowed_actions: ['delete'],
      ssh_auth: 'key',
    });
    expect(created.steps.map((s) => s.name)).toEqual(BOOT_STEPS);
    expect(created.creation_path).toBe('boot');
    const row = await life.waitForStatus(user, 'RUNNING');

    const steps = life.steps(row.id, 'create');
    expect(steps.map((s) => [s.name, s.state])).toEqual(BOOT_STEPS.map((name) => [name, 'done']));
    for (const [before, after] of steps.slice(1).map((s, i) => [steps[i]!, s] as const)) {
      expect(after.startedAt! >= before.finishedAt!, `${after.name} started after ${before.name} ended`).toBe(true);
    }
    const records = Object.fromEntries(steps.map((s) => [s.name, s.created]));
    expect(records).toEqual({
      allocate: {
        slot: expect.any(String),
        ssh_port: String(row.sshPort),
        web_port: String(row.webPort),
        vm_ssh_port: String(row.vmSshPort),
        mac: row.macAddress,
      },
      write_seed: { volume: `hb-${row.id}-seed.iso` },
      clone_disk: { volume: `hb-${row.id}.qcow2`, base: BASE_IMAGE.disk },
      define_vm: { domain: `hb-${row.id}` },
      start_vm: null,
      wait_guest: null,
      add_proxy: { host: 'alice', ssh_port: row.sshPort },
      probe_site: null,
    });
    // The steps' calls to the outside, in order (start-up's route sync, the allocations taken with the row and
    // the guest watch's state checks and the plan's check against the host aside).
    const aside = ['proxy.syncRoutes', 'allocations.take', 'vm.getVmState', 'vm.hostResources'];
    expect(life.journal.filter((call) => !aside.includes(call))).toEqual([
      'allocations.heldBy',
      'vm.writeSeed',
      'vm.cloneDisk',
      'vm.defineVm',
      'vm.startVm',
      'vm.waitForVmReady',
      'proxy.addProxyRule',
      'probe.probe',
    ]);
    expect(life.vm.domains.get(row.id)?.state).toBe('running');
    expect(life.proxy.routes.get('alice')).toEqual({
      username: 'alice',
      webTarget: { host: '127.0.0.1', port: row.webPort },
      sshListenPort: row.sshPort,
      sshTarget: { host: '127.0.0.1', port: row.vmSshPort },
    });
    expect(life.jobs(row.id)).toEqual([expect.objectContaining({ kind: 'create', state: 'done', attempts: 1 })]);
    // The dashboard hears of every step, not just the end.
    expect(notices).toBeGreaterThanOrEqual(BOOT_STEPS.length);
    expect((await life.service.getHosting(user)).allowed_actions).toEqual(['stop', 'reboot', 'delete']);
    await leakAudit(life);
  });

  it('hands out a one-time password when no SSH key is given, and stores only its hash', async () => {
    life = await Lifecycle.start();
    const user = life.newUser();
    const created = await life.service.createHosting(user, {});
    expect(created.initial_password).toBe('password-1');
    expect(life.rowOf(user)?.passwordHash).toMatch(/^\$6\$/);
    expect(await life.service.getHosting(user)).not.toHaveProperty('initial_password');
    // The dashboard says a new password changes SSH logins too only for such a hosting.
    expect(created.ssh_auth).toBe('password');
    await life.waitForStatus(user, 'RUNNING');
  });

  it.each([
    ...BOOT_STEPS.map((step) => ['booted', step] as const),
    ...TEMPLATE_STEPS.filter((step) => !BOOT_STEPS.includes(step)).map((step) => ['from a template', step] as const),
  ])(
    '%s: rolls back every step up to a failing %s, newest first, to ERROR; delete then leaves nothing',
    async (path, failing) => {
      life = await Lifecycle.start();
      const planned = path === 'booted' ? BOOT_STEPS : TEMPLATE_STEPS;
      if (path !== 'booted') life.readyTemplate = TEMPLATE;
      const user = life.newUser();
      failStep(life, failing, `injected failure in ${failing}`);

      await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
      const failed = await life.waitForStatus(user, 'ERROR');

      const upTo = planned.indexOf(failing);
      expect(life.steps(failed.id, 'create').map((s) => [s.name, s.state])).toEqual(
        planned.map((name, i) => [name, i <= upTo ? 'undone' : 'pending']),
      );
      const undos = Object.values(UNDO_CALLS).filter((call): call is string => call !== undefined);
      const expected = planned
        .slice(0, upTo + 1)
        .reverse()
        .map((step) => UNDO_CALLS[step])
        .filter((call) => call !== undefined);
      expect(life.journal.filter((call) => undos.includes(call))).toEqual(expected);
      expect(failed.error).toEqual({ step: failing, message: expect.any(String), retrySafe: true });
      // A host failure's own words (a program's output, a path) are the operator's, never the owner's.
      expect(failed.error?.message).toBe(
        `${ADVICE[failing]} Delete this hosting and create it again; if it keeps failing, tell the operator.`,
      );
      expect(life.steps(failed.id, 'create').find((s) => s.name === failing)?.error).toBe(
        `injected failure in ${failing}`,
      );
      expect(life.vm.isEmpty()).toBe(true);
      expect(life.proxy.routes.size).toBe(0);
      expect(life.db.tables.allocations).toEqual([]);
      expect(life.jobs(failed.id)).toEqual([expect.objectContaining({ kind: 'create', state: 'failed' })]);
      await leakAudit(life);

      // Nothing stands behind this ERROR: it cannot be started, only deleted.
      await expect(life.service.performAction(user, 'start')).rejects.toThrow(ConflictError);
      expect((await life.service.getHosting(user)).allowed_actions).toEqual(['delete']);
      await life.service.deleteHosting(user);
      await life.waitForStatus(user, 'DELETED');
      expect(life.vm.isEmpty()).toBe(true);
      expect(await life.service.findHosting(user)).toBeNull();
      await leakAudit(life);
    },
  );

  it('makes a hosting from a ready template: restored and made its owner’s instead of booted', async () => {
    life = await Lifecycle.start();
    life.readyTemplate = TEMPLATE;
    const user = life.newUser('alice');
    const created = await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    expect(created.steps.map((s) => s.name)).toEqual(TEMPLATE_STEPS);
    expect(created.creation_path).toBe('template');
    const row = await life.waitForStatus(user, 'RUNNING');
    expect(row.templateKey).toBe(TEMPLATE.key);
    // The template's disk is the base its overlay is made on; the machine is the member's plan.
    expect(row.baseImage.disk).toBe(TEMPLATE.disk);
    expect(life.askedShapes).toEqual([{ vcpus: row.vcpus, memoryMb: row.memoryMb, diskGb: row.diskGb }]);
    const records = Object.fromEntries(life.steps(row.id, 'create').map((s) => [s.name, s.created]));
    expect(records).toMatchObject({
      clone_disk: { base: TEMPLATE.disk },
      restore_vm: { template: TEMPLATE.key },
    });
    const aside = ['proxy.syncRoutes', 'allocations.take', 'vm.getVmState', 'vm.hostResources', 'vm.waitForVmReady'];
    expect(life.journal.filter((call) => !aside.includes(call))).toEqual([
      'allocations.heldBy',
      'vm.writeSeed',
      'vm.cloneDisk',
      'vm.defineVm',
      'vm.restoreVm',
      'vm.personaliseVm',
      'proxy.addProxyRule',
      'probe.probe',
    ]);
    expect(life.vm.restoredFrom.get(row.id)).toBe(TEMPLATE.key);
    expect(life.vm.personalised.has(row.id)).toBe(true);
    await leakAudit(life);
  });

  it('boots when no template is ready, and says so', async () => {
    life = await Lifecycle.start();
    const user = life.newUser();
    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    const row = await life.waitForStatus(user, 'RUNNING');
    expect(row.templateKey).toBeNull();
    expect((await life.service.getHosting(user)).creation_path).toBe('boot');
    expect(life.vm.restoredFrom.size).toBe(0);
    expect(life.askedShapes).toHaveLength(1);
  });
});
