import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
  type RouteOptions,
} from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: readonly RouteOptions[];
  }
}
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config/config.js';
import type { AuthRateLimiter } from '../modules/auth/auth-rate-limiter.js';
import { authRoutes } from './routes/auth.routes.js';
import type { AuthService } from '../modules/auth/auth.service.js';
import { healthRoutes } from './routes/health.routes.js';
import type { HostingEventStreams } from '../modules/hosting/hosting-event-streams.js';
import { hostingRoutes } from './routes/hosting.routes.js';
import { adminSuspensionRoutes } from './routes/admin/suspension.routes.js';
import type { SuspensionService } from '../modules/users/suspension.service.js';
import type { HostingService } from '../modules/hosting/hosting.service.js';
import type { AuditLog } from '../modules/audit/audit-log.js';
import { registerAuditTrail } from './audit-trail.js';
import { registerDashboard } from './dashboard.js';
import { registerSecurityHeaders, setResponseHeaders } from './security-headers.js';
import { answerConnectionError, handleError, registerErrorHandling } from './error-handler.js';
import { documentImpliedErrors } from './error-responses.js';
import { registerBodyParsing } from './body-parsing.js';
import { registerOpenApi } from './openapi.js';

export interface AppServices {
  auth: AuthService;
  audit: AuditLog;
  authLimiter: AuthRateLimiter;
  suspension: SuspensionService;
  /** Absent when Hostbay runs without hosting (auth-only tests). */
  hosting?: { service: HostingService; streams: HostingEventStreams };
}

export type HostbayApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** The HTTP layer without routes: plugins, validation, the envelope, headers, logging. */
export async function createApp(
  config: Config,
  logger: FastifyServerOptions['logger'] | undefined,
): Promise<HostbayApp> {
  const app = Fastify({
    logger: logger ?? {
      level: config.server.logLevel,
      redact: ['req.headers.authorization'],
      serializers: {
        // The event stream takes the token in its query (EventSource cannot send headers): keep it out of logs.
        req: (req: { method: string; url: string; ip?: string }) => ({
          method: req.method,
          url: req.url.replace(/access_token=[^&]*/g, 'access_token=[redacted]'),
          remoteAddress: req.ip,
        }),
      },
    },
    genReqId: () => randomUUID(),
    bodyLimit: config.server.bodyLimit,
    trustProxy: config.server.trustProxy,
    requestIdHeader: false,
    // A URL the router cannot decode (`/api/%zz`) is refused before any route or hook runs: answer it like the rest.
    frameworkErrors: (error, request, reply) => handleError(error, request, setResponseHeaders(request, reply)),
    clientErrorHandler: answerConnectionError,
  }).withTypeProvider<ZodTypeProvider>();

  // Every route as registered, with its config (access, audit): what the role matrix test walks.
  const routeTable: RouteOptions[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    routeTable.push(route);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('currentUser', null);
  app.decorateRequest('sessionExpiresAt', null);
  registerSecurityHeaders(app);
  registerErrorHandling(app);
  registerBodyParsing(app);
  documentImpliedErrors(app);

  if (config.server.corsOrigins?.length) await app.register(cors, { origin: config.server.corsOrigins });
  await app.register(formbody);
  await registerOpenApi(app);
  return app;
}

/** The routes: thin, over the services; then the dashboard. */
export async function registerRoutes(app: HostbayApp, services: AppServices, webDistDir: string): Promise<void> {
  registerAuditTrail(app, services.audit);
  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(authRoutes, { prefix: '/api/v1/auth', auth: services.auth, limiter: services.authLimiter });
  if (services.hosting) {
    await app.register(hostingRoutes, {
      prefix: '/api/v1/hosting',
      auth: services.auth,
      hosting: services.hosting.service,
      streams: services.hosting.streams,
    });
  }
  await app.register(adminSuspensionRoutes, {
    prefix: '/api/v1/admin/users',
    auth: services.auth,
    suspension: services.suspension,
  });
  await registerDashboard(app, webDistDir);
}
