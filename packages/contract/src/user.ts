import { z } from 'zod';
import { isReservedUsername } from './reserved-names.js';
import { PASSWORD_MAX_BYTES, VALIDATION_MESSAGES as M } from './validation-messages.js';

/** A DNS label that is also a safe Linux user name. This is a security boundary. */
export const Username = z
  .string()
  .min(3, M.username_too_short)
  .max(32, M.username_too_long)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, M.username_invalid_characters)
  .regex(/^[a-z]/, M.username_start_letter)
  // "ab--" prefixes are reserved for internationalised labels (RFC 5891), e.g. xn--.
  .refine((name) => name.slice(2, 4) !== '--', { message: M.username_double_hyphen })
  .refine((name) => !isReservedUsername(name), { message: M.username_reserved });

/**
 * ASCII only: the unique index lowercases with SQL `lower()`, which is ASCII-only in SQLite.
 * The email rule is a check on the trimmed string rather than a pipe into `z.email()`: the
 * OpenAPI document shows a request's input side, and a pipe's input side would lose `format: email`.
 */
export const Email = z
  .string()
  .trim()
  .max(254, M.email_too_long)
  .check(z.email({ message: M.email_invalid, pattern: z.regexes.email }));

export const Password = z
  .string()
  .min(8, M.password_too_short)
  .refine((password) => new TextEncoder().encode(password).length <= PASSWORD_MAX_BYTES, {
    message: M.password_too_long,
  });

/** active; pending: waits for an admin's approval (may log in and look, not create); suspended by an admin. */
export const UserStatus = z.enum(['active', 'pending', 'suspended']);
export type UserStatus = z.infer<typeof UserStatus>;

export const User = z.object({
  id: z.uuid(),
  email: z.string(),
  username: z.string(),
  is_admin: z.boolean(),
  status: UserStatus,
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type User = z.infer<typeof User>;
