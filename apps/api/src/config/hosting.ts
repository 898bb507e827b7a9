import { z } from 'zod';
import { durationVar, intVar, portRangeVar, readEnv, type Env } from './env-reader.js';
import type { PortRange } from './vm.js';

/** The hosting lifecycle's limits and timings. */
export interface HostingConfig {
  /** How many hostings may exist at once (not DELETED); beyond, creation answers 503. */
  capacity: number;
  /** Public SSH ports on the edge, one per hosting. */
  publicSshPorts: PortRange;
  /** How the site URLs shown to users begin: the scheme and port people use. */
  publicScheme: 'http' | 'https';
  publicPort: number | undefined;
  stepTimeoutMs: number;
  jobLeaseMs: number;
  reconcileIntervalMs: number;
  statusSyncIntervalMs: number;
  /** Live-update streams (GET /hosting/my/events) one user may hold open at once; the next is a 429. */
  eventStreamsPerUser: number;
}

const hostingShape = {
  HOSTBAY_CAPACITY: intVar(50, 1, 100_000),
  HOSTBAY_SSH_PORTS: portRangeVar('2200-2999'),
  HOSTBAY_PUBLIC_SCHEME: z.enum(['http', 'https'], { message: 'expected http or https' }).default('http'),
  HOSTBAY_PUBLIC_PORT: intVar(0, 0, 65535),
  HOSTBAY_STEP_TIMEOUT: durationVar('2m', 1, 3600),
  HOSTBAY_JOB_LEASE: durationVar('30s', 1, 600),
  HOSTBAY_RECONCILE_INTERVAL: durationVar('30s', 1, 3600),
  HOSTBAY_STATUS_SYNC_INTERVAL: durationVar('5s', 1, 600),
  HOSTBAY_EVENT_STREAMS_PER_USER: intVar(4, 1, 100),
};

/** `HOSTBAY_PUBLIC_PORT=0` (the default) means "the port Hostbay listens on". */
export function readHostingConfig(env: Env): HostingConfig {
  const vars = readEnv(env, hostingShape);
  return {
    capacity: vars.HOSTBAY_CAPACITY,
    publicSshPorts: vars.HOSTBAY_SSH_PORTS,
    publicScheme: vars.HOSTBAY_PUBLIC_SCHEME,
    publicPort: vars.HOSTBAY_PUBLIC_PORT || undefined,
    stepTimeoutMs: vars.HOSTBAY_STEP_TIMEOUT * 1000,
    jobLeaseMs: vars.HOSTBAY_JOB_LEASE * 1000,
    reconcileIntervalMs: vars.HOSTBAY_RECONCILE_INTERVAL * 1000,
    statusSyncIntervalMs: vars.HOSTBAY_STATUS_SYNC_INTERVAL * 1000,
    eventStreamsPerUser: vars.HOSTBAY_EVENT_STREAMS_PER_USER,
  };
}
