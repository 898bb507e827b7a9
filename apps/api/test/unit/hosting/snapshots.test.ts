import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, InsufficientStorageError, NotFoundError } from '../../../src/errors.js';
import { snapshotVolume } from '../../../src/modules/vm/vm-names.js';
import type { UserRecord } from '../../../src/modules/users/user.repository.js';
import { leakAudit } from './leak-audit.js';
import { DEFAULT_LIMITS, Lifecycle, SSH_KEY } from './lifecycle.js';

describe("a member's snapshots", () => {
  let life: Lifecycle;
  afterEach(() => life.stop());

  async function runningHosting(): Promise<{ user: UserRecord; id: string }> {
    life = await Lifecycle.start();
    const user = life.newUser();
    await life.service.createHosting(user, { sshPublicKey: SSH_KEY });
    const row = await life.waitForStatus(user, 'RUNNING');
    return { user, id: row.id };
  }

  async function snapshotDone(user: UserRecord, id: string) {
    return life.waitFor(`snapshot ${id} to finish`, 2000, () => {
      const row = life.snapshotRows.rows.find((r) => r.id === id);
      return row && row.state !== 'creating' ? row : undefined;
    });
  }

  it('brings back a file written before the snapshot and takes away one written after it', async () => {
    const { user, id } = await runningHosting();
    life.vm.write(id, '/var/www/html/before.html');

    const snapshot = await life.main.snapshots.create(user, 'before the change');
    expect(snapshot).toMatchObject({ name: 'before the change', state: 'creating' });
    const ready = await snapshotDone(user, snapshot.id);
    expect(ready).toMatchObject({ state: 'ready', takenWhile: 'running' });
    // The running machine's file systems were frozen for the copy, and thawed after.
    expect(life.disks.freezes).toEqual([`freeze ${id}`, `thaw ${id}`]);
    expect(life.rowOf(user)?.status).toBe('RUNNING');

    life.vm.write(id, '/var/www/html/after.html');
    const restoring = await life.main.snapshots.restore(user, snapshot.id);
    expect(restoring.status).toBe('RESTORING');
    await life.waitForStatus(user, 'RUNNING');

    expect([...(life.vm.files.get(id) ?? [])]).toEqual(['/var/www/html/before.html']);
    expect(life.steps(id, 'restore').map((s) => [s.name, s.state])).toEqual([
      ['stop_vm', 'done'],
      ['restore_disk', 'done'],
      ['start_vm', 'done'],
      ['wait_guest', 'done'],
    ]);
    // The hosting shows the restore's steps, as it shows creation's.
    expect((await life.service.getHosting(user)).steps.map((s) => s.name)).toEqual([
      'stop_vm',
      'restore_disk',
      'start_vm',
      'wait_guest',
    ]);
    await leakAudit(life);
  });

  it('takes a stopped machine as it is, without freezing, and a restore starts it', async () => {
    const { user, id } = await runningHosting();
    life.vm.write(id, 'a');
    await life.service.performAction(user, 'stop');
    await life.waitForStatus(user, 'STOPPED');

    const snapshot = await life.main.snapshots.create(user, 'stopped');
    expect(await snapshotDone(user, snapshot.id)).toMatchObject({ state: 'ready', takenWhile: 'stopped' });
    expect(life.disks.freezes).toEqual([]);
    expect(life.rowOf(user)?.status).toBe('STOPPED');

    await life.main.snapshots.restore(user, snapshot.id);
    await life.waitForStatus(user, 'RUNNING');
    expect(life.vm.answers(id)).toBe(true);
  });

  it("keeps as many snapshots as the member's plan says; failed ones do not count and a delete frees a place", async () => {
    const { user, id } = await runningHosting();
    expect(DEFAULT_LIMITS.snapshots).toBe(2);
    const first = await life.main.snapshots.create(user, 'one');
    await snapshotDone(user, first.id);
    life.disks.faults.fail('take', { times: 2 });
    const broken = await life.main.snapshots.create(user, 'broken');
    expect(await snapshotDone(user, broken.id)).toMatchObject({ state: 'failed' });
    const second = await life.main.snapshots.create(user, 'two');
    await snapshotDone(user, second.id);

    const refusal = life.main.snapshots.create(user, 'three');
    await expect(refusal).rejects.toBeInstanceOf(ConflictError);
    await expect(refusal).rejects.toMatchObject({ code: 'snapshot_limit', message: expect.stringMatching(/keeps 2/) });

    const left = await life.main.snapshots.remove(user, first.id);
    expect(left.items.map((s) => s.name)).toEqual(['two', 'broken']);
    expect(left.limit).toBe(2);
    expect(life.vm.volumeNames.has(snapshotVolume(id, first.id))).toBe(false);
    const third = await life.main.snapshots.create(user, 'three');
    expect(await snapshotDone(user, third.id)).toMatchObject({ state: 'ready' });
  });

  it('records a snapshot that cannot be taken as failed, with its copy gone, and leaves the hosting running', async () => {
    const { user, id } = await runningHosting();
    life.disks.faults.fail('take', { times: 2 });

    const snapshot = await life.main.snapshots.create(user, 'doomed');
    const failed = await snapshotDone(user, snapshot.id);

    expect(failed.problem).toMatch(/snapshot could not be taken/);
    expect(life.rowOf(user)).toMatchObject({ status: 'RUNNING', error: null });
    expect(life.vm.volumeNames.has(snapshotVolume(id, snapshot.id))).toBe(false);
    // Thawed after each attempt: a failed copy never leaves the member's files frozen.
    expect(life.disks.frozen.size).toBe(0);
    await expect(life.main.snapshots.restore(user, snapshot.id)).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses a snapshot when the server disk has no room, storing nothing', async () => {
    const { user, id } = await runningHosting();
    life.disks.freeBytes = 10;

    await expect(life.main.snapshots.create(user, 'big')).rejects.toBeInstanceOf(InsufficientStorageError);
    expect(life.snapshotRows.rows).toEqual([]);
    expect(life.jobs(id).map((j) => j.kind)).toEqual(['create']);
  });

  it('never runs two jobs on one hosting: no snapshot or restore beside another job, no delete of a snapshot in use', async () => {
    const { user, id } = await runningHosting();
    const first = await life.main.snapshots.create(user, 'first');
    await snapshotDone(user, first.id);
    const copy = life.disks.faults.hang('take');
    const second = await life.main.snapshots.create(user, 'second');
    await life.waitFor('the copy to start', 1000, () => (life.disks.faults.count('take') === 2 ? true : undefined));

    for (const attempt of [
      life.main.snapshots.create(user, 'third'),
      life.main.snapshots.restore(user, first.id),
      life.main.snapshots.remove(user, second.id),
      life.service.performAction(user, 'stop'),
    ])
      await expect(attempt).rejects.toBeInstanceOf(ConflictError);

    copy.release();
    await snapshotDone(user, second.id);
    expect(life.jobs(id).filter((j) => j.kind === 'snapshot')).toHaveLength(2);
  });

  it('a process that dies mid-copy leaves no snapshot that counts; the next one copies again and thaws the guest', async () => {
    const { user, id } = await runningHosting();
    const first = life.main;
    life.vm.write(id, 'kept');
    const copy = life.disks.faults.hang('take');
    const snapshot = await first.snapshots.create(user, 'interrupted');
    await life.waitFor('the copy to start', 1000, () => (life.disks.faults.count('take') === 1 ? true : undefined));

    await first.kill();
    expect(life.snapshotRows.rows[0]?.state).toBe('creating');
    const second = await life.spawn();
    await expect(second.snapshots.restore(user, snapshot.id)).rejects.toMatchObject({ message: /finished snapshot/ });
    life.clock.advance(life.settings.leaseMs);

    expect(await snapshotDone(user, snapshot.id)).toMatchObject({ state: 'ready' });
    copy.release();
    expect(life.disks.copies.get(snapshot.id)).toEqual(new Set(['kept']));
  });

  it("deleting the hosting deletes its snapshots' copies and rows", async () => {
    const { user, id } = await runningHosting();
    const snapshot = await life.main.snapshots.create(user, 'gone with it');
    await snapshotDone(user, snapshot.id);

    await life.service.deleteHosting(user);
    await life.waitForStatus(user, 'DELETED');

    expect(life.vm.volumeNames.has(snapshotVolume(id, snapshot.id))).toBe(false);
    expect(life.snapshotRows.rows).toEqual([]);
    expect(life.vm.isEmpty()).toBe(true);
    await expect(life.main.snapshots.list(user)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("sweeps an orphan's snapshot volumes with its other volumes", async () => {
    const { user, id } = await runningHosting();
    const snapshot = await life.main.snapshots.create(user, 'orphaned');
    await snapshotDone(user, snapshot.id);
    // The row is gone (a restored database that never knew it): the volumes are nobody's.
    life.db.write((tables) => {
      tables.steps.length = 0;
      tables.jobs.length = 0;
      tables.allocations.length = 0;
      tables.hostings.length = 0;
    });

    await life.main.reconciler.removeOrphans();

    expect({ domains: [...life.vm.domains.keys()], volumes: [...life.vm.volumeNames] }).toEqual({
      domains: [],
      volumes: [],
    });
    expect(life.vm.volumeNames.has(snapshotVolume(id, snapshot.id))).toBe(false);
  });
});
