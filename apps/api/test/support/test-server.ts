import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config/config.js';
import { composeHostbay, type Hostbay } from '../../src/composition/compose-hostbay.js';
import type { DatabaseKind, TestDatabase } from './databases.js';

export interface TestServer {
  server: Hostbay;
  config: Config;
  close(): Promise<void>;
}

/**
 * A real API (real database, real bcrypt, real JWT) driven through Fastify's
 * `inject`. `env` overrides HOSTBAY_* variables, e.g. tight rate limits (all
 * limits are out of the way unless a test sets them).
 * `shared` runs it on another server's database (a second Hostbay process);
 * that database is then the other server's to drop.
 */
export async function startTestServer(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  shared?: TestDatabase,
): Promise<TestServer & { database: TestDatabase }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hostbay-data-'));
  const database = shared ?? (await kind.create());
  const config = await loadConfig({
    HOSTBAY_DATA_DIR: dataDir,
    HOSTBAY_DATABASE_URL: database.url,
    HOSTBAY_LOGIN_LIMIT_PER_IP: '1000/1m',
    HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT_AND_IP: '1000/1m',
    HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT: '1000/1m',
    HOSTBAY_REGISTER_LIMIT_PER_IP: '1000/1m',
    HOSTBAY_REGISTER_FAILURE_LIMIT_PER_IP: '1000/1m',
    HOSTBAY_REGISTER_LIMIT_PER_ACCOUNT: '1000/1m',
    HOSTBAY_HASHES_PER_IP: '1000',
    ...env,
  });
  const server = await composeHostbay(config, {
    logger: false,
    webDistDir: path.join(dataDir, 'no-dashboard'),
    hosting: false,
  });
  return {
    server,
    config,
    database,
    async close() {
      await server.close();
      if (!shared) await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
