import { z } from 'zod';
import { Email, Password, User, Username } from './user.js';
import { VALIDATION_MESSAGES } from './validation-messages.js';

export const RegisterRequest = z.object({
  email: Email,
  username: Username,
  password: Password,
});
export type RegisterRequest = z.infer<typeof RegisterRequest>;

/**
 * Login accepts JSON `{email, password}` and the OAuth2 password form, where the
 * email travels as `username`. Identifiers are not validated as emails here so
 * that a malformed one fails exactly like a wrong password.
 */
export const LoginRequest = z
  .object({
    email: z.string().max(320).optional(),
    username: z.string().max(320).optional(),
    password: z.string().max(1024),
    grant_type: z.literal('password').optional(),
    scope: z.string().optional(),
  })
  .refine((body) => body.email !== undefined || body.username !== undefined, {
    message: VALIDATION_MESSAGES.login_identifier_required,
    path: ['email'],
  });
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResult = z.object({
  access_token: z.string(),
  token_type: z.literal('bearer'),
  expires_in: z.number().int(),
  user: User,
});
export type LoginResult = z.infer<typeof LoginResult>;
