/**
 * Which hosting states are "moving", without zod, so that the dashboard can use
 * them at run time without loading the schemas (see the bundle budget in
 * bench/RESULTS.md). In these states the platform is working on the hosting and
 * it changes by itself soon: the API and the dashboard both read this one list.
 */
import type { HostingStatus } from './hosting.js';

/** The states a job is under way in, each of them a HostingStatus. */
export const MOVING_STATES = [
  'CREATING',
  'STARTING',
  'STOPPING',
  'REBOOTING',
  'RESTORING',
  'DELETING',
] as const satisfies readonly HostingStatus[];
export type MovingState = (typeof MOVING_STATES)[number];

export const MOVING_STATE_SET: ReadonlySet<MovingState> = new Set(MOVING_STATES);

export function isMoving(status: string): status is MovingState {
  // Widened for the lookup only: any status, even one this list does not name, may be asked about.
  return (MOVING_STATE_SET as ReadonlySet<string>).has(status);
}
