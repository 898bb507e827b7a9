import { z } from 'zod';
import { Cursor, page, PageSize } from './pagination.js';
import { INVITATION_DEFAULT_DAYS, INVITATION_MAX_DAYS } from './signup-rules.js';
import { Email } from './user.js';

/**
 * Who may join (HOSTBAY_SIGNUP): anyone; only emails of listed domains; only
 * with an invitation link; anyone, but an admin approves before they create;
 * nobody.
 */
export const SignupMode = z.enum(['open', 'domains', 'invite', 'approval', 'closed']);
export type SignupMode = z.infer<typeof SignupMode>;

/**
 * An invitation's token as it travels in a link: 32 random bytes in base64url
 * (43 characters). Anything else of a sane length is accepted here and simply
 * matches no invitation, so that a mangled link is "not valid", not a 422.
 */
export const InvitationToken = z.string().min(1).max(128);

export const SignupInfoQuery = z.object({
  invite: InvitationToken.optional().describe('An invitation token, to ask whether it can still be used.'),
});
export type SignupInfoQuery = z.infer<typeof SignupInfoQuery>;

/** What the sign-up page needs to know; nothing about an invitation but whether it works and for whom. */
export const SignupInfo = z.object({
  mode: SignupMode,
  /** `domains` mode: the email domains accepted (exactly these, not their subdomains); empty otherwise. */
  email_domains: z.array(z.string()),
  /** Asked with `?invite=` in the invite, approval and domains modes: whether it can be used, and for whom. Else null. */
  invitation: z.object({ valid: z.boolean(), email: z.string().nullable() }).nullable(),
  /** The domain a member's site is under (HOSTBAY_BASE_DOMAIN): the form shows `<username>.<site_domain>` as it is typed. */
  site_domain: z.string(),
});
export type SignupInfo = z.infer<typeof SignupInfo>;

/** pending: can be used; used, expired or revoked: cannot. */
export const InvitationState = z.enum(['pending', 'used', 'expired', 'revoked']);
export type InvitationState = z.infer<typeof InvitationState>;

export const Invitation = z.object({
  id: z.uuid(),
  /** When set, only this address may sign up with it. */
  email: z.string().nullable(),
  state: InvitationState,
  created_at: z.iso.datetime(),
  expires_at: z.iso.datetime(),
  used_at: z.iso.datetime().nullable(),
  /** The account made with it. */
  used_by: z.uuid().nullable(),
  revoked_at: z.iso.datetime().nullable(),
  created_by: z.uuid().nullable(),
});
export type Invitation = z.infer<typeof Invitation>;

export const CreateInvitationRequest = z.object({
  email: Email.optional().describe('Bind the invitation to this address.'),
  expires_in_days: z
    .int()
    .min(1)
    .max(INVITATION_MAX_DAYS)
    .default(INVITATION_DEFAULT_DAYS)
    .describe(`Days until the link stops working (1 to ${INVITATION_MAX_DAYS}).`),
});
export type CreateInvitationRequest = z.input<typeof CreateInvitationRequest>;

/** The token and the link are shown once, here: only the token's hash is stored. */
export const CreatedInvitation = Invitation.extend({
  token: z.string(),
  link: z.string(),
});
export type CreatedInvitation = z.infer<typeof CreatedInvitation>;

export const InvitationListQuery = z.object({ limit: PageSize, after: Cursor.optional() });

export const InvitationPage = page(Invitation);
export type InvitationPage = z.infer<typeof InvitationPage>;
