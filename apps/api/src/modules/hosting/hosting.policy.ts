import type { HostingCommand } from '@hostbay/contract/hosting';
import { AccountPendingError } from '../../errors.js';
import type { UserRecord } from '../users/user.repository.js';
import { ACTION_RULES } from './hosting-state.js';
import type { HostingRecord } from './hosting.types.js';

/**
 * Whether an account may create a hosting at all: one that waits for an
 * admin's approval (HOSTBAY_SIGNUP=approval) may log in and look, not create.
 */
export function assertMayCreateHosting(user: Pick<UserRecord, 'status'>): void {
  if (user.status === 'pending') throw new AccountPendingError();
}

/**
 * Who may do what, in one place: the service enforces it and the dashboard
 * shows exactly these buttons. `machineExists`: creation finished, so a VM
 * stands behind an ERROR (a crash, a failed start) and starting it makes sense.
 */
export function allowedActions(hosting: Pick<HostingRecord, 'status'>, machineExists: boolean): HostingCommand[] {
  const actions: HostingCommand[] = [];
  for (const [action, rule] of Object.entries(ACTION_RULES) as [
    keyof typeof ACTION_RULES,
    (typeof ACTION_RULES)[keyof typeof ACTION_RULES],
  ][]) {
    if (!rule.from.includes(hosting.status)) continue;
    if (hosting.status === 'ERROR' && !machineExists) continue;
    actions.push(action);
  }
  if (hosting.status !== 'DELETING' && hosting.status !== 'DELETED') actions.push('delete');
  return actions;
}
