import { z } from 'zod';
import { InvitationToken } from './signup.js';
import { Email, Password, User, Username } from './user.js';
import { VALIDATION_MESSAGES } from './validation-messages.js';

export const RegisterRequest = z.object({
  email: Email,
  username: Username,
  password: Password,
  /** The token of an invitation link: required when HOSTBAY_SIGNUP is `invite`; in `approval` mode it makes the account active at once, in `domains` mode it admits an address outside the domains; ignored in `open` mode. */
  invite: InvitationToken.optional(),
});
export type RegisterRequest = z.infer<typeof RegisterRequest>;

/**
 * Login accepts JSON `{email, password}` and the OAuth2 password form, where the
 * email travels as `username`. Identifiers are not validated as emails here so
 * that a malformed one fails exactly like a wrong password.
 */
const LoginIdentifier = z.string().max(320);
const LoginPassword = z.string().max(1024);

export const LoginRequest = z
  .object({
    email: LoginIdentifier.optional(),
    username: LoginIdentifier.optional(),
    password: LoginPassword,
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

/**
 * An OAuth2 password grant (RFC 6749 section 4.3.2): what a form-encoded
 * login must hold, checked before LoginRequest so that its problems are
 * answered as OAuth2 errors. Client credentials, if sent, are not checked:
 * Hostbay has no registered clients.
 */
export const PasswordGrantRequest = z.object({
  grant_type: z.literal('password'),
  username: LoginIdentifier,
  password: LoginPassword,
  scope: z.string().optional(),
});
export type PasswordGrantRequest = z.infer<typeof PasswordGrantRequest>;

/**
 * The answer to a successful password grant (RFC 6749 section 5.1): the
 * token fields at the top level, and the envelope's success, message and data
 * beside them, but no `error` member, which OAuth2 clients read as a failure.
 */
export const TokenResponse = z
  .object({
    access_token: z.string(),
    token_type: z.literal('bearer'),
    expires_in: z.number().int().describe('Seconds until the token expires.'),
    success: z.literal(true),
    message: z.string(),
    data: LoginResult,
  })
  .describe('OAuth2 token response (RFC 6749 section 5.1), sent with Cache-Control: no-store and Pragma: no-cache.');
export type TokenResponse = z.infer<typeof TokenResponse>;

/** The error codes of RFC 6749 section 5.2. */
export const TokenErrorCode = z.enum([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
]);
export type TokenErrorCode = z.infer<typeof TokenErrorCode>;

/** A failed password grant (RFC 6749 section 5.2). */
export const TokenErrorResponse = z
  .object({
    error: TokenErrorCode,
    error_description: z.string(),
  })
  .describe('OAuth2 error response (RFC 6749 section 5.2), for form-encoded password grants.');
export type TokenErrorResponse = z.infer<typeof TokenErrorResponse>;
