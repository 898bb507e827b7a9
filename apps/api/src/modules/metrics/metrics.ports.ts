import type { HostingStatus } from '@hostbay/contract/hosting';
import type { JobStepName } from '@hostbay/contract/step-names';
import type { JobKind } from '../hosting/hosting.types.js';
import type { MachineUsage } from '../insight/usage.types.js';

/**
 * What the parts of Hostbay tell about what they did, as it happens, for
 * /metrics (docs/operators.md, "Metrics"). Each part takes the one observer it
 * needs, optionally: the code that runs a job step or reloads the edge knows
 * nothing of Prometheus, and runs the same without one.
 */

/** A job step ran to its end, done or failed (a step cut short by a shutdown or a lost claim is not told). */
export interface JobObserver {
  stepFinished(step: { job: JobKind; step: JobStepName; seconds: number; ok: boolean }): void;
}

/** An edge change was applied (render, `nginx -t`, reload, confirmed on the control socket), or was not. */
export interface EdgeReloadObserver {
  reloadFinished(reload: { seconds: number; ok: boolean }): void;
}

/**
 * Why a login was refused: a wrong email or password; the account locked after too many failures from all
 * addresses together; a limit of the client's address (attempts, failures for one account, hashes in flight).
 */
export type LoginFailureReason = 'bad_credentials' | 'locked_out' | 'rate_limited';

export interface LoginObserver {
  loginFailed(reason: LoginFailureReason): void;
}

/** An API answer was sent. `route` is the route's registered pattern (`/api/v1/admin/users/:id`), never the URL. */
export interface RequestObserver {
  requestFinished(request: { method: string; route: string; status: number; seconds: number }): void;
}

/** What is read afresh at each scrape: the state of things now, rather than what was counted as it happened. */
export interface ScrapeReadings {
  /** Every state but DELETED, zero where no hosting is in it. */
  hostings: readonly { state: Exclude<HostingStatus, 'DELETED'>; count: number; oldestSeconds: number }[];
  /** Jobs that could be claimed now and are not (queued, or their worker's lease ran out). */
  jobsWaiting: number;
  /** Each running machine's use over the last sampling interval; empty without the sampler. */
  usage: readonly { hostingId: string; usage: MachineUsage }[];
  /** The storage pool's file system; undefined where it cannot be read (libvirt down). */
  storage: { freeBytes: number; sizeBytes: number } | undefined;
}

/** The metrics of this process in Prometheus' text format (an adapter over a client library). */
export interface MetricsRegistry extends JobObserver, EdgeReloadObserver, LoginObserver, RequestObserver {
  /** The exposition format's content type, `text/plain; version=0.0.4; …`. */
  readonly contentType: string;
  /** Every metric, with the scrape-time gauges set from `readings`. */
  render(readings: ScrapeReadings): Promise<string>;
}

/** The storage pool's file system (VmStorage is one). */
export interface StorageSpace {
  space(): Promise<{ freeBytes: number; sizeBytes: number }>;
}
