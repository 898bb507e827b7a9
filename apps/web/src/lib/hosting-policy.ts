import type { Hosting, HostingCommand, HostingStatus } from '@hostbay/contract/hosting';
import { isMoving } from '@hostbay/contract/hosting-states';

/**
 * The buttons on the hosting's action bar: the contract's commands, plus refresh,
 * which only asks again and is never refused.
 */
export type HostingButton = 'refresh' | HostingCommand;

/** The API decides what the owner may ask for (its `allowed_actions`); the buttons show exactly that. */
export function canRun(hosting: Pick<Hosting, 'allowed_actions'>, button: HostingButton): boolean {
  if (button === 'refresh') return true;
  return hosting.allowed_actions.includes(button);
}

export const POLL_MOVING_MS = 3_000;
export const POLL_STEADY_MS = 10_000;

/**
 * How often to ask for the hosting when no live stream is open: every 3 s while it
 * is changing, every 10 s while it runs or is stopped (the VM can change under us),
 * never once it has failed or is gone.
 */
export function pollInterval(status: HostingStatus | null | undefined): number | false {
  if (!status) return false;
  if (isMoving(status)) return POLL_MOVING_MS;
  if (status === 'RUNNING' || status === 'STOPPED') return POLL_STEADY_MS;
  return false;
}
