import type { FastifyReply, FastifyRequest } from 'fastify';
import { UnauthenticatedError } from '../errors.js';
import type { AuthService } from '../modules/auth/auth.service.js';
import { bearerToken } from '../modules/auth/token.service.js';
import type { UserRecord } from '../modules/users/user.repository.js';

declare module 'fastify' {
  interface FastifyRequest {
    currentUser: UserRecord | null;
  }
}

export type AuthHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** `getCurrentUser` as a route hook: routes that list it get `request.currentUser` or a 401. */
export function authenticate(auth: AuthService): AuthHook {
  return async (request) => {
    request.currentUser = await auth.getCurrentUser(bearerToken(request.headers.authorization));
  };
}

/** The authenticated user of a route that used `authenticate`. */
export function requireUser(request: FastifyRequest): UserRecord {
  if (!request.currentUser) throw new UnauthenticatedError('Log in first: this needs an access token.');
  return request.currentUser;
}
