import type { AuditAction } from '@hostbay/contract/audit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditLog } from '../modules/audit/audit-log.js';
import type { AuditActor, AuditTarget, NewAuditEntry } from '../modules/audit/audit.types.js';

/**
 * Who may call a route: anyone, a signed-in user, an admin, or (`metrics`) whoever HOSTBAY_METRICS lets scrape,
 * whatever their login. The role matrix test reads it from every route.
 */
export type RouteAccess = 'public' | 'user' | 'admin' | 'metrics';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** The audit action a call of this route is recorded as; every state-changing route names one. */
    audit?: AuditAction;
  }
  interface FastifyRequest {
    /** What the action was done to, set by the handler when it knows (the hosting, the account). */
    auditTarget: AuditTarget | null;
    /** Who did it, when the request's token does not say (a login: the account that logged in). */
    auditActor: AuditActor | null;
    auditDetail: NewAuditEntry['detail'] | null;
    /** A more exact action than the route's, once the handler knows it (which of start, stop, reboot). */
    auditAction: AuditAction | null;
  }
}

/**
 * Records every call of a route that names an `audit` action once its answer
 * is sent, whatever the answer: 2xx is `ok`, any other 4xx `denied` (no
 * token, no right, bad input, a limit), 5xx `failed`. One hook rather than a
 * line in each handler, so that no route can forget, and refusals before the
 * handler (a missing token) are recorded too.
 */
export function registerAuditTrail(app: FastifyInstance, audit: AuditLog): void {
  app.decorateRequest('auditTarget', null);
  app.decorateRequest('auditActor', null);
  app.decorateRequest('auditDetail', null);
  app.decorateRequest('auditAction', null);
  app.addHook('onResponse', async (request, reply) => {
    const action = request.auditAction ?? request.routeOptions.config.audit;
    if (!action) return;
    const status = reply.statusCode;
    await audit.record({
      actor: actorOf(request),
      action,
      target: request.auditTarget,
      origin: { clientIp: request.ip, requestId: request.id },
      result: status >= 500 ? 'failed' : status >= 400 ? 'denied' : 'ok',
      detail: { status, ...(request.auditDetail ?? {}) },
    });
  });
}

function actorOf(request: FastifyRequest): AuditActor {
  if (request.auditActor) return request.auditActor;
  const user = request.currentUser;
  return user ? { kind: 'user', id: user.id, name: user.username } : { kind: 'anonymous' };
}
