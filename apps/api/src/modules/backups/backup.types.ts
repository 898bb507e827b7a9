/** Why a backup ran: the schedule, a hosting's deletion (its last state, kept for the grace period), or an admin. */
export type BackupTrigger = 'schedule' | 'deletion' | 'admin';

/** running: under way; done: whole in the repository; failed: nothing of it counts; expired: forgotten after its grace period. */
export type BackupState = 'running' | 'done' | 'failed' | 'expired';

/** One backup of one hosting's disk, as Hostbay ran it. */
export interface BackupRecord {
  id: string;
  hostingId: string;
  userId: string;
  username: string;
  trigger: BackupTrigger;
  state: BackupState;
  /** The repository's own id (restic's snapshot id) once it is whole. */
  repositoryId: string | null;
  bytesAdded: number | null;
  bytesProcessed: number | null;
  /** Why it failed, for the operator. */
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}
