import type { AdminBackupList, RestoredHosting } from '@hostbay/contract/backup';
import type { StandardResponse } from '@hostbay/contract/envelope';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { vmVolumes } from '../../../src/modules/vm/vm-names.js';
import { DATABASE_KINDS } from '../../support/databases.js';
import { holdsPattern, writePattern } from '../../support/disk-content.js';
import { startHarness, type Auth, type Harness } from './harness.js';

const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop';

/**
 * Backups over real parts but the hypervisor: the disks are volumes of a real
 * storage pool (written and read back with qemu-io), the backups go into a
 * real restic repository, the domains are libvirt's test driver.
 */
describe.each(DATABASE_KINDS.map((kind) => [kind.name, kind] as const))('backups (%s)', (_, kind) => {
  let h: Harness;
  let admin: Auth;
  beforeAll(async () => {
    // A schedule that does not fire during the test: rounds are asked for, as an admin's "Back up now".
    h = await startHarness(kind, { HOSTBAY_BACKUP_SCHEDULE: '0 3 1 1 *', HOSTBAY_BACKUP_GRACE: '1h' });
    const operator = await h.newUser();
    await h.hostbay.users.setAdmin(operator.id, true);
    admin = operator.auth;
  });
  afterAll(() => h.close());
  afterEach(async () => {
    h.faults.clear();
    await h.leakAudit();
  });

  async function adminApi<T>(method: 'GET' | 'POST', url: string) {
    const response = await h.hostbay.app.inject({ method, url: `/api/v1/admin/backups${url}`, headers: admin });
    return { statusCode: response.statusCode, body: response.json<StandardResponse<T>>() };
  }

  async function backups(): Promise<AdminBackupList> {
    return (await adminApi<AdminBackupList>('GET', '')).body.data!;
  }

  async function roundDone(): Promise<AdminBackupList> {
    await expect.poll(async () => (await backups()).overview.round, { timeout: 60_000 }).toBeNull();
    return backups();
  }

  it('backs up every hosting in a round, keeps a deleted one’s last state, and brings it back for its member', async () => {
    const member = await h.newUser();
    expect((await h.api('POST', '', member.auth, { ssh_public_key: ED25519 })).statusCode).toBe(202);
    const first = await h.waitForStatus(member.auth, ['RUNNING']);
    const disk = await h.hosting.storage.volumePath(vmVolumes(first.id).disk);
    await writePattern(disk, 0xaa, '1M');

    const started = await adminApi('POST', '/run');
    expect(started.statusCode).toBe(202);
    const afterRound = await roundDone();
    const scheduled = afterRound.items.find((b) => b.hosting_id === first.id);
    expect(scheduled).toMatchObject({ state: 'done', trigger: 'admin', hosting_status: 'RUNNING', restorable: false });
    expect(scheduled?.bytes_added).toBeGreaterThan(0);
    expect(afterRound.overview.last_round).toMatchObject({ done: 1, failed: 0 });
    expect(afterRound.overview).toMatchObject({ enabled: true, keep: { daily: 7, weekly: 4, monthly: 0 } });

    // Written after the round: only the deletion's own backup has it.
    await writePattern(disk, 0xbb, '2M');
    expect((await h.api('DELETE', '/my', member.auth)).statusCode).toBe(202);
    await expect.poll(async () => (await h.api('GET', '/my', member.auth)).statusCode, { timeout: 30_000 }).toBe(404);

    const afterDelete = await backups();
    const last = afterDelete.items.find((b) => b.hosting_id === first.id && b.trigger === 'deletion');
    expect(last).toMatchObject({ state: 'done', hosting_status: 'DELETED', restorable: true });
    expect(Date.parse(last!.keep_until!) - Date.now()).toBeGreaterThan(50 * 60_000);
    // Only the newest finished backup brings a hosting back.
    expect((await adminApi('POST', `/${scheduled!.id}/restore`)).statusCode).toBe(409);

    const restored = await adminApi<RestoredHosting>('POST', `/${last!.id}/restore`);
    expect(restored.statusCode).toBe(202);
    expect(restored.body.data?.username).toBe(member.username);
    const back = await h.waitForStatus(member.auth, ['RUNNING'], 60_000);
    expect(back.id).toBe(restored.body.data?.hosting_id);
    expect(back.id).not.toBe(first.id);
    expect(back.steps.map((s) => s.name)).toEqual([
      'allocate',
      'write_seed',
      'restore_backup',
      'define_vm',
      'start_vm',
      'wait_guest',
      'add_proxy',
      'probe_site',
    ]);
    const restoredDisk = await h.hosting.storage.volumePath(vmVolumes(back.id).disk);
    expect(await holdsPattern(restoredDisk, 0xaa, '1M')).toBe(true);
    expect(await holdsPattern(restoredDisk, 0xbb, '2M')).toBe(true);
    // A second bring-back while the member has a hosting is refused.
    expect((await adminApi('POST', `/${last!.id}/restore`)).statusCode).toBe(409);
    // The refused ones name no hosting (the audit entry is written as the answer goes out: looked for until there).
    const audited = async () =>
      (await h.hostbay.audit.list({ limit: 20, action: 'admin.backup_restore' }))
        .map((entry) => [entry.result, entry.targetId, entry.targetName])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    await expect.poll(audited).toEqual([
      ['denied', null, null],
      ['denied', null, null],
      ['ok', back.id, member.username],
    ]);

    // Its grace period ends: the next round forgets the first hosting's backups, and nothing brings it back.
    await h.hostbay.database.db
      .updateTable('hostings')
      .set({ deleted_at: new Date(Date.now() - 2 * 3_600_000).toISOString() })
      .where('id', '=', first.id)
      .execute();
    await adminApi('POST', '/run');
    const afterGrace = await roundDone();
    expect(afterGrace.items.filter((b) => b.hosting_id === first.id).map((b) => b.state)).toEqual([
      'expired',
      'expired',
    ]);
    expect((await adminApi('POST', `/${last!.id}/restore`)).statusCode).toBe(409);
    const left = await sql<{ n: number }>`select count(*) as n from backups where state = 'done'`.execute(
      h.hostbay.database.db,
    );
    expect(Number(left.rows[0]?.n)).toBe(1);

    await h.api('DELETE', '/my', member.auth);
    await expect.poll(async () => (await h.api('GET', '/my', member.auth)).statusCode, { timeout: 30_000 }).toBe(404);
  }, 240_000);

  it('refuses members and anonymous callers, and a backup id that names nothing', async () => {
    const member = await h.newUser();
    const asMember = await h.hostbay.app.inject({ method: 'GET', url: '/api/v1/admin/backups', headers: member.auth });
    expect(asMember.statusCode).toBe(403);
    expect((await adminApi('POST', '/00000000-0000-4000-8000-000000000000/restore')).statusCode).toBe(404);
    expect((await adminApi('POST', '/not-a-uuid/restore')).statusCode).toBe(422);
  });
});
