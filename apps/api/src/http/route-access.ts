import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { AuthService } from '../modules/auth/auth.service.js';
import { authenticate, authenticateAdmin } from './authenticate.js';

/**
 * A route's `config.access` is what guards it, in one place: every `user` route
 * gets the token check and every `admin` route the admin check, after any hook
 * of its own (the event stream's, which lifts a token out of the query), and
 * both are documented as needing a bearer token. A route cannot declare one
 * access and be guarded by another. Register before the routes.
 */
export function enforceRouteAccess(app: FastifyInstance, auth: AuthService): void {
  const guards = { user: authenticate(auth), admin: authenticateAdmin(auth) };
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access !== 'user' && access !== 'admin') return;
    const own = [route.onRequest ?? []].flat() as onRequestHookHandler[];
    route.onRequest = [...own, guards[access] as onRequestHookHandler];
    if (route.schema && !route.schema.hide) route.schema.security ??= [{ bearer: [] }];
  });
}
