import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { AuthService } from '../modules/auth/auth.service.js';
import type { ScrapeAccess } from '../modules/metrics/scrape-access.js';
import { authenticate, authenticateAdmin, type AuthHook } from './authenticate.js';

/**
 * A route's `config.access` is what guards it, in one place: every `user` route
 * gets the token check and every `admin` route the admin check, after any hook
 * of its own (the event stream's, which lifts a token out of the query), and
 * both are documented as needing a bearer token. A `metrics` route gets the
 * check HOSTBAY_METRICS asks for (`scrape`: the client's address, or the
 * metrics token), whoever is logged in. A route cannot declare one access and
 * be guarded by another. Register before the routes.
 */
export function enforceRouteAccess(app: FastifyInstance, auth: AuthService, scrape?: ScrapeAccess): void {
  const guards = { user: authenticate(auth), admin: authenticateAdmin(auth), metrics: scrape && scrapeGuard(scrape) };
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access !== 'user' && access !== 'admin' && access !== 'metrics') return;
    const guard = guards[access];
    // A wiring fault, found when the route is added: a metrics route is registered only with HOSTBAY_METRICS on.
    if (!guard) throw new Error(`${route.url} is a metrics route, but HOSTBAY_METRICS gives no access check`);
    const own = [route.onRequest ?? []].flat() as onRequestHookHandler[];
    route.onRequest = [...own, guard as onRequestHookHandler];
    if (access !== 'metrics' && route.schema && !route.schema.hide) route.schema.security ??= [{ bearer: [] }];
  });
}

function scrapeGuard(scrape: ScrapeAccess): AuthHook {
  return async (request: FastifyRequest) =>
    scrape.check({ ip: request.ip, authorization: request.headers.authorization });
}
