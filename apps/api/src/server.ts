import type { FastifyInstance } from 'fastify';
import type { Config } from './config/config.js';
import { WEB_DIST_DIR } from './config/paths.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { NodeProcessRunner } from './host/process-runner.js';
import { createHostingPlatform, type HostingPlatform, type PlatformOverrides } from './hosting-platform.js';
import { buildApp } from './http/app.js';
import { AuthRateLimiter } from './modules/auth/auth-rate-limiter.js';
import { AuthService } from './modules/auth/auth.service.js';
import { BcryptPasswordHasher } from './modules/auth/password-hasher.js';
import { TokenService } from './modules/auth/security.js';
import { UserRepository } from './modules/users/user.repository.js';

export interface Server {
  app: FastifyInstance;
  database: DatabaseHandle;
  /** Absent when the server runs without hosting (auth-only tests). */
  platform: HostingPlatform | undefined;
  /** Where to listen: behind the edge when it runs, else on HOSTBAY_PORT. */
  listen: { host: string; port: number };
  /** Starts the edge, the worker and the reconciler (after the API listens: the edge proxies to it). */
  startBackground(): Promise<void>;
  close(): Promise<void>;
}

export interface ServerOptions {
  webDistDir?: string;
  logger?: Parameters<typeof buildApp>[0]['logger'];
  /** `false`: no hosting at all (no libvirt, no nginx). */
  platform?: PlatformOverrides | false;
}

/** The composition root: opens the database, applies migrations, wires services into the app. */
export async function createServer(config: Config, options: ServerOptions = {}): Promise<Server> {
  const database = openDatabase(config.database.url);
  try {
    await migrateToLatest(database.db);
    const users = new UserRepository(database.db);
    const tokens = new TokenService({
      secret: config.auth.jwtSecret,
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      ttlSeconds: config.auth.tokenTtlSeconds,
    });
    const auth = new AuthService(users, new BcryptPasswordHasher(), tokens);
    const authLimiter = new AuthRateLimiter(
      config.auth.limits,
      database.pgPool ? { kind: 'postgres', pool: database.pgPool } : { kind: 'memory' },
    );
    let platform: HostingPlatform | undefined;
    const app = await buildApp({
      config,
      services: { auth, authLimiter },
      webDistDir: options.webDistDir ?? WEB_DIST_DIR,
      logger: options.logger,
      hosting: async (log) => {
        if (options.platform === false) return undefined;
        platform = await createHostingPlatform(config, database, new NodeProcessRunner(), log, options.platform ?? {});
        return { service: platform.hosting.service, events: platform.hosting.events };
      },
    });
    return {
      app,
      database,
      platform,
      listen: platform?.apiListen ?? { host: config.server.host, port: config.server.port },
      async startBackground() {
        await platform?.start();
      },
      async close() {
        await platform?.stop();
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
