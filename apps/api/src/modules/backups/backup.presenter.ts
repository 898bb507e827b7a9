import type { AdminBackup } from '@hostbay/contract/backup';
import type { HostingRecord } from '../hosting/hosting.types.js';
import type { BackupRecord } from './backup.types.js';

export function presentBackup(
  record: BackupRecord,
  context: { hosting: HostingRecord | undefined; graceSeconds: number; progress: number | null; restorable: boolean },
): AdminBackup {
  const { hosting } = context;
  const deletedAt = hosting?.status === 'DELETED' ? hosting.updatedAt : null;
  return {
    id: record.id,
    hosting_id: record.hostingId,
    username: record.username,
    trigger: record.trigger,
    state: record.state,
    bytes_added: record.bytesAdded,
    bytes_processed: record.bytesProcessed,
    error: record.error,
    started_at: record.startedAt,
    finished_at: record.finishedAt,
    hosting_status: hosting?.status ?? null,
    keep_until:
      deletedAt === null ? null : new Date(new Date(deletedAt).getTime() + context.graceSeconds * 1000).toISOString(),
    progress: record.state === 'running' ? context.progress : null,
    restorable: context.restorable,
  };
}

/** A repository as the operator may read it: a URL's user and password left out. */
export function repositoryLabel(repository: string): string {
  return repository.replace(/\/\/[^/@]*@/, '//');
}
