import { z } from 'zod';
import { durationVar, enumVar, intVar, readEnv, type Env } from './env-reader.js';

/**
 * `own`: Hostbay starts and supervises its own nginx (prefix and config in the data folder).
 * `system`: Hostbay writes its files for an nginx the operator runs, and reloads that one.
 * `off`: no edge; the API listens on HOSTBAY_PORT itself and routes are only recorded.
 */
export type EdgeMode = 'own' | 'system' | 'off';

export interface EdgeConfig {
  mode: EdgeMode;
  /** Where the API listens once the edge owns HOSTBAY_PORT (always loopback). */
  api: { host: '127.0.0.1'; port: number };
  nginxBinary: string;
  /** `stream` forwards each hosting's SSH port through nginx; `off` forwards nothing. */
  sshForward: 'stream' | 'off';
  /** Address the forwarded SSH ports listen on. */
  sshListenHost: string;
  /** Seconds an old worker may keep serving after a reload before nginx closes its connections. */
  workerShutdownTimeoutSeconds: number;
  /** `auto` or a count. */
  workerProcesses: number | 'auto';
  /** Unprivileged user for nginx workers when Hostbay runs as root. */
  workerUser: string;
  /** Changes arriving within this window share one reload. */
  coalesceMs: number;
  /** `system` mode: the main config file of the operator's nginx (validated after a swap). */
  systemConfigFile: string | undefined;
}

const ipv4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

const edgeShape = {
  HOSTBAY_EDGE: enumVar(['own', 'system', 'off'], 'own'),
  HOSTBAY_API_PORT: intVar(8081, 1, 65535),
  HOSTBAY_NGINX_BIN: z
    .string()
    .regex(/^[^\s]+$/, 'expected the nginx program, a name on PATH or an absolute path')
    .default('nginx'),
  HOSTBAY_SSH_FORWARD: enumVar(['stream', 'off'], 'stream'),
  HOSTBAY_SSH_LISTEN_HOST: z.string().regex(ipv4, 'expected an IPv4 address such as 0.0.0.0').default('0.0.0.0'),
  HOSTBAY_EDGE_SHUTDOWN_TIMEOUT: durationVar('30s', 1, 3600),
  HOSTBAY_EDGE_WORKERS: z
    .string()
    .regex(/^(auto|[1-9]\d?)$/, 'expected auto or a worker count from 1 to 99')
    .default('auto')
    .transform((s): number | 'auto' => (s === 'auto' ? 'auto' : Number(s))),
  HOSTBAY_EDGE_USER: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]{0,31}$/, 'expected a system user name such as www-data')
    .default('www-data'),
  HOSTBAY_EDGE_COALESCE_MS: intVar(5, 0, 5000),
  HOSTBAY_NGINX_SYSTEM_CONF: z
    .string()
    .regex(/^\/\S+$/, 'expected the absolute path of the system nginx.conf')
    .optional(),
};

/** Reads the HOSTBAY_* variables of the edge. The public port stays HOSTBAY_PORT (server config). */
export function readEdgeConfig(env: Env): EdgeConfig {
  const vars = readEnv(env, edgeShape);
  return {
    mode: vars.HOSTBAY_EDGE,
    api: { host: '127.0.0.1', port: vars.HOSTBAY_API_PORT },
    nginxBinary: vars.HOSTBAY_NGINX_BIN,
    sshForward: vars.HOSTBAY_SSH_FORWARD,
    sshListenHost: vars.HOSTBAY_SSH_LISTEN_HOST,
    workerShutdownTimeoutSeconds: vars.HOSTBAY_EDGE_SHUTDOWN_TIMEOUT,
    workerProcesses: vars.HOSTBAY_EDGE_WORKERS,
    workerUser: vars.HOSTBAY_EDGE_USER,
    coalesceMs: vars.HOSTBAY_EDGE_COALESCE_MS,
    systemConfigFile: vars.HOSTBAY_NGINX_SYSTEM_CONF,
  };
}
