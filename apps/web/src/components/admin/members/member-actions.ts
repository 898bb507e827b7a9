import type { AdminUser } from '@hostbay/contract/admin';

/** What an admin can do to a member from the list; each opens a dialog or runs at once. */
export type MemberAction =
  'approve' | 'unsuspend' | 'suspend' | 'makeAdmin' | 'removeAdmin' | 'plan' | 'resetPassword' | 'delete';

/** The actions that open a dialog first (the others run from the menu at once). */
export type MemberDialog = Extract<
  MemberAction,
  'suspend' | 'makeAdmin' | 'removeAdmin' | 'plan' | 'resetPassword' | 'delete'
>;

/**
 * The actions that fit a member's state, as the API allows them (suspension.service.ts, signup.service.ts,
 * user-directory.ts). On the admin's own row only the plan: demoting, suspending or deleting themselves, or
 * resetting their own password (which ends their session), would lock them out of this console.
 */
export function actionsFor(member: AdminUser, self: boolean): MemberAction[] {
  if (self) return ['plan'];
  const actions: MemberAction[] = [];
  if (member.status === 'pending') actions.push('approve');
  if (member.status === 'suspended') actions.push('unsuspend');
  // Offered to an active admin too, but disabled (`blockedAction`); never to an account that waits for approval.
  if (member.status === 'active') actions.push('suspend');
  if (member.is_admin) actions.push('removeAdmin');
  else if (member.status === 'active') actions.push('makeAdmin');
  actions.push('plan');
  if (member.status !== 'pending') actions.push('resetPassword');
  actions.push('delete');
  return actions;
}

/** An action the menu shows but cannot take, with why: the API refuses to suspend an admin (the role goes first). */
export function blockedAction(action: MemberAction, member: AdminUser): 'suspendAdmin' | undefined {
  return action === 'suspend' && member.is_admin ? 'suspendAdmin' : undefined;
}
