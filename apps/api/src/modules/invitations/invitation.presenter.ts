import type { Invitation, InvitationState } from '@hostbay/contract/signup';
import type { InvitationRecord } from './invitation.repository.js';

/** Revoked and used are final; an unused invitation past its expiry is expired. */
export function invitationState(invitation: InvitationRecord, now: Date): InvitationState {
  if (invitation.revokedAt !== null) return 'revoked';
  if (invitation.usedAt !== null) return 'used';
  if (Date.parse(invitation.expiresAt) <= now.getTime()) return 'expired';
  return 'pending';
}

/** What an admin sees of an invitation: never its hash. */
export function presentInvitation(invitation: InvitationRecord, now: Date): Invitation {
  return {
    id: invitation.id,
    email: invitation.email,
    state: invitationState(invitation, now),
    created_at: invitation.createdAt,
    expires_at: invitation.expiresAt,
    used_at: invitation.usedAt,
    used_by: invitation.usedBy,
    revoked_at: invitation.revokedAt,
    created_by: invitation.createdBy,
  };
}
