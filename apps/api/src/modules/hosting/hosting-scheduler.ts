import type { SshForward } from '../../config/edge.js';
import type { ProxyPort, HostingStore, JobLogger } from './hosting.ports.js';
import type { HostingReconciler } from './hosting-reconciler.js';
import type { HostingWorker } from './hosting-worker.js';
import { checkSshForwarding } from './ssh-forwarding.js';

export interface SchedulerSettings {
  sshForward: SshForward;
  statusSyncIntervalMs: number;
  reconcileIntervalMs: number;
}

/**
 * What runs in the background: the worker, and the reconciler's loops (the
 * status follows the VMs; suspended members' hostings are held and
 * unsuspended ones released; orphans are removed). A loop that is still
 * busy skips its next turn rather than running twice at once.
 */
export class HostingScheduler {
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly deps: {
      hostings: HostingStore;
      worker: HostingWorker;
      reconciler: HostingReconciler;
      proxy: ProxyPort;
      log: JobLogger;
      settings: SchedulerSettings;
    },
  ) {}

  /** Throws a ConfigError when the SSH forward setting cannot serve the existing hostings; call before the edge starts. */
  async checkSettings(): Promise<void> {
    // Every hosting that has a VM, published or still booting: its QEMU holds (or awaits) its SSH port.
    checkSshForwarding(this.deps.settings.sshForward, await this.deps.hostings.listActive());
  }

  /** Restores the proxy's routes from the database, then starts the worker and the periodic loops. */
  async start(): Promise<void> {
    const { reconciler, worker, settings } = this.deps;
    await this.deps.proxy.syncRoutes(await reconciler.desiredRoutes());
    worker.start();
    this.every(settings.statusSyncIntervalMs, 'status sync', () => reconciler.syncHostingStatus());
    // As often as the status: a suspension that had to wait for a job is finished seconds after it ends.
    this.every(settings.statusSyncIntervalMs, 'suspensions', () => reconciler.enforceSuspensions());
    this.every(settings.reconcileIntervalMs, 'reconcile', () => reconciler.removeOrphans());
  }

  async stop(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await this.deps.worker.stop();
  }

  private every(ms: number, what: string, task: () => Promise<void>): void {
    let busy = false;
    this.timers.push(
      setInterval(() => {
        if (busy) return;
        busy = true;
        task()
          .catch((error: unknown) => this.deps.log.error({ err: error }, `${what} failed`))
          .finally(() => {
            busy = false;
          });
      }, ms),
    );
  }
}
