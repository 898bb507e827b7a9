import type { AccountSuspension } from '@hostbay/contract/suspension';
import type { SuspensionOutcome } from './suspension.service.js';

/** What an admin sees after suspending or unsuspending a member. */
export function presentSuspension({ user, hosting }: SuspensionOutcome): AccountSuspension {
  return {
    user_id: user.id,
    username: user.username,
    status: user.status,
    reason: user.statusReason,
    hosting: hosting ? { id: hosting.id, status: hosting.status, resumes_to: hosting.suspendedFrom } : null,
  };
}
