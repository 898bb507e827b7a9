import type { FastifyServerOptions } from 'fastify';
import { NodeProcessRunner } from '../adapters/process/process-runner.js';
import type { Config } from '../config/config.js';
import { WEB_DIST_DIR } from '../config/paths.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { createApp, registerRoutes, type HostbayApp } from '../http/app.js';
import { AuthRateLimiter } from '../modules/auth/auth-rate-limiter.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { BcryptPasswordHasher, type PasswordHasher } from '../modules/auth/password-hasher.js';
import { TokenService } from '../modules/auth/token.service.js';
import { UserRepository } from '../modules/users/user.repository.js';
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
  const database = openDatabase(config.database.url);
  try {
    await migrateToLatest(database.db);
    const users = new UserRepository(database.db);
    const auth = new AuthService(
      users,
      options.passwords ?? new BcryptPasswordHasher(),
      new TokenService({
        secret: config.auth.jwtSecret,
        issuer: config.auth.issuer,
        audience: config.auth.audience,
        ttlSeconds: config.auth.tokenTtlSeconds,
      }),
    );
    const authLimiter = new AuthRateLimiter(
      config.auth.limits,
      database.pgPool ? { kind: 'postgres', pool: database.pgPool } : { kind: 'memory' },
    );
    const app = await createApp(config, options.logger);
    const hosting =
      options.hosting === false
        ? undefined
        : await composeHosting(config, database, new NodeProcessRunner(), app.log, options.hosting ?? {});
    await registerRoutes(app, { auth, authLimiter, hosting }, options.webDistDir ?? WEB_DIST_DIR);
    const edgeRuns = config.edge.mode !== 'off';
    return {
      app,
      database,
      users,
      hosting: hosting?.runtime,
      listen:
        hosting && edgeRuns
          ? { host: config.edge.api.host, port: config.edge.api.port }
          : { host: config.server.host, port: config.server.port },
      async start() {
        await hosting?.start();
      },
      async close() {
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
