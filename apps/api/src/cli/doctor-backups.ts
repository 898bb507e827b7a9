import type { Config } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { BackupRepository } from '../modules/backups/backup.repository.js';
import { repositoryLabel } from '../modules/backups/backup.presenter.js';
import type { CheckResult } from './doctor-checks.js';

/** A hosting whose newest backup is older than this (two missed nights) fails the check. */
const STALE_MS = 2 * 86_400_000 + 6 * 3_600_000;

/** Backups: on or off, where to, and whether the newest round left every hosting backed up. */
export async function checkBackups(config: Config, now = new Date()): Promise<CheckResult> {
  const name = 'backups';
  const { backup } = config;
  if (!backup.schedule)
    return {
      name,
      ok: true,
      optional: true,
      detail: 'off (HOSTBAY_BACKUP_SCHEDULE=off): no backups of the members’ disks; see docs/operators.md, "Backups"',
    };
  const where = `"${backup.schedule}" into ${repositoryLabel(backup.repository)}`;
  const handle = openDatabase(config.database.url);
  try {
    const records = await new BackupRepository(handle.db).list(500).catch(() => []);
    if (records.length === 0) return { name, ok: true, detail: `${where}; none has run yet` };
    const newest = new Map<string, (typeof records)[number]>();
    for (const record of records) if (!newest.has(record.hostingId)) newest.set(record.hostingId, record);
    const failing = [...newest.values()].filter((record) => record.state === 'failed');
    const stale = [...newest.values()].filter(
      (record) => record.state === 'done' && now.getTime() - Date.parse(record.startedAt) > STALE_MS,
    );
    const detail = `${where}; newest ${records[0]?.startedAt ?? ''}`;
    if (failing.length === 0 && stale.length === 0) return { name, ok: true, detail };
    const listed = failing
      .slice(0, 5)
      .map((record) => `${record.username}: ${record.error ?? 'failed'}`)
      .join('; ');
    return {
      name,
      ok: false,
      optional: true,
      detail: `${detail}; ${failing.length} failing${listed ? ` (${listed})` : ''}, ${stale.length} older than two days`,
      fix: 'the reason is in each entry, on the admin backups page and in the log ("backup failed" lines)',
    };
  } finally {
    await handle.close();
  }
}
