import type { FastifyInstance } from 'fastify';
import type { RequestObserver } from '../modules/metrics/metrics.ports.js';

/** The route label of a request no route took (a 404, a 405): one value, whatever URL was asked. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Tells `observer` of every answer once it is sent: the method, the route's
 * registered pattern (`/api/v1/admin/users/:id`, never the URL, whose ids and
 * query would make a new series each) and the status. Register before the
 * routes.
 */
export function registerRequestMetrics(app: FastifyInstance, observer: RequestObserver): void {
  app.addHook('onResponse', async (request, reply) => {
    observer.requestFinished({
      method: request.method,
      route: request.routeOptions.url ?? UNMATCHED_ROUTE,
      status: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
    });
  });
}
