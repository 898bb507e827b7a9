import { z } from 'zod';
import { HostingStatus } from './hosting.js';
import { UserStatus } from './user.js';
import { SUSPENSION_REASON_MAX_LENGTH } from './validation-messages.js';

/** Why an account is suspended: shown to the member as written, so one line of printable text. */
export const SuspensionReason = z
  .string()
  .trim()
  .min(1, 'Say why the account is suspended.')
  .max(SUSPENSION_REASON_MAX_LENGTH, `At most ${SUSPENSION_REASON_MAX_LENGTH} characters.`)
  .refine((text) => !/\p{Cc}/u.test(text), 'One line of text, without control characters.');

/** POST /api/v1/admin/users/{id}/suspend */
export const SuspendUserRequest = z.object({ reason: SuspensionReason });
export type SuspendUserRequest = z.infer<typeof SuspendUserRequest>;

/**
 * A member's account and hosting after a suspension or an unsuspension. The
 * hosting's `resumes_to` is what unsuspending brings it back to (RUNNING or
 * STOPPED) while a suspension holds it, null otherwise; its stop or start runs
 * in the background, so `status` may still be moving.
 */
export const AccountSuspension = z.object({
  user_id: z.uuid(),
  username: z.string(),
  status: UserStatus,
  reason: z.string().nullable(),
  hosting: z
    .object({
      id: z.uuid(),
      status: HostingStatus,
      resumes_to: z.enum(['RUNNING', 'STOPPED']).nullable(),
    })
    .nullable(),
});
export type AccountSuspension = z.infer<typeof AccountSuspension>;
