import type { FastifyServerOptions } from 'fastify';
import { NodeProcessRunner } from '../adapters/process/process-runner.js';
import type { Config } from '../config/config.js';
import { WEB_DIST_DIR } from '../config/paths.js';
import { createApp, registerRoutes, type HostbayApp } from '../http/app.js';
import { AuthRateLimiter } from '../modules/auth/auth-rate-limiter.js';
import { HostingEventStreams } from '../modules/hosting/hosting-event-streams.js';
import { HostingRepository } from '../modules/hosting/hosting.repository.js';
import { SnapshotRepository } from '../modules/snapshots/snapshot.repository.js';
import { PlanRepository } from '../modules/plans/plan.repository.js';
import { PlanService } from '../modules/plans/plan.service.js';
import type { DatabaseHandle } from '../db/database.js';
import type { AuditLog } from '../modules/audit/audit-log.js';
import type { UserRepository } from '../modules/users/user.repository.js';
import type { PasswordHasher } from '../modules/auth/password-hasher.js';
import { AccountService } from '../modules/users/account.service.js';
import type { AccountHostings } from '../modules/users/account.ports.js';
import { SuspensionService } from '../modules/users/suspension.service.js';
import { composeAccounts } from './compose-accounts.js';
import { composeAdmin } from './compose-admin.js';
import { composeConsoles } from './compose-console.js';
import { composeHosting, type HostingRuntime, type HostingSeams, type StartHooks } from './compose-hosting.js';
import { composeMetrics, createMetricsRegistry } from './compose-metrics.js';
import { composeSitePages } from './compose-site-pages.js';

/**
 * The composition root (this folder): the one place that knows every part.
 * It opens the database, builds the adapters (libvirt, nginx, files,
 * programs), hands them to the services through their ports, and the
 * services to the routes. compose-hosting.ts and compose-edge.ts wire the
 * hosting lifecycle and the edge; nothing else constructs an adapter.
 */

export interface ComposeOptions {
  webDistDir?: string;
  logger?: FastifyServerOptions['logger'];
  /** `false`: no hosting at all (no libvirt, no nginx): the auth-only tests. */
  hosting?: HostingSeams | false;
  /** Tests that send thousands of logins: bcrypt at a lower cost. By default, bcrypt at BCRYPT_COST. */
  passwords?: PasswordHasher;
}

export interface Hostbay {
  app: HostbayApp;
  audit: AuditLog;
  database: DatabaseHandle;
  users: UserRepository;
  accounts: AccountService;
  /** Absent when composed without hosting. */
  hosting: HostingRuntime | undefined;
  /** Where the API listens: behind the edge when it runs, else on HOSTBAY_PORT. */
  listen: { host: string; port: number };
  /** Starts the edge, the worker and the reconciler (after the API listens: the edge proxies to it). */
  start(hooks?: StartHooks): Promise<void>;
  close(): Promise<void>;
}

/** Without the lifecycle (the auth-only tests) nobody has a hosting: an account goes at once. */
const NO_HOSTINGS: AccountHostings = {
  hasHosting: async () => false,
  deleteHostingOf: async () => undefined,
  onChange: () => () => undefined,
};

export async function composeHostbay(config: Config, options: ComposeOptions = {}): Promise<Hostbay> {
  const app = await createApp(config, options.logger);
  const { database, users, auth, audit, passwords, tokens, signup, invitations } = await composeAccounts(
    config,
    app.log,
    options.passwords,
  );
  try {
    const metrics = createMetricsRegistry(config);
    const authLimiter = new AuthRateLimiter(
      config.auth.limits,
      database.pgPool ? { kind: 'postgres', pool: database.pgPool } : { kind: 'memory' },
      metrics,
    );
    const hostings = new HostingRepository(database.db);
    const plans = new PlanService({
      plans: new PlanRepository(database.db),
      users,
      defaults: config.vm.limits,
      usage: async (userId) => {
        const hosting = await hostings.findActiveByUser(userId);
        if (!hosting) return undefined;
        const snapshots = await new SnapshotRepository(database.db).countKept(hosting.id);
        return { vcpus: hosting.vcpus, memoryMb: hosting.memoryMb, diskGb: hosting.diskGb, snapshots };
      },
    });
    const memberPlans = { limitsOf: async (userId: string) => (await plans.planOf(userId)).limits };
    const hosting =
      options.hosting === false
        ? undefined
        : await composeHosting(
            config,
            database,
            new NodeProcessRunner(),
            app.log,
            options.hosting ?? {},
            memberPlans,
            audit,
            metrics,
          );
    const hostingRoutes = hosting && {
      consoles: composeConsoles(hosting.runtime, auth, app.log),
      service: hosting.service,
      domains: hosting.runtime.tls.domains,
      snapshots: hosting.snapshots,
      usage: hosting.insight.service,
      streams: new HostingEventStreams({
        hostings: hosting.service,
        events: hosting.events,
        activeUser: (userId) => auth.activeUser(userId),
        perUser: config.hosting.eventStreamsPerUser,
        log: app.log,
      }),
    };
    const suspension = new SuspensionService({ users, hostings: hosting?.runtime.suspension, log: app.log });
    const accountHostings: AccountHostings = hosting
      ? {
          hasHosting: (userId) => hosting.service.hasHosting(userId),
          deleteHostingOf: (user) => hosting.service.deleteHostingOf(user),
          onChange: (userId, listener) => hosting.events.subscribe(userId, listener),
        }
      : NO_HOSTINGS;
    const accounts = new AccountService({ users, passwords, tokens, hostings: accountHostings, audit, log: app.log });
    const admin = composeAdmin(
      config,
      database,
      users,
      hosting && {
        service: hosting.service,
        stores: hosting.runtime.stores,
        backups: hosting.runtime.backups,
        templates: hosting.runtime.templates,
        tls: hosting.runtime.tls.status,
        hostUsage: hosting.insight.hostUsage,
      },
    );
    const scrape =
      metrics &&
      composeMetrics(config, metrics, {
        database,
        log: app.log,
        ...(hosting ? { hosting: { storage: hosting.runtime.storage, usage: hosting.runtime.usage } } : {}),
      });
    await registerRoutes(
      app,
      {
        auth,
        authLimiter,
        audit,
        admin,
        plans,
        accounts,
        signup,
        invitations,
        suspension,
        hosting: hostingRoutes,
        sitePages: composeSitePages(database.db, config.server.baseDomain),
        ...(scrape ? { metrics: scrape } : {}),
      },
      options.webDistDir ?? WEB_DIST_DIR,
    );
    let pruning: NodeJS.Timeout | undefined;
    let deletions: NodeJS.Timeout | undefined;
    const edgeRuns = config.edge.mode !== 'off';
    return {
      app,
      audit,
      database,
      users,
      accounts,
      hosting: hosting?.runtime,
      listen:
        hosting && edgeRuns
          ? { host: config.edge.api.host, port: config.edge.api.port }
          : { host: config.server.host, port: config.server.port },
      async start(hooks) {
        await hosting?.start(hooks);
        // The retention setting: what is older goes at start and once a day after.
        const prune = () =>
          audit.prune().catch((error: unknown) => app.log.error({ err: error }, 'pruning the audit log failed'));
        await prune();
        pruning = setInterval(() => void prune(), 86_400_000).unref();
        // Account deletions a crash or a failed delete job left half done: at start, then with the reconciler.
        const resume = () =>
          accounts
            .resumeDeletions()
            .catch((error: unknown) => app.log.error({ err: error }, 'resuming account deletions failed'));
        await resume();
        deletions = setInterval(() => void resume(), config.hosting.reconcileIntervalMs).unref();
      },
      async close() {
        clearInterval(pruning);
        clearInterval(deletions);
        accounts.stop();
        hostingRoutes?.consoles.stop();
        await hosting?.stop();
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
