import type { AdminBackupList, BackupRound, RestoredHosting } from '@hostbay/contract/backup';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../client';
import { adminKeys } from './admin';

/** How often the backups page asks again while a round or a backup runs: each hosting takes minutes. */
export const BACKUPS_POLL_MS = 3_000;

/** How many backups the API lists at most, the newest. */
export const BACKUPS_LIST_LIMIT = 500;

/** The backups (newest first, up to 500) and the schedule, the round under way and the last one. */
export function adminBackupsQuery() {
  return queryOptions({
    queryKey: adminKeys.backups(),
    queryFn: ({ signal }) => api.request<AdminBackupList>('/admin/backups', { signal }),
  });
}

/** Something is under way: a round, or a backup of its own (a deleted hosting's last one). */
export function isBackingUp(list: AdminBackupList): boolean {
  return list.overview.round !== null || list.items.some((backup) => backup.state === 'running');
}

/** Starts a round at once (202); refused with 409 `conflict` while one runs, `backups_off` when they are off. */
export function runBackups(): Promise<BackupRound> {
  return api.request<BackupRound>('/admin/backups/run', { method: 'POST' });
}

/** Brings a deleted hosting back for its member from this backup (202): a new hosting, being created. */
export function restoreBackup(id: string): Promise<RestoredHosting> {
  return api.request<RestoredHosting>(`/admin/backups/${encodeURIComponent(id)}/restore`, { method: 'POST' });
}
