import { z } from 'zod';
import { ConfigError, durationVar, enumVar, intVar, listVar, readEnv, type Env } from './env-reader.js';
import type { NetworkMode } from './vm.js';
import { IPV4_OR_CIDR_PATTERN, IPV4_PATTERN } from '@hostbay/contract/patterns';

/**
 * `own`: Hostbay starts and supervises its own nginx (prefix and config in the data folder).
 * `system`: Hostbay writes its files for an nginx the operator runs, and reloads that one.
 * `off`: no edge; the API listens on HOSTBAY_PORT itself and routes are only recorded.
 */
export type EdgeMode = 'own' | 'system' | 'off';

/**
 * How each hosting's public SSH port reaches its VM, resolved from HOSTBAY_SSH_FORWARD:
 * `direct`: QEMU's user-mode `hostfwd` listens on the public port itself (no nginx involved);
 * `stream`: nginx's `stream` module forwards the public port to the VM;
 * `off`: nothing listens on the public ports.
 */
export type SshForward = 'direct' | 'stream' | 'off';

export interface EdgeConfig {
  mode: EdgeMode;
  /** Where the API listens once the edge owns HOSTBAY_PORT (always loopback). */
  api: { host: '127.0.0.1'; port: number };
  nginxBinary: string;
  /** Resolved: `auto` is `direct` in user networking and `stream` in bridge networking. */
  sshForward: SshForward;
  /** Address the public SSH ports listen on (nginx's in `stream`, QEMU's in `direct`). */
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
  /**
   * Proxies in front of the edge (a TLS terminator) whose X-Forwarded-For the edge believes;
   * empty: the client is whoever connected, and what it wrote in the header is dropped.
   */
  realIpFrom: string[];
}

const edgeShape = {
  HOSTBAY_EDGE: enumVar(['own', 'system', 'off'], 'own'),
  HOSTBAY_API_PORT: intVar(8081, 1, 65535),
  HOSTBAY_NGINX_BIN: z
    .string()
    .regex(/^[^\s]+$/, 'expected the nginx program, a name on PATH or an absolute path')
    .default('nginx'),
  HOSTBAY_SSH_FORWARD: enumVar(['auto', 'direct', 'stream', 'off'], 'auto'),
  HOSTBAY_SSH_LISTEN_HOST: z
    .string()
    .regex(IPV4_PATTERN, 'expected an IPv4 address such as 0.0.0.0')
    .default('0.0.0.0'),
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
  HOSTBAY_EDGE_REAL_IP_FROM: listVar(
    IPV4_OR_CIDR_PATTERN,
    'expected a comma-separated list of IPv4 addresses or CIDRs such as 127.0.0.1',
  ),
};

/**
 * Reads the HOSTBAY_* variables of the edge. The public port stays HOSTBAY_PORT (server config).
 * `networkMode` (HOSTBAY_NETWORK_MODE) decides what HOSTBAY_SSH_FORWARD=auto means.
 */
export function readEdgeConfig(env: Env, networkMode: NetworkMode): EdgeConfig {
  const vars = readEnv(env, edgeShape);
  return {
    mode: vars.HOSTBAY_EDGE,
    api: { host: '127.0.0.1', port: vars.HOSTBAY_API_PORT },
    nginxBinary: vars.HOSTBAY_NGINX_BIN,
    sshForward: resolveSshForward(vars.HOSTBAY_SSH_FORWARD, networkMode, vars.HOSTBAY_EDGE),
    sshListenHost: vars.HOSTBAY_SSH_LISTEN_HOST,
    workerShutdownTimeoutSeconds: vars.HOSTBAY_EDGE_SHUTDOWN_TIMEOUT,
    workerProcesses: vars.HOSTBAY_EDGE_WORKERS,
    workerUser: vars.HOSTBAY_EDGE_USER,
    coalesceMs: vars.HOSTBAY_EDGE_COALESCE_MS,
    systemConfigFile: vars.HOSTBAY_NGINX_SYSTEM_CONF,
    realIpFrom: vars.HOSTBAY_EDGE_REAL_IP_FROM,
  };
}

/**
 * `auto` picks the forward that needs no per-hosting edge config where one
 * exists: QEMU's own port forwarding in user networking. A bridged VM has an
 * address of its own and no QEMU forward, so there only nginx can listen.
 * `stream` without an edge (HOSTBAY_EDGE=off) forwards nothing; `direct` does
 * not need the edge, so it stays `direct`.
 */
function resolveSshForward(setting: 'auto' | SshForward, networkMode: NetworkMode, edgeMode: EdgeMode): SshForward {
  if (setting === 'direct' && networkMode === 'bridge') {
    throw new ConfigError(
      'HOSTBAY_SSH_FORWARD',
      'expected auto, stream or off with HOSTBAY_NETWORK_MODE=bridge (direct needs HOSTBAY_NETWORK_MODE=user: only QEMU user networking forwards ports)',
      setting,
    );
  }
  const chosen = setting === 'auto' ? (networkMode === 'user' ? 'direct' : 'stream') : setting;
  return chosen === 'stream' && edgeMode === 'off' ? 'off' : chosen;
}
