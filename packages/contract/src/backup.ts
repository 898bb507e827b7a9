import { z } from 'zod';
import { HostingStatus } from './hosting.js';

/**
 * Backups of every hosting's disk (docs/operators.md, "Backups"), as the
 * operator sees them: what ran, what failed, what a deleted hosting can be
 * brought back from until its grace period ends.
 */

export const BackupState = z.enum(['running', 'done', 'failed', 'expired']);
export type BackupState = z.infer<typeof BackupState>;

export const BackupTrigger = z.enum(['schedule', 'deletion', 'admin']);
export type BackupTrigger = z.infer<typeof BackupTrigger>;

export const AdminBackup = z.object({
  id: z.uuid(),
  hosting_id: z.uuid(),
  username: z.string(),
  trigger: BackupTrigger,
  state: BackupState,
  /** What it added to the repository (deduplicated, compressed) and what it read. */
  bytes_added: z.number().int().nullable(),
  bytes_processed: z.number().int().nullable(),
  /** Why it failed, for the operator (the log has more). */
  error: z.string().nullable(),
  started_at: z.iso.datetime(),
  finished_at: z.iso.datetime().nullable(),
  /** Its hosting now; null when the row is gone. */
  hosting_status: HostingStatus.nullable(),
  /** A deleted hosting's backups are kept until then (HOSTBAY_BACKUP_GRACE after the delete). */
  keep_until: z.iso.datetime().nullable(),
  /** 0 to 1 while it runs. */
  progress: z.number().nullable(),
  /** An admin may bring its deleted hosting back from it for its member. */
  restorable: z.boolean(),
});
export type AdminBackup = z.infer<typeof AdminBackup>;

export const BackupRound = z.object({
  started_at: z.iso.datetime(),
  finished_at: z.iso.datetime().nullable(),
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
});
export type BackupRound = z.infer<typeof BackupRound>;

export const BackupOverview = z.object({
  /** false: HOSTBAY_BACKUP_SCHEDULE=off, no backups at all. */
  enabled: z.boolean(),
  schedule: z.string().nullable(),
  next_run_at: z.iso.datetime().nullable(),
  /** Where the backups go, credentials left out. */
  repository: z.string(),
  keep: z.object({ daily: z.number().int(), weekly: z.number().int(), monthly: z.number().int() }),
  grace_days: z.number(),
  /** The round under way, or null. */
  round: BackupRound.nullable(),
  last_round: BackupRound.nullable(),
});
export type BackupOverview = z.infer<typeof BackupOverview>;

export const AdminBackupList = z.object({ items: z.array(AdminBackup), overview: BackupOverview });
export type AdminBackupList = z.infer<typeof AdminBackupList>;

export const BackupIdParams = z.object({ id: z.uuid() });

/** What bringing a deleted hosting back started: its new hosting, being created from the backup. */
export const RestoredHosting = z.object({ hosting_id: z.uuid(), username: z.string() });
export type RestoredHosting = z.infer<typeof RestoredHosting>;
