import type { SnapshotState } from '@hostbay/contract/snapshot';

/** A member's snapshot of their hosting's disk, as stored. */
export interface SnapshotRecord {
  id: string;
  hostingId: string;
  name: string;
  state: SnapshotState;
  takenWhile: 'running' | 'stopped' | null;
  sizeBytes: number | null;
  /** Why it could not be taken, in words a member may read. */
  problem: string | null;
  createdAt: string;
  readyAt: string | null;
}
