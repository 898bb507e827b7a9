import type { HostingStatus, StopCause } from '@hostbay/contract/hosting';
import type { AuditLog } from '../audit/audit-log.js';
import { sameRoute, type ProxyRoute } from '../proxy/route.js';
import { routeOf, type NetworkSettings } from './hosting-context.js';
import type { HostingEvents } from './hosting-events.js';
import type { HostingSuspension } from './hosting-suspension.js';
import type { ProxyPort, HostingStore, JobLogger, JobStore, VmPort } from './hosting.ports.js';
import type { HostingRecord } from './hosting.types.js';

/** Statuses whose VM may legitimately differ from what the row says because a job is moving it. */
const SYNCED: readonly HostingStatus[] = ['RUNNING', 'STOPPED'];

/**
 * Keeps the world in step with the database:
 * - `syncHostingStatus`: the stored status follows the real VM (shut down
 *   from inside → STOPPED, marked as stopped unexpectedly; crashed or vanished → ERROR);
 * - `removeOrphans`: VMs, VM volumes and proxy routes that no hosting owns are
 *   removed; routes that a hosting should have and the proxy lost (or holds
 *   in another form, e.g. still suspended) are restored;
 * - `enforceSuspensions`: suspended members' hostings are held, others released.
 * Jobs caught mid-way by a crash need nothing here: their leases run out and
 * the worker claims and resumes them.
 */
export class HostingReconciler {
  constructor(
    private readonly hostings: HostingStore,
    private readonly jobs: JobStore,
    private readonly vm: VmPort,
    private readonly proxy: ProxyPort,
    private readonly events: HostingEvents,
    private readonly log: JobLogger,
    private readonly network: NetworkSettings,
    private readonly suspension?: HostingSuspension,
    /** Where a machine that went off by itself is recorded (the audit log), as Hostbay's own finding. */
    private readonly audit?: Pick<AuditLog, 'record'>,
  ) {}

  /** A suspended member's hosting is held (stopped, the suspended page), an unsuspended one's released. */
  async enforceSuspensions(): Promise<void> {
    await this.suspension?.reconcile();
  }

  async syncHostingStatus(): Promise<void> {
    const busy = new Set((await this.jobs.listOpen()).map((job) => job.hostingId));
    for (const hosting of await this.hostings.listByStatus(SYNCED)) {
      if (busy.has(hosting.id)) continue;
      const state = await this.vm.getVmState(hosting.id);
      const next = nextStatus(hosting.status, state);
      if (!next) continue;
      const moved = await this.hostings.transition(hosting.id, hosting.status, next.status, {
        error: next.error ?? null,
        ...(next.stopCause ? { stopCause: next.stopCause } : {}),
      });
      if (moved) {
        this.log.info(
          { hosting: hosting.id, from: hosting.status, to: next.status, vm: state },
          'status follows the VM',
        );
        if (next.stopCause === 'unexpected')
          await this.audit?.record({
            actor: { kind: 'system' },
            action: 'system.hosting_stopped',
            target: { kind: 'hosting', id: hosting.id, name: hosting.username },
            result: 'ok',
            detail: { cause: 'unexpected', vm: state },
          });
        this.events.changed(hosting.userId);
      }
    }
  }

  async removeOrphans(): Promise<void> {
    const active = await this.hostings.listActive();
    const byId = new Map(active.map((h) => [h.id, h]));
    const busy = new Set((await this.jobs.listOpen()).map((job) => job.hostingId));
    // A hosting mid-job may be between creating a thing and recording it: leave it to its job.
    const owned = (id: string) => byId.has(id) || busy.has(id);

    for (const id of await this.vm.listVms()) {
      if (owned(id)) continue;
      this.log.warn({ hosting: id }, 'removing an orphan VM');
      await this.vm.deleteVm(id);
    }
    for (const id of await this.vm.listVolumeOwners()) {
      if (owned(id)) continue;
      this.log.warn({ hosting: id }, 'removing orphan VM volumes');
      await this.vm.deleteVm(id);
      // Its snapshots' too, which deleteVm does not know by name.
      await this.vm.deleteVolumesOf(id);
    }
    await this.reconcileRoutes(active, busy);
  }

  /** The routes the proxy should have: hostings whose creation published them and that are not being deleted. */
  async desiredRoutes(active?: HostingRecord[]): Promise<ProxyRoute[]> {
    const candidates = (active ?? (await this.hostings.listActive())).filter((h) => h.status !== 'DELETING');
    const routes: ProxyRoute[] = [];
    for (const hosting of candidates) {
      const steps = await this.hostings.listSteps(hosting.id, 'create');
      if (steps.some((s) => s.name === 'add_proxy' && s.state === 'done')) routes.push(routeOf(hosting, this.network));
    }
    return routes;
  }

  private async reconcileRoutes(active: HostingRecord[], busy: Set<string>): Promise<void> {
    const desired = await this.desiredRoutes(active);
    const desiredNames = new Set(desired.map((r) => r.username));
    const busyNames = new Set(active.filter((h) => busy.has(h.id)).map((h) => h.username));
    const live = await this.proxy.listRoutes();
    for (const route of live) {
      if (desiredNames.has(route.username) || busyNames.has(route.username)) continue;
      this.log.warn({ username: route.username }, 'removing an orphan proxy route');
      await this.proxy.removeProxyRule(route.username);
    }
    const liveByName = new Map(live.map((route) => [route.username, route]));
    for (const route of desired) {
      if (busyNames.has(route.username)) continue;
      const current = liveByName.get(route.username);
      if (current && sameRoute(current, route)) continue;
      this.log.warn(
        { username: route.username },
        current ? 'correcting a proxy route' : 'restoring a lost proxy route',
      );
      await this.proxy.addProxyRule(route);
    }
  }
}

type VmState = Awaited<ReturnType<VmPort['getVmState']>>;

function nextStatus(
  status: HostingStatus,
  vm: VmState,
):
  | { status: HostingStatus; error?: { step: null; message: string; retrySafe: boolean }; stopCause?: StopCause }
  | undefined {
  // Off while no job stopped it: shut down from inside, or killed on the host. The member is told so.
  if (status === 'RUNNING' && vm === 'shutoff') return { status: 'STOPPED', stopCause: 'unexpected' };
  if (status === 'STOPPED' && vm === 'running') return { status: 'RUNNING' };
  if (status === 'RUNNING' && vm === 'crashed') {
    return {
      status: 'ERROR',
      error: {
        step: null,
        message: 'The machine crashed. Start it again; if it keeps crashing, tell the operator.',
        retrySafe: true,
      },
    };
  }
  if (vm === 'missing') {
    return {
      status: 'ERROR',
      error: {
        step: null,
        message: 'The machine is gone from the host. Delete this hosting and create a new one.',
        retrySafe: false,
      },
    };
  }
  return undefined;
}
