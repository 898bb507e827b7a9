import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import type { AuthService, Session } from '../modules/auth/auth.service.js';
import { bearerToken } from '../modules/auth/token.service.js';
import type { UserRecord } from '../modules/users/user.repository.js';

declare module 'fastify' {
  interface FastifyRequest {
    currentUser: UserRecord | null;
    /** When the request's token expires (epoch milliseconds); set with `currentUser`. */
    sessionExpiresAt: number | null;
  }
}

export type AuthHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** The token check as a route hook (route-access.ts adds it to every `user` route): `request.currentUser` or a 401. */
export function authenticate(auth: AuthService): AuthHook {
  return async (request) => {
    const session = await auth.getSession(bearerToken(request.headers.authorization));
    request.currentUser = session.user;
    request.sessionExpiresAt = session.expiresAt;
  };
}

/** `authenticate`, then 403 unless the user is an admin: every route under /api/v1/admin. */
export function authenticateAdmin(auth: AuthService): AuthHook {
  const signedIn = authenticate(auth);
  return async (request, reply) => {
    await signedIn(request, reply);
    if (!request.currentUser?.isAdmin) throw new ForbiddenError('This needs an administrator.');
  };
}

/** The authenticated user of a route that used `authenticate`. */
export function requireUser(request: FastifyRequest): UserRecord {
  return requireSession(request).user;
}

/** The authenticated user and their token's expiry, for a route that used `authenticate`. */
export function requireSession(request: FastifyRequest): Session {
  if (!request.currentUser || request.sessionExpiresAt === null) {
    throw new UnauthenticatedError('Log in first: this needs an access token.');
  }
  return { user: request.currentUser, expiresAt: request.sessionExpiresAt };
}
