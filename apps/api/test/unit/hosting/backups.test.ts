import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/errors.js';
import type { UserRecord } from '../../../src/modules/users/user.repository.js';
import { HostingRecovery } from '../../../src/modules/backups/hosting-recovery.js';
import { leakAudit } from './leak-audit.js';
import { Lifecycle, SSH_KEY, type LifecycleOptions } from './lifecycle.js';

describe('backups', () => {
  let life: Lifecycle;
  afterEach(() => life.stop());

  async function start(options: LifecycleOptions = {}) {
    life = await Lifecycle.start({ backups: true, ...options });
  }

  async function runningHosting(file?: string): Promise<{ user: UserRecord; id: string }> {
    const user = life.newUser();
    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    const row = await life.waitForStatus(user, 'RUNNING');
    if (file) life.vm.write(row.id, file);
    return { user, id: row.id };
  }

  const recordsOf = (hostingId: string) => life.backupRecords.rows.filter((r) => r.hostingId === hostingId);

  it('backs up every running and stopped hosting in a round, one at a time, each as a job of its hosting', async () => {
    await start();
    const a = await runningHosting('a.html');
    const b = await runningHosting('b.html');
    await life.service.performAction(b.user, 'stop');
    await life.waitForStatus(b.user, 'STOPPED');

    const round = await life.main.backups.runRound();

    expect(round).toMatchObject({ total: 2, done: 2, failed: 0 });
    expect(life.backupDisk.mostAtOnce).toBe(1);
    for (const { id } of [a, b]) {
      expect(recordsOf(id)).toEqual([expect.objectContaining({ state: 'done', trigger: 'schedule' })]);
      expect(life.jobs(id).at(-1)).toMatchObject({ kind: 'backup', state: 'done' });
    }
    expect(life.rowOf(b.user)?.status).toBe('STOPPED');
    // Retention per hosting, and Hostbay's own archive beside the disks; retention forgot nothing: no prune.
    expect(life.vault.retention.map((r) => r.tags)).toEqual(
      expect.arrayContaining([[`hosting:${a.id}`], [`hosting:${b.id}`], ['control']]),
    );
    expect(life.vault.retention[0]?.keep).toEqual({ daily: 7, weekly: 4, monthly: 0 });
    expect(life.vault.prunes).toBe(0);
    expect(life.vault.archives).toEqual([{ paths: ['/scratch/hostbay-control.tar.gz'], tags: ['hostbay', 'control'] }]);
    expect((await life.main.backups.list()).overview.last_round).toMatchObject({ done: 2, failed: 0 });
    // Hostbay's own doing, in the audit log.
    expect(life.auditEntries).toEqual([
      {
        actor: { kind: 'system' },
        action: 'system.backup_round',
        result: 'ok',
        detail: { trigger: 'schedule', total: 2, done: 2, failed: 0 },
      },
    ]);
    await leakAudit(life);
  });

  it('backs up two at a time when told, never more', async () => {
    await start({ backupConcurrency: 2 });
    for (let i = 0; i < 4; i++) await runningHosting();
    const first = life.backupDisk.faults.hang('backUp');
    const round = life.main.backups.runRound();
    await life.waitFor('two backups to run', 1000, () => (life.backupDisk.running === 1 ? true : undefined));
    first.release();
    expect(await round).toMatchObject({ total: 4, done: 4 });
    expect(life.backupDisk.mostAtOnce).toBe(2);
  });

  it('records what retention forgot as expired', async () => {
    await start();
    const { id } = await runningHosting();
    await life.main.backups.runRound();
    const [first] = recordsOf(id);
    life.vault.forgets = (tags) => (tags[0] === `hosting:${id}` ? [first!.repositoryId!] : []);

    expect(life.vault.prunes).toBe(0);
    await life.main.backups.runRound();

    expect(recordsOf(id).map((r) => r.state)).toEqual(['expired', 'done']);
    // What was forgotten is freed: one prune for the round.
    expect(life.vault.prunes).toBe(1);
  });

  it('waits for a hosting busy with another job, and backs it up after', async () => {
    await start();
    const { user, id } = await runningHosting();
    // A snapshot being taken: the hosting stays RUNNING, and its job is open.
    const copy = life.disks.faults.hang('take');
    await life.main.snapshots.create(user, 'in the way');
    await life.waitFor('the copy to start', 1000, () => (life.disks.faults.count('take') === 1 ? true : undefined));
    const round = life.main.backups.runRound();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(recordsOf(id)).toEqual([expect.objectContaining({ state: 'running' })]);
    expect(life.jobs(id).some((j) => j.kind === 'backup')).toBe(false);

    copy.release();
    expect(await round).toMatchObject({ done: 1 });
    expect(life.jobs(id).map((j) => j.kind)).toEqual(['create', 'snapshot', 'backup']);
  });

  it('records a backup that fails and goes on with the round; the hosting is as it was', async () => {
    await start();
    const broken = await runningHosting();
    const fine = await runningHosting();
    life.backupDisk.faults.fail('backUp', { target: broken.id });

    expect(await life.main.backups.runRound()).toMatchObject({ total: 2, done: 1, failed: 1 });

    expect(recordsOf(broken.id)).toEqual([expect.objectContaining({ state: 'failed' })]);
    expect(recordsOf(fine.id)).toEqual([expect.objectContaining({ state: 'done' })]);
    expect(life.rowOf(broken.user)).toMatchObject({ status: 'RUNNING', error: null });
  });

  it('refuses a round when backups are off, and a second round while one runs', async () => {
    life = await Lifecycle.start();
    await expect(life.main.backups.runRound()).rejects.toMatchObject({ code: 'backups_off' });

    await life.stop();
    await start();
    await runningHosting();
    const slow = life.backupDisk.faults.hang('backUp');
    life.main.backups.startRound();
    expect(() => life.main.backups.startRound()).toThrow(ConflictError);
    slow.release();
  });

  it('marks a backup a dead process left running as failed: it never counts', async () => {
    await start();
    const { id } = await runningHosting();
    const hang = life.backupDisk.faults.hang('backUp');
    void life.main.backups.runRound().catch(() => undefined);
    await life.waitFor('the backup to start', 1000, () => (life.backupDisk.running === 1 ? true : undefined));
    await life.main.kill();
    // The job is gone with the process (here: cancelled, as a delete would); the row is left running.
    life.db.write((tables) => {
      for (const job of tables.jobs) if (job.kind === 'backup') job.state = 'cancelled';
    });
    const second = await life.spawn();

    await second.backups.sweepInterrupted();

    expect(recordsOf(id)).toEqual([
      expect.objectContaining({ state: 'failed', error: expect.stringMatching(/interrupted/) }),
    ]);
    hang.release();
  });

  it('keeps a deleted hosting’s last state, and brings it back for its member with the files it had', async () => {
    await start();
    const { user, id } = await runningHosting('index.html');
    life.vm.write(id, 'written-just-before-the-delete.html');

    await life.service.deleteHosting(user);
    await life.waitForStatus(user, 'DELETED');

    const [last] = recordsOf(id);
    expect(last).toMatchObject({ trigger: 'deletion', state: 'done' });
    expect(life.steps(id, 'delete')[0]).toMatchObject({ name: 'final_backup', state: 'done' });
    const listed = await life.main.backups.list();
    expect(listed.items).toEqual([
      expect.objectContaining({ id: last!.id, restorable: true, hosting_status: 'DELETED' }),
    ]);

    const recovery = new HostingRecovery({
      backups: life.main.backups,
      users: { findById: async (userId) => (userId === user.id ? user : undefined) },
      hostings: life.service,
    });
    const back = await recovery.bringBack(last!.id);
    const row = await life.waitForStatus(user, 'RUNNING');

    expect(row.id).toBe(back.hosting_id);
    expect(row.id).not.toBe(id);
    expect(life.steps(row.id, 'create').map((s) => s.name)).toEqual([
      'allocate',
      'write_seed',
      'restore_backup',
      'define_vm',
      'start_vm',
      'wait_guest',
      'add_proxy',
      'probe_site',
    ]);
    expect(life.vm.files.get(row.id)).toEqual(new Set(['index.html', 'written-just-before-the-delete.html']));
    // Once: the member has a hosting again.
    await expect(recovery.bringBack(last!.id)).rejects.toBeInstanceOf(ConflictError);
    await leakAudit(life);
  });

  it('forgets a deleted hosting’s backups once the grace period is over', async () => {
    await start();
    const { user, id } = await runningHosting();
    await life.service.deleteHosting(user);
    await life.waitForStatus(user, 'DELETED');
    const [last] = recordsOf(id);

    await life.main.backups.runRound();
    expect(life.vault.forgotten).toEqual([]);

    life.db.write((tables) => {
      for (const hosting of tables.hostings)
        if (hosting.id === id) hosting.deletedAt = new Date(Date.now() - 8 * 86400_000).toISOString();
    });
    await life.main.backups.runRound();

    expect(life.vault.forgotten).toEqual([last!.repositoryId]);
    expect(life.auditEntries.map((entry) => entry.action)).toContain('system.backup_expire');
    expect(recordsOf(id).map((r) => r.state)).toEqual(['expired']);
    await expect(life.main.backups.restorableBackup(last!.id)).rejects.toBeInstanceOf(ConflictError);
  });

  it('with backups off, a delete takes no backup', async () => {
    life = await Lifecycle.start();
    const { user, id } = await runningHosting();
    await life.service.deleteHosting(user);
    await life.waitForStatus(user, 'DELETED');
    expect(recordsOf(id)).toEqual([]);
    expect(life.steps(id, 'delete')[0]?.created).toEqual({ backup: 'off' });
  });

  it('at start, brings back a machine missing from the host: from its disk when the pool has it, else its last backup', async () => {
    await start();
    const kept = await runningHosting('kept.html');
    const lost = await runningHosting('lost.html');
    await life.main.backups.runRound();
    // A fresh host: one machine's definition is gone but its disk is there; the other's disk is gone too.
    life.vm.domains.delete(kept.id);
    life.vm.vanish(lost.id);
    life.vm.files.delete(lost.id);

    expect(await life.main.recovery.recoverMissing()).toBe(2);
    await life.waitForStatus(kept.user, 'RUNNING');
    await life.waitForStatus(lost.user, 'RUNNING');

    expect(life.steps(kept.id, 'recover').find((s) => s.name === 'recover_disk')?.created).toEqual({ kept: true });
    expect(life.steps(lost.id, 'recover').find((s) => s.name === 'recover_disk')?.created).toMatchObject({
      backup: expect.any(String),
    });
    expect(life.vm.files.get(lost.id)).toEqual(new Set(['lost.html']));
    expect(
      life.auditEntries
        .filter((entry) => entry.action === 'system.hosting_recover')
        .map((entry) => [entry.target?.id, entry.detail]),
    ).toEqual([
      [kept.id, { from: 'disk' }],
      [lost.id, { from: 'backup' }],
    ]);
    expect(life.vm.answers(kept.id) && life.vm.answers(lost.id)).toBe(true);
    // Nothing missing any more: a second look does nothing.
    expect(await life.main.recovery.recoverMissing()).toBe(0);
  });
});
