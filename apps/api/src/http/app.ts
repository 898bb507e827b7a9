import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config/config.js';
import type { AuthRateLimiter } from '../modules/auth/auth-rate-limiter.js';
import { authRoutes } from '../modules/auth/auth.routes.js';
import type { AuthService } from '../modules/auth/auth.service.js';
import { healthRoutes } from '../modules/health/health.routes.js';
import type { HostingEvents } from '../modules/hosting/hosting-events.js';
import { hostingRoutes } from '../modules/hosting/hosting.routes.js';
import type { HostingService } from '../modules/hosting/hosting.service.js';
import { registerDashboard } from './dashboard.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerErrorHandling } from './error-handler.js';
import { registerOpenApi } from './openapi.js';

export interface AppServices {
  auth: AuthService;
  authLimiter: AuthRateLimiter;
}

export interface HostingServices {
  service: HostingService;
  events: HostingEvents;
}

export interface AppOptions {
  config: Config;
  services: AppServices;
  webDistDir: string;
  logger?: FastifyServerOptions['logger'];
  /** Builds the hosting services with the app's logger; returns undefined to run without hosting. */
  hosting?: (log: FastifyBaseLogger) => Promise<HostingServices | undefined>;
}

/** The HTTP layer: plugins, the envelope and the routes. Routes stay thin; services do the work. */
export async function buildApp({
  config,
  services,
  webDistDir,
  logger,
  hosting,
}: AppOptions): Promise<FastifyInstance> {
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
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('currentUser', null);
  registerSecurityHeaders(app);
  registerErrorHandling(app);

  if (config.server.corsOrigins?.length) await app.register(cors, { origin: config.server.corsOrigins });
  await app.register(formbody);
  await registerOpenApi(app);

  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(authRoutes, { prefix: '/api/v1/auth', auth: services.auth, limiter: services.authLimiter });
  const hostingServices = await hosting?.(app.log);
  if (hostingServices) {
    await app.register(hostingRoutes, {
      prefix: '/api/v1/hosting',
      auth: services.auth,
      hosting: hostingServices.service,
      events: hostingServices.events,
    });
  }
  await registerDashboard(app, webDistDir);
  return app;
}
