import { z } from 'zod';
import { AuditAction, AuditResult } from './audit.js';
import { Password } from './user.js';
import { VALIDATION_MESSAGES as M } from './validation-messages.js';

/**
 * A password given to confirm a change to one's own account. Not held to the
 * Password rules: an account made before a rule changed must still confirm
 * with the password it has. The limit only keeps bcrypt's input bounded.
 */
const ConfirmingPassword = z.string().min(1, M.field_required).max(1024);

/** POST /api/v1/auth/password: the current password, and the new one under the Password rules. */
export const PasswordChangeRequest = z
  .object({
    current_password: ConfirmingPassword,
    new_password: Password,
  })
  .refine((body) => body.new_password !== body.current_password, {
    message: M.password_unchanged,
    path: ['new_password'],
  });
export type PasswordChangeRequest = z.infer<typeof PasswordChangeRequest>;

/** A fresh token for the session that changed the password: every other one has ended. */
export const PasswordChangeResult = z.object({
  access_token: z.string(),
  token_type: z.literal('bearer'),
  expires_in: z.number().int().describe('Seconds until the token expires.'),
});
export type PasswordChangeResult = z.infer<typeof PasswordChangeResult>;

/** DELETE /api/v1/auth/account: the account's password, to confirm. */
export const AccountDeleteRequest = z.object({ password: ConfirmingPassword });
export type AccountDeleteRequest = z.infer<typeof AccountDeleteRequest>;

/**
 * deleted: the account is gone. deleting: its hosting is being deleted first
 * (the same job as a hosting's delete); the account goes when that finishes.
 * Either way its sessions have ended.
 */
export const AccountDeletion = z.object({
  user_id: z.uuid(),
  state: z.enum(['deleted', 'deleting']),
});
export type AccountDeletion = z.infer<typeof AccountDeletion>;

/** An admin's password reset: the new password, shown in this answer only. */
export const PasswordReset = z.object({
  user_id: z.uuid(),
  password: z.string().describe('Shown once: Hostbay keeps only its hash. Give it to the member.'),
});
export type PasswordReset = z.infer<typeof PasswordReset>;

/** Who did what a member's activity lists: they themselves, an administrator, someone else, or Hostbay. */
export const ActivityActor = z.enum(['you', 'administrator', 'someone', 'system']);
export type ActivityActor = z.infer<typeof ActivityActor>;

/** One line of a member's own recent activity. */
export const ActivityEntry = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  action: AuditAction,
  by: ActivityActor,
  client_ip: z.string().nullable(),
  result: AuditResult,
});
export type ActivityEntry = z.infer<typeof ActivityEntry>;

export const Activity = z.object({ entries: z.array(ActivityEntry) });
export type Activity = z.infer<typeof Activity>;
