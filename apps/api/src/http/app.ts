import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import websocket from '@fastify/websocket';
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
import { accountRoutes } from './routes/account.routes.js';
import { adminUserRoutes } from './routes/admin/users.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { adminSignupRoutes } from './routes/admin/signup.routes.js';
import type { InvitationService } from '../modules/invitations/invitation.service.js';
import type { SignupService } from '../modules/signup/signup.service.js';
import type { AuthService } from '../modules/auth/auth.service.js';
import { healthRoutes } from './routes/health.routes.js';
import type { HostingEventStreams } from '../modules/hosting/hosting-event-streams.js';
import { hostingRoutes } from './routes/hosting.routes.js';
import { domainRoutes } from './routes/domain.routes.js';
import { snapshotRoutes } from './routes/snapshot.routes.js';
import { usageRoutes } from './routes/usage.routes.js';
import type { UsageService } from '../modules/insight/usage.service.js';
import { machineConsoleRoutes } from './routes/machine-console.routes.js';
import type { MachineConsoleService } from '../modules/machine-console/machine-console.service.js';
import type { SnapshotService } from '../modules/snapshots/snapshot.service.js';
import type { DomainService } from '../modules/tls/domain.service.js';
import { adminSuspensionRoutes } from './routes/admin/suspension.routes.js';
import type { SuspensionService } from '../modules/users/suspension.service.js';
import type { HostingService } from '../modules/hosting/hosting.service.js';
import type { AdminOverview } from '../modules/admin/overview.js';
import type { HostingAdmin } from '../modules/admin/hosting-admin.js';
import type { UserDirectory } from '../modules/admin/user-directory.js';
import type { AuditLog } from '../modules/audit/audit-log.js';
import { auditRoutes } from './routes/admin/audit.routes.js';
import { consoleRoutes } from './routes/admin/console.routes.js';
import { adminHostingRoutes } from './routes/admin/hostings.routes.js';
import { adminBackupRoutes } from './routes/admin/backups.routes.js';
import type { BackupService } from '../modules/backups/backup.service.js';
import type { HostingRecovery } from '../modules/backups/hosting-recovery.js';
import type { PlanService } from '../modules/plans/plan.service.js';
import { accountPlanRoutes } from './routes/account-plan.routes.js';
import { adminPlanRoutes } from './routes/admin/plans.routes.js';
import type { AccountService } from '../modules/users/account.service.js';
import { registerAuditTrail } from './audit-trail.js';
import type { RequestObserver } from '../modules/metrics/metrics.ports.js';
import type { MetricsService } from '../modules/metrics/metrics.service.js';
import type { ScrapeAccess } from '../modules/metrics/scrape-access.js';
import { metricsRoutes } from './routes/metrics.routes.js';
import { registerRequestMetrics } from './request-metrics.js';
import { registerDashboard } from './dashboard.js';
import { registerSecurityHeaders, setResponseHeaders } from './security-headers.js';
import { answerConnectionError, handleError, registerErrorHandling } from './error-handler.js';
import { documentImpliedErrors } from './error-responses.js';
import { enforceRouteAccess } from './route-access.js';
import { registerBodyParsing } from './body-parsing.js';
import { registerOpenApi } from './openapi.js';
import { sitePageRoutes } from './routes/site-pages.routes.js';
import type { SitePageService } from '../modules/site-pages/site-page.service.js';

export interface AppServices {
  auth: AuthService;
  audit: AuditLog;
  /** The operator console's services; the hostings part only with hosting. */
  admin: {
    overview: AdminOverview;
    directory: UserDirectory;
    hostings?: HostingAdmin;
    backups?: { service: BackupService; recovery: HostingRecovery };
  };
  authLimiter: AuthRateLimiter;
  plans: PlanService;
  accounts: AccountService;
  signup: SignupService;
  invitations: InvitationService;
  suspension: SuspensionService;
  /** `/metrics` and what it counts of the API; absent with HOSTBAY_METRICS=off. */
  metrics?: { service: MetricsService; access: ScrapeAccess; requests: RequestObserver };
  /** Absent when Hostbay runs without hosting (auth-only tests). */
  hosting?: {
    service: HostingService;
    streams: HostingEventStreams;
    domains: DomainService;
    snapshots: SnapshotService;
    /** The member's resource graphs. */
    usage: UsageService;
    consoles: MachineConsoleService;
  };
  /** The pages the edge shows visitors of a site that does not answer. */
  sitePages?: { pages: SitePageService; styleHash: string };
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
        // The event stream takes the token in its query (EventSource cannot send headers), the console its ticket, and the sign-up
        // page asks about an invitation by its token: keep both out of logs.
        req: (req: { method: string; url: string; ip?: string }) => ({
          method: req.method,
          url: req.url.replace(/(access_token|invite|ticket)=[^&]*/g, '$1=[redacted]'),
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
  // Members' consoles; a message is a keystroke or a resize, so 64 KiB is plenty (a paste included).
  await app.register(websocket, { options: { maxPayload: 65_536 } });
  await registerOpenApi(app);
  return app;
}

/** The routes: thin, over the services; then the dashboard. */
export async function registerRoutes(app: HostbayApp, services: AppServices, webDistDir: string): Promise<void> {
  registerAuditTrail(app, services.audit);
  if (services.metrics) registerRequestMetrics(app, services.metrics.requests);
  enforceRouteAccess(app, services.auth, services.metrics?.access);
  await app.register(healthRoutes, { prefix: '/api' });
  if (services.sitePages) await app.register(sitePageRoutes, { prefix: '/api/v1/site-pages', ...services.sitePages });
  if (services.metrics) await app.register(metricsRoutes, { metrics: services.metrics.service });
  await app.register(authRoutes, {
    prefix: '/api/v1/auth',
    auth: services.auth,
    limiter: services.authLimiter,
    signup: services.signup,
  });
  await app.register(adminSignupRoutes, {
    prefix: '/api/v1/admin',
    signup: services.signup,
    invitations: services.invitations,
  });
  await app.register(accountRoutes, {
    prefix: '/api/v1/auth',
    accounts: services.accounts,
    limiter: services.authLimiter,
  });
  await app.register(adminUserRoutes, {
    prefix: '/api/v1/admin/users',
    accounts: services.accounts,
  });
  if (services.hosting) {
    await app.register(hostingRoutes, {
      prefix: '/api/v1/hosting',
      hosting: services.hosting.service,
      streams: services.hosting.streams,
    });
    await app.register(domainRoutes, { prefix: '/api/v1/hosting/my', domains: services.hosting.domains });
    await app.register(snapshotRoutes, { prefix: '/api/v1/hosting/my', snapshots: services.hosting.snapshots });
    await app.register(usageRoutes, { prefix: '/api/v1/hosting/my', usage: services.hosting.usage });
    await app.register(machineConsoleRoutes, { prefix: '/api/v1/hosting/my', consoles: services.hosting.consoles });
  }
  await app.register(consoleRoutes, {
    prefix: '/api/v1/admin',
    overview: services.admin.overview,
    directory: services.admin.directory,
  });
  await app.register(auditRoutes, { prefix: '/api/v1/admin/audit', audit: services.audit });
  if (services.admin.hostings) {
    await app.register(adminHostingRoutes, {
      prefix: '/api/v1/admin/hostings',
      hostings: services.admin.hostings,
    });
  }
  if (services.admin.backups) {
    await app.register(adminBackupRoutes, {
      prefix: '/api/v1/admin/backups',
      backups: services.admin.backups.service,
      recovery: services.admin.backups.recovery,
    });
  }
  await app.register(accountPlanRoutes, { prefix: '/api/v1/account', plans: services.plans });
  await app.register(adminPlanRoutes, { prefix: '/api/v1/admin', plans: services.plans });
  await app.register(adminSuspensionRoutes, {
    prefix: '/api/v1/admin/users',
    suspension: services.suspension,
  });
  await registerDashboard(app, webDistDir);
}
