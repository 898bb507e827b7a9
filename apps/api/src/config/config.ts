import path from 'node:path';
import { z } from 'zod';
import { readOperatorsConfig, type OperatorsConfig } from './operators.js';
import { HOSTBAY_ROOT } from './paths.js';
import { ConfigError, durationVar, enumVar, intVar, rateVar, readEnv, type Env } from './env-reader.js';
import { readEdgeConfig, type EdgeConfig } from './edge.js';
import { readHostingConfig, type HostingConfig } from './hosting.js';
import { readImageConfig, type ImageConfig } from './image.js';
import { loadOrCreateInstallationId, loadOrCreateJwtSecret } from './jwt-secret.js';
import { readTlsConfig, type TlsConfig } from './tls.js';
import { readBackupConfig, type BackupConfig } from './backup.js';
import { readInsightConfig, type InsightConfig } from './insight.js';
import { readMetricsConfig, type MetricsConfig } from './metrics.js';
import { readVmConfig, type VmConfig } from './vm.js';
import { HOSTNAME_PATTERN } from '@hostbay/contract/patterns';

const serverShape = {
  HOSTBAY_PORT: intVar(8080, 1, 65535),
  HOSTBAY_HOST: z
    .string()
    .regex(/^[0-9a-fA-F.:]+$|^localhost$/, 'expected an IP address to listen on, such as 0.0.0.0 or 127.0.0.1')
    .default('0.0.0.0'),
  HOSTBAY_DATA_DIR: z.string().default(path.join(HOSTBAY_ROOT, 'data')),
  HOSTBAY_DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'expected sqlite:<file> or postgres://user@host:port/database')
    .optional(),
  HOSTBAY_BASE_DOMAIN: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.string().regex(HOSTNAME_PATTERN, 'expected a DNS name such as localhost or hosting.example.org'))
    .default('localhost'),
  HOSTBAY_LOG_LEVEL: enumVar(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  HOSTBAY_BODY_LIMIT: intVar(64 * 1024, 1024, 16 * 1024 * 1024),
  HOSTBAY_CORS_ORIGINS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ message: 'expected a comma-separated list of origins such as https://app.example.org' })))
    .optional(),
  HOSTBAY_TRUST_PROXY: z
    .string()
    .regex(
      /^[0-9a-fA-F.:/, ]+$|^loopback$|^none$/,
      'expected loopback, none, or a comma-separated list of addresses/CIDRs',
    )
    .default('loopback'),
};

const authShape = {
  HOSTBAY_JWT_SECRET: z.string().min(32, 'expected at least 32 characters (use 64 random hex digits)').optional(),
  HOSTBAY_TOKEN_TTL: durationVar('12h', 60, 30 * 86400),
  HOSTBAY_LOGIN_LIMIT_PER_IP: rateVar('30/5m'),
  HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT_AND_IP: rateVar('10/15m'),
  HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT: rateVar('50/1h'),
  HOSTBAY_LOGIN_LOCKOUT: durationVar('15m', 1, 7 * 86400),
  HOSTBAY_LOGIN_LOCKOUT_MAX: durationVar('24h', 1, 7 * 86400),
  HOSTBAY_HASHES_PER_IP: intVar(4, 1, 1000),
  HOSTBAY_REGISTER_LIMIT_PER_IP: rateVar('50/1h'),
  HOSTBAY_REGISTER_FAILURE_LIMIT_PER_IP: rateVar('30/1h'),
  HOSTBAY_REGISTER_LIMIT_PER_ACCOUNT: rateVar('5/1h'),
};

export interface RateLimit {
  points: number;
  seconds: number;
}

/** An account's lockouts: the first lasts `firstSeconds`, each next one twice the last, up to `maxSeconds`. */
export interface LockoutBackoff {
  firstSeconds: number;
  maxSeconds: number;
}

export interface AuthLimits {
  loginPerIp: RateLimit;
  loginPerAccountAndIp: RateLimit;
  loginPerAccount: RateLimit;
  loginLockout: LockoutBackoff;
  /** Successful sign-ups per address: loose, a class behind one school address signs up together. */
  registerPerIp: RateLimit;
  /** Refused sign-ups (invalid forms, taken names) per address: the brake on scripts. */
  registerFailuresPerIp: RateLimit;
  registerPerAccount: RateLimit;
  /** Password hashes one client address may have in flight in one process. */
  hashesPerIp: number;
}

export interface Config {
  server: {
    port: number;
    host: string;
    dataDir: string;
    /** Generated once per data folder; marks this installation's VMs. */
    installationId: string;
    baseDomain: string;
    logLevel: string;
    bodyLimit: number;
    corsOrigins: string[] | undefined;
    trustProxy: string | boolean;
  };
  database: { url: string };
  vm: VmConfig;
  edge: EdgeConfig;
  tls: TlsConfig;
  backup: BackupConfig;
  insight: InsightConfig;
  image: ImageConfig;
  hosting: HostingConfig;
  operators: OperatorsConfig;
  /** Who may read /metrics (HOSTBAY_METRICS). */
  metrics: MetricsConfig;
  auth: {
    jwtSecret: string;
    tokenTtlSeconds: number;
    issuer: string;
    audience: string;
    limits: AuthLimits;
  };
}

/** Reads and validates every HOSTBAY_* variable once; nothing else reads process.env. */
export async function loadConfig(env: Env = process.env): Promise<Config> {
  const server = readEnv(env, serverShape);
  const auth = readEnv(env, authShape);
  const dataDir = path.resolve(server.HOSTBAY_DATA_DIR);
  const installationId = await loadOrCreateInstallationId(dataDir);
  const vm = readVmConfig(env, dataDir, installationId);
  const edge = readEdgeConfig(env, vm.networkMode);
  const databaseUrl = server.HOSTBAY_DATABASE_URL ?? `sqlite:${path.join(dataDir, 'hostbay.db')}`;
  return {
    server: {
      port: server.HOSTBAY_PORT,
      host: server.HOSTBAY_HOST,
      dataDir,
      installationId,
      baseDomain: server.HOSTBAY_BASE_DOMAIN,
      logLevel: server.HOSTBAY_LOG_LEVEL,
      bodyLimit: server.HOSTBAY_BODY_LIMIT,
      corsOrigins: server.HOSTBAY_CORS_ORIGINS,
      trustProxy: parseTrustProxy(server.HOSTBAY_TRUST_PROXY),
    },
    database: { url: databaseUrl },
    vm,
    edge,
    tls: readTlsConfig(env, dataDir, server.HOSTBAY_BASE_DOMAIN, edge.mode),
    backup: readBackupConfig(env, dataDir),
    insight: readInsightConfig(env),
    // One setting (HOSTBAY_IMAGE_DIR) says where images are built and where VMs find them.
    image: { ...readImageConfig(env, dataDir), imagesDir: vm.imageDir },
    hosting: readHostingConfig(env),
    operators: readOperatorsConfig(env),
    metrics: await readMetricsConfig(env),
    auth: {
      jwtSecret: auth.HOSTBAY_JWT_SECRET ?? (await loadOrCreateJwtSecret(dataDir)),
      tokenTtlSeconds: auth.HOSTBAY_TOKEN_TTL,
      issuer: 'hostbay',
      audience: 'hostbay-api',
      limits: {
        loginPerIp: auth.HOSTBAY_LOGIN_LIMIT_PER_IP,
        loginPerAccountAndIp: auth.HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT_AND_IP,
        loginPerAccount: auth.HOSTBAY_LOGIN_LIMIT_PER_ACCOUNT,
        loginLockout: readLockoutBackoff(auth.HOSTBAY_LOGIN_LOCKOUT, auth.HOSTBAY_LOGIN_LOCKOUT_MAX),
        registerPerIp: auth.HOSTBAY_REGISTER_LIMIT_PER_IP,
        registerFailuresPerIp: auth.HOSTBAY_REGISTER_FAILURE_LIMIT_PER_IP,
        registerPerAccount: auth.HOSTBAY_REGISTER_LIMIT_PER_ACCOUNT,
        hashesPerIp: auth.HOSTBAY_HASHES_PER_IP,
      },
    },
  };
}

function readLockoutBackoff(firstSeconds: number, maxSeconds: number): LockoutBackoff {
  if (maxSeconds < firstSeconds)
    throw new ConfigError(
      'HOSTBAY_LOGIN_LOCKOUT_MAX',
      `expected at least HOSTBAY_LOGIN_LOCKOUT (${firstSeconds}s): the lockouts only grow`,
      `${maxSeconds}s`,
    );
  return { firstSeconds, maxSeconds };
}

function parseTrustProxy(value: string): string | boolean {
  if (value === 'none') return false;
  // Fastify (proxy-addr) understands "loopback" and comma-separated addresses/CIDRs.
  return value;
}

export { ConfigError };
