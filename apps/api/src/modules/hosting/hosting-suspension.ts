import type { HostingStatus } from '@hostbay/contract/hosting';
import { routeOf, type NetworkSettings } from './hosting-context.js';
import type { HostingEvents } from './hosting-events.js';
import type { HostingStores, HostingTransactor, JobLogger, ProxyPort } from './hosting.ports.js';
import type { HostingRecord, JobKind, ResumeStatus } from './hosting.types.js';
import type { JobPlan } from './job-plans.js';

export interface HostingSuspensionDeps {
  stores: HostingStores;
  transaction: HostingTransactor;
  plans: Record<JobKind, JobPlan>;
  proxy: ProxyPort;
  network: NetworkSettings;
  events: HostingEvents;
  log: JobLogger;
  wakeWorker(): void;
  /** The ids of the members suspended now: the users module decides who is, this class only follows. */
  suspendedUserIds(): Promise<readonly string[]>;
}

/** Jobs that add or remove the route themselves: while one runs, the route is left to it. */
const ROUTE_JOBS: ReadonlySet<JobKind> = new Set(['create', 'delete']);

/**
 * What a hosting was, in the words unsuspending understands: on its way to running (or running), or not.
 * A failed hosting (ERROR) counts as off: unsuspending starts nothing, the owner may start it.
 */
function resumeStatusOf(status: HostingStatus): ResumeStatus {
  return status === 'RUNNING' || status === 'STARTING' || status === 'REBOOTING' || status === 'CREATING'
    ? 'RUNNING'
    : 'STOPPED';
}

/**
 * A suspended member's hosting, held: what it was is recorded on its row
 * (`suspended_from`) before anything changes, its machine is stopped by the
 * ordinary stop job, and its route shows the edge's suspended page with no
 * SSH forward. Releasing undoes it: the normal route, and a start job if it
 * was running. Every step is conditional and safe to repeat; the users'
 * status is the truth, and `reconcile` (run by the scheduler every status
 * sync) moves each hosting towards it, so a crash at any moment, or a job in
 * flight that had to finish first, is caught up within seconds.
 */
export class HostingSuspension {
  constructor(private readonly deps: HostingSuspensionDeps) {}

  /** Holds the member's hosting, if they have one. */
  async hold(userId: string): Promise<void> {
    const hosting = await this.deps.stores.hostings.findActiveByUser(userId);
    if (hosting) await this.holdHosting(hosting);
  }

  /** Brings the member's hosting back as it was, if a suspension held it. */
  async release(userId: string): Promise<void> {
    const hosting = await this.deps.stores.hostings.findActiveByUser(userId);
    if (hosting?.suspendedFrom) await this.releaseHosting(hosting);
  }

  /** The member's hosting as a suspension sees it (its status, what it resumes to), or undefined. */
  async find(userId: string): Promise<Pick<HostingRecord, 'id' | 'status' | 'suspendedFrom'> | undefined> {
    const hosting = await this.deps.stores.hostings.findActiveByUser(userId);
    return hosting && { id: hosting.id, status: hosting.status, suspendedFrom: hosting.suspendedFrom };
  }

  /** Every hosting follows its owner's status: held while suspended, released otherwise. */
  async reconcile(): Promise<void> {
    const suspended = new Set(await this.deps.suspendedUserIds());
    for (const hosting of await this.deps.stores.hostings.listHeld()) {
      if (!suspended.has(hosting.userId)) await this.releaseHosting(hosting);
    }
    for (const userId of suspended) await this.hold(userId);
  }

  private async holdHosting(found: HostingRecord): Promise<void> {
    const outcome = await this.deps.transaction(async ({ hostings, jobs }) => {
      const hosting = await hostings.findById(found.id);
      // Being deleted: the delete removes the route and the machine anyway.
      if (!hosting || hosting.status === 'DELETING' || hosting.status === 'DELETED') return undefined;
      // First what it was, so that whatever happens next, unsuspending knows what to bring back.
      const recorded =
        hosting.suspendedFrom === null &&
        (await hostings.holdForSuspension(hosting.id, resumeStatusOf(hosting.status)));
      const open = await jobs.findOpen(hosting.id);
      // A machine busy with a job (creating, starting, rebooting) is stopped once that job ends, at the next pass.
      let stopping = false;
      if (hosting.status === 'RUNNING' && !open) {
        const moved = await hostings.transition(hosting.id, 'RUNNING', 'STOPPING', {
          error: null,
          stopCause: 'suspension',
        });
        if (moved) {
          await hostings.planSteps(hosting.id, 'stop', this.stepNames('stop'));
          await jobs.enqueue(hosting.id, 'stop');
          stopping = true;
        }
      }
      const held = await hostings.findById(hosting.id);
      return held && { held, routeJob: open && ROUTE_JOBS.has(open.kind), changed: recorded || stopping };
    });
    if (!outcome) return;
    if (outcome.changed) {
      this.deps.log.info(
        { hosting: outcome.held.id, resume: outcome.held.suspendedFrom, status: outcome.held.status },
        'holding a suspended member’s hosting',
      );
      this.deps.events.changed(outcome.held.userId);
      this.deps.wakeWorker();
    }
    if (!outcome.routeJob) await this.publish(outcome.held);
  }

  private async releaseHosting(found: HostingRecord): Promise<void> {
    const released = await this.deps.transaction(async ({ hostings, jobs }) => {
      const hosting = await hostings.findById(found.id);
      if (!hosting?.suspendedFrom) return undefined;
      // The stop the suspension began (or another job) ends first; the next pass releases it then, when
      // "as it was" can be restored without racing the job.
      if (await jobs.findOpen(hosting.id)) return undefined;
      if (hosting.suspendedFrom === 'RUNNING' && hosting.status === 'STOPPED') {
        const moved = await hostings.transition(hosting.id, 'STOPPED', 'STARTING', { error: null });
        if (moved) {
          await hostings.planSteps(hosting.id, 'start', this.stepNames('start'));
          await jobs.enqueue(hosting.id, 'start');
        }
      }
      // In the same transaction as the start job: a crash leaves either both or neither.
      await hostings.releaseFromSuspension(hosting.id);
      return hostings.findById(hosting.id);
    });
    if (!released) return;
    this.deps.log.info({ hosting: released.id, status: released.status }, 'releasing an unsuspended hosting');
    this.deps.events.changed(released.userId);
    this.deps.wakeWorker();
    await this.publish(released);
  }

  /** Puts the hosting's route as its row says (suspended or not), if its creation published one. */
  private async publish(hosting: HostingRecord): Promise<void> {
    if (hosting.status === 'DELETING' || hosting.status === 'DELETED') return;
    const steps = await this.deps.stores.hostings.listSteps(hosting.id, 'create');
    if (!steps.some((step) => step.name === 'add_proxy' && step.state === 'done')) return;
    // Re-sending the route it already has changes nothing at the edge (ProxyService compares routes).
    await this.deps.proxy.addProxyRule(routeOf(hosting, this.deps.network));
  }

  private stepNames(kind: JobKind): string[] {
    return this.deps.plans[kind].steps.map((step) => step.name);
  }
}
