import { z } from 'zod';
import { SNAPSHOT_NAME_MAX_LENGTH, VALIDATION_MESSAGES } from './validation-messages.js';

/**
 * A member's snapshots of their hosting's disk (docs/users.md, "Snapshots"). A
 * snapshot taken while the machine runs is consistent: the guest agent freezes
 * its file systems while the copy is taken. Restoring one puts the disk back as
 * it was then: the machine is stopped and started again.
 */

/** The member's label for a snapshot ("before the theme change"): any text but control characters. */
export const SnapshotName = z
  .string()
  .trim()
  .min(1, VALIDATION_MESSAGES.snapshot_name_length)
  .max(SNAPSHOT_NAME_MAX_LENGTH, VALIDATION_MESSAGES.snapshot_name_length)
  // Shown back in the dashboard and the audit log, never in a file or a command; control characters would only hide text.
  .refine((name) => !/\p{Cc}/u.test(name), VALIDATION_MESSAGES.snapshot_name_characters);

export const CreateSnapshotRequest = z.object({ name: SnapshotName });
export type CreateSnapshotRequest = z.infer<typeof CreateSnapshotRequest>;

/**
 * - creating: being taken (the site keeps answering; its files are frozen for a moment);
 * - ready: can be restored;
 * - failed: could not be taken (`problem` says why in words); it takes no room and may be deleted.
 */
export const SnapshotState = z.enum(['creating', 'ready', 'failed']);
export type SnapshotState = z.infer<typeof SnapshotState>;

export const Snapshot = z.object({
  id: z.uuid(),
  name: z.string(),
  state: SnapshotState,
  /** Whether the machine was running when it was taken (then its file systems were frozen for the copy). */
  taken_while: z.enum(['running', 'stopped']).nullable(),
  /** What the snapshot keeps on the host: the blocks the disk had changed since it was made. */
  size_bytes: z.number().int().nullable(),
  problem: z.string().nullable(),
  created_at: z.iso.datetime(),
  ready_at: z.iso.datetime().nullable(),
});
export type Snapshot = z.infer<typeof Snapshot>;

export const SnapshotList = z.object({
  items: z.array(Snapshot),
  /** How many snapshots the member's plan lets a hosting keep (failed ones do not count). */
  limit: z.number().int(),
});
export type SnapshotList = z.infer<typeof SnapshotList>;
