import type { Snapshot, SnapshotList } from '@hostbay/contract/snapshot';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NodeProcessRunner } from '../../../src/adapters/process/process-runner.js';
import { DiskImageFiles } from '../../../src/adapters/qemu/disk-image-files.js';
import { snapshotVolume, vmVolumes } from '../../../src/modules/vm/vm-names.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { holdsPattern, writePattern } from '../../support/disk-content.js';
import { startHarness, type Auth, type Harness } from './harness.js';

const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop';

/**
 * Snapshots through the API over real parts but the hypervisor: the disk and
 * its snapshots are volumes of a real storage pool (their bytes are written
 * and read back with qemu-io), the domain is libvirt's test driver (which
 * freezes and thaws its "file systems" through the same virsh calls).
 */
describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))('snapshots over the API (%s)', (_, kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind, { HOSTBAY_SNAPSHOTS_PER_HOSTING: '2' });
  });
  afterAll(() => h.close());
  afterEach(async () => {
    h.faults.clear();
    await h.leakAudit();
  });

  async function runningHosting() {
    const user = await h.newUser();
    expect((await h.api('POST', '', user.auth, { ssh_public_key: ED25519 })).statusCode).toBe(202);
    const hosting = await h.waitForStatus(user.auth, ['RUNNING']);
    return { user, hosting, disk: await h.hosting.storage.volumePath(vmVolumes(hosting.id).disk) };
  }

  async function snapshots(auth: Auth) {
    const answer = await h.api('GET', '/my/snapshots', auth);
    return { statusCode: answer.statusCode, list: answer.body.data as unknown as SnapshotList };
  }

  async function finished(auth: Auth, id: string): Promise<Snapshot> {
    let found: Snapshot | undefined;
    await expect
      .poll(
        async () => {
          found = (await snapshots(auth)).list.items.find((s) => s.id === id);
          return found?.state;
        },
        { timeout: 20_000 },
      )
      .not.toBe('creating');
    return found!;
  }

  it('takes a snapshot of the running machine and restores it: data written after it is gone', async () => {
    const { user, hosting, disk } = await runningHosting();
    await writePattern(disk, 0xaa, '1M');

    const taken = await h.api('POST', '/my/snapshots', user.auth, { name: '  before the theme change ' });
    expect(taken.statusCode).toBe(202);
    const created = taken.body.data as unknown as Snapshot;
    expect(created).toMatchObject({ name: 'before the theme change', state: 'creating' });
    const ready = await finished(user.auth, created.id);
    expect(ready).toMatchObject({ state: 'ready', taken_while: 'running', problem: null });
    expect(ready.size_bytes).toBeGreaterThan(64 * 1024);

    // The snapshot is a copy of the overlay alone: it shares the base volume rather than copying it.
    const copy = await h.hosting.storage.volumePath(snapshotVolume(hosting.id, created.id));
    expect(await new DiskImageFiles(new NodeProcessRunner()).backingOf(copy)).toMatch(/hb-base-[0-9a-f]{16}\.qcow2$/);

    await writePattern(disk, 0xbb, '2M');
    await writePattern(disk, 0xcc, '1M');
    const restore = await h.api('POST', `/my/snapshots/${created.id}/restore`, user.auth);
    expect(restore.statusCode).toBe(202);
    expect(restore.body.data?.status).toBe('RESTORING');
    const back = await h.waitForStatus(user.auth, ['RUNNING']);
    expect(back.steps.map((s) => [s.name, s.state])).toEqual([
      ['stop_vm', 'done'],
      ['restore_disk', 'done'],
      ['start_vm', 'done'],
      ['wait_guest', 'done'],
    ]);

    expect(await holdsPattern(disk, 0xaa, '1M')).toBe(true);
    expect(await holdsPattern(disk, 0xbb, '2M')).toBe(false);
    expect(await holdsPattern(disk, 0, '2M')).toBe(true);
    const audited = await h.hostbay.audit.list({ limit: 10, actorId: user.id });
    expect(audited.map((entry) => [entry.action, entry.result, entry.targetKind])).toEqual(
      expect.arrayContaining([
        ['hosting.snapshot_create', 'ok', 'snapshot'],
        ['hosting.snapshot_restore', 'ok', 'snapshot'],
      ]),
    );
  });

  it('refuses bad names (422), a third snapshot (409 snapshot_limit) and others’ snapshots (404); deleting frees a place', async () => {
    const { user, hosting } = await runningHosting();
    for (const name of ['', '   ', 'x'.repeat(65), 'tab\there'])
      expect((await h.api('POST', '/my/snapshots', user.auth, { name })).statusCode, JSON.stringify(name)).toBe(422);

    const ids: string[] = [];
    for (const name of ['one', 'two']) {
      const answer = await h.api('POST', '/my/snapshots', user.auth, { name });
      ids.push((answer.body.data as unknown as Snapshot).id);
      await finished(user.auth, ids.at(-1)!);
    }
    const third = await h.api('POST', '/my/snapshots', user.auth, { name: 'three' });
    expect(third.statusCode).toBe(409);
    expect(third.body.error?.code).toBe('snapshot_limit');

    const stranger = await runningHosting();
    expect((await h.api('POST', `/my/snapshots/${ids[0]}/restore`, stranger.user.auth)).statusCode).toBe(404);
    expect((await h.api('DELETE', `/my/snapshots/${ids[0]}`, stranger.user.auth)).statusCode).toBe(404);
    expect((await snapshots(stranger.user.auth)).list).toEqual({ items: [], limit: 2 });

    const left = await h.api('DELETE', `/my/snapshots/${ids[0]}`, user.auth);
    expect(left.statusCode).toBe(200);
    expect((left.body.data as unknown as SnapshotList).items.map((s) => s.name)).toEqual(['two']);
    expect(await h.hosting.storage.volumeInfo(snapshotVolume(hosting.id, ids[0]!))).toBeUndefined();
    expect((await h.api('POST', '/my/snapshots', user.auth, { name: 'three' })).statusCode).toBe(202);
    await expect.poll(async () => (await snapshots(user.auth)).list.items.every((s) => s.state === 'ready')).toBe(true);

    await h.api('DELETE', '/my', stranger.user.auth);
    await h.api('DELETE', '/my', user.auth);
    await expect.poll(async () => (await snapshots(user.auth)).statusCode, { timeout: 20_000 }).toBe(404);
    const volumes = await h.hosting.storage.listVolumes();
    expect(volumes.filter((volume) => volume.includes(hosting.id))).toEqual([]);
  });
});
