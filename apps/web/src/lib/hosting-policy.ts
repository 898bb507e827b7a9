import type { Hosting, HostingAction, HostingStatus } from '@hostbay/contract/hosting';

/** What the owner may ask for. The API decides (its `allowed_actions`); the buttons show exactly that. */
export type HostingCommand = 'refresh' | HostingAction | 'delete';

export function canRun(hosting: Pick<Hosting, 'status' | 'allowed_actions'>, command: HostingCommand): boolean {
  if (command === 'refresh') return true;
  return hosting.allowed_actions.includes(command);
}

/** States that change by themselves soon: watched closely. */
export const MOVING_STATES: ReadonlySet<HostingStatus> = new Set(['CREATING', 'STARTING', 'STOPPING', 'DELETING']);

export const POLL_MOVING_MS = 3_000;
export const POLL_STEADY_MS = 10_000;

/**
 * How often to ask for the hosting when no live stream is open: every 3 s while it
 * is changing, every 10 s while it runs or is stopped (the VM can change under us),
 * never once it has failed or is gone.
 */
export function pollInterval(status: HostingStatus | null | undefined): number | false {
  if (!status) return false;
  if (MOVING_STATES.has(status)) return POLL_MOVING_MS;
  if (status === 'RUNNING' || status === 'STOPPED') return POLL_STEADY_MS;
  return false;
}
