import type { SignupMode } from './signup.js';

/** How long an invitation link works, in days, when the admin does not say; and at most. */
export const INVITATION_DEFAULT_DAYS = 7;
export const INVITATION_MAX_DAYS = 90;

/**
 * Where an invitation counts: it is required in `invite` mode; in `approval`
 * mode the invited account is active at once (the admin approved it by
 * inviting); in `domains` mode an invited address from outside the listed
 * domains may join (a guest teacher, say). In `open` mode it grants nothing
 * and is ignored; `closed` admits nobody. No zod here: the dashboard imports it.
 */
export function invitationCounts(mode: SignupMode): boolean {
  return mode === 'invite' || mode === 'approval' || mode === 'domains';
}
