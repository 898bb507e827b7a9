import { PasswordGrantRequest, type LoginResult, type TokenResponse } from '@hostbay/contract/auth';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { UnsupportedGrantTypeError, ValidationError } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route is an OAuth2 token endpoint: its form-encoded requests are answered per RFC 6749. */
    oauth2TokenEndpoint?: boolean;
  }
}

/** RFC 6749 section 5.1: a token must not be cached anywhere, HTTP/1.0 caches included. */
export const TOKEN_RESPONSE_HEADERS = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

/**
 * Whether a request is an OAuth2 token request: form-encoded (RFC 6749
 * section 4.3.2) to a route marked `oauth2TokenEndpoint`. JSON requests to
 * the same route are the dashboard's and keep the standard envelope.
 */
export function isTokenRequest(request: FastifyRequest): boolean {
  if (!request.routeOptions.config.oauth2TokenEndpoint) return false;
  const mediaType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/x-www-form-urlencoded';
}

const GrantType = z.object({ grant_type: z.string() });

/**
 * A preValidation hook: checks a token request's form against the password
 * grant before the route's own schema does, so that another grant type is
 * `unsupported_grant_type` and a missing or repeated parameter is
 * `invalid_request` (the error handler writes both as RFC 6749 errors).
 */
export async function checkPasswordGrant(request: FastifyRequest): Promise<void> {
  if (!isTokenRequest(request)) return;
  const grant = GrantType.safeParse(request.body);
  if (grant.success && grant.data.grant_type !== 'password') throw new UnsupportedGrantTypeError();
  const parsed = PasswordGrantRequest.safeParse(request.body, { reportInput: true });
  if (parsed.success) return;
  const details = parsed.error.issues.map((issue) => {
    const field = issue.path.join('.') || '(body)';
    return { field, message: issue.input === undefined ? `${field} is missing.` : `${field}: ${issue.message}` };
  });
  throw new ValidationError(details.map((d) => d.message).join(' '), details);
}

/** The answer to a successful password grant: the token fields, the envelope beside them, no `error`. */
export function tokenResponse(result: LoginResult, message: string): TokenResponse {
  const { access_token, token_type, expires_in } = result;
  return { access_token, token_type, expires_in, success: true, message, data: result };
}
