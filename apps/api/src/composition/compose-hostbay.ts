import type { FastifyServerOptions } from 'fastify';
import { NodeProcessRunner } from '../adapters/process/process-runner.js';
import type { Config } from '../config/config.js';
import { WEB_DIST_DIR } from '../config/paths.js';
import { createApp, registerRoutes, type HostbayApp } from '../http/app.js';
import { AuthRateLimiter } from '../modules/auth/auth-rate-limiter.js';
import { HostingEventStreams } from '../modules/hosting/hosting-event-streams.js';
import type { DatabaseHandle } from '../db/database.js';
import type { AuditLog } from '../modules/audit/audit-log.js';
import type { UserRepository } from '../modules/users/user.repository.js';
import type { PasswordHasher } from '../modules/auth/password-hasher.js';
import { SuspensionService } from '../modules/users/suspension.service.js';
import { composeAccounts } from './compose-accounts.js';
import { composeHosting, type HostingRuntime, type HostingSeams } from './compose-hosting.js';

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
  /** Absent when composed without hosting. */
  hosting: HostingRuntime | undefined;
  /** Where the API listens: behind the edge when it runs, else on HOSTBAY_PORT. */
  listen: { host: string; port: number };
  /** Starts the edge, the worker and the reconciler (after the API listens: the edge proxies to it). */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function composeHostbay(config: Config, options: ComposeOptions = {}): Promise<Hostbay> {
  const app = await createApp(config, options.logger);
  const { database, users, auth, audit } = await composeAccounts(config, app.log, options.passwords);
  try {
    const authLimiter = new AuthRateLimiter(
      config.auth.limits,
      database.pgPool ? { kind: 'postgres', pool: database.pgPool } : { kind: 'memory' },
    );
    const hosting =
      options.hosting === false
        ? undefined
        : await composeHosting(config, database, new NodeProcessRunner(), app.log, options.hosting ?? {});
    const hostingRoutes = hosting && {
      service: hosting.service,
      streams: new HostingEventStreams({
        hostings: hosting.service,
        events: hosting.events,
        activeUser: (userId) => auth.activeUser(userId),
        perUser: config.hosting.eventStreamsPerUser,
        log: app.log,
      }),
    };
    const suspension = new SuspensionService({ users, hostings: hosting?.runtime.suspension, log: app.log });
    await registerRoutes(
      app,
      { auth, authLimiter, audit, suspension, hosting: hostingRoutes },
      options.webDistDir ?? WEB_DIST_DIR,
    );
    let pruning: NodeJS.Timeout | undefined;
    const edgeRuns = config.edge.mode !== 'off';
    return {
      app,
      audit,
      database,
      users,
      hosting: hosting?.runtime,
      listen:
        hosting && edgeRuns
          ? { host: config.edge.api.host, port: config.edge.api.port }
          : { host: config.server.host, port: config.server.port },
      async start() {
        await hosting?.start();
        // The retention setting: what is older goes at start and once a day after.
        const prune = () =>
          audit.prune().catch((error: unknown) => app.log.error({ err: error }, 'pruning the audit log failed'));
        await prune();
        pruning = setInterval(() => void prune(), 86_400_000).unref();
      },
      async close() {
        clearInterval(pruning);
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
