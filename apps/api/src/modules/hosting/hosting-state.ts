import type { HostingAction, HostingStatus } from '@hostbay/contract/hosting';
import { MOVING_STATE_SET } from '@hostbay/contract/hosting-states';

/**
 * The one transition table. Every status change goes through `assertTransition`;
 * docs/architecture.md's state diagram is generated from this table.
 */
export const TRANSITIONS: Readonly<Record<HostingStatus, readonly HostingStatus[]>> = {
  CREATING: ['RUNNING', 'ERROR', 'DELETING'],
  RUNNING: ['STOPPING', 'STOPPED', 'REBOOTING', 'RESTORING', 'DELETING', 'ERROR'],
  STOPPING: ['STOPPED', 'RUNNING', 'ERROR', 'DELETING'],
  STOPPED: ['STARTING', 'RUNNING', 'RESTORING', 'DELETING', 'ERROR'],
  STARTING: ['RUNNING', 'STOPPED', 'ERROR', 'DELETING'],
  // The reboot job ends running once the site answers, or in ERROR (the machine may be started again).
  REBOOTING: ['RUNNING', 'ERROR', 'DELETING'],
  // A snapshot's disk put back, then started: it ends running, or in ERROR (and may be restored or started again).
  RESTORING: ['RUNNING', 'ERROR', 'DELETING'],
  // A crashed or failed-to-start VM may be started again, or restored from a snapshot; a failed creation can
  // only be deleted.
  ERROR: ['STARTING', 'RESTORING', 'DELETING'],
  DELETING: ['DELETED', 'ERROR'],
  DELETED: [],
};

/** Raised for a change the table does not allow: a bug in the caller, never applied. */
export class IllegalTransitionError extends Error {
  constructor(
    readonly from: HostingStatus,
    readonly to: HostingStatus,
  ) {
    super(`illegal hosting transition ${from} -> ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition(from: HostingStatus, to: HostingStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: HostingStatus, to: HostingStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

/** States in which the platform is working on the hosting (one list, shared with the dashboard). */
export const MOVING_STATES: ReadonlySet<HostingStatus> = MOVING_STATE_SET;

/** What a user action needs the hosting to be in, and the status it moves to first. */
export const ACTION_RULES: Readonly<Record<HostingAction, { from: readonly HostingStatus[]; to: HostingStatus }>> = {
  start: { from: ['STOPPED', 'ERROR'], to: 'STARTING' },
  stop: { from: ['RUNNING'], to: 'STOPPING' },
  // The site is down while the machine restarts: the status says so until the reboot job sees it answer.
  reboot: { from: ['RUNNING'], to: 'REBOOTING' },
};
