import type { Hosting } from '@hostbay/contract/hosting';
import type { Snapshot, SnapshotList } from '@hostbay/contract/snapshot';

/** Why the form cannot take a snapshot now; null when it can. */
export type TakeRefusal = 'noneInPlan' | 'limit' | 'busy' | 'state';

/** Snapshots that count against the plan: the API counts those being taken and ready ones, not failed ones. */
export function keptCount(list: SnapshotList): number {
  return list.items.filter((snapshot) => snapshot.state !== 'failed').length;
}

/**
 * The API's own rules for a new snapshot (SnapshotService.create), checked first so that the form says why
 * instead of sending what would be refused: a running or stopped hosting, no other job on it, room in the plan.
 */
export function takeRefusal(list: SnapshotList, status: Hosting['status']): TakeRefusal | null {
  if (list.limit === 0) return 'noneInPlan';
  if (keptCount(list) >= list.limit) return 'limit';
  if (status !== 'RUNNING' && status !== 'STOPPED') return 'state';
  // One job at a time on a hosting: a second snapshot waits for the first.
  if (list.items.some((snapshot) => snapshot.state === 'creating')) return 'busy';
  return null;
}

/**
 * A finished snapshot can be put back on a running or stopped hosting, or on one in ERROR whose machine
 * exists. The dashboard cannot see the machine; the API offers `start` on ERROR exactly when it exists.
 */
export function canRestore(snapshot: Snapshot, hosting: Pick<Hosting, 'status' | 'allowed_actions'>): boolean {
  if (snapshot.state !== 'ready') return false;
  if (hosting.status === 'RUNNING' || hosting.status === 'STOPPED') return true;
  return hosting.status === 'ERROR' && hosting.allowed_actions.includes('start');
}
