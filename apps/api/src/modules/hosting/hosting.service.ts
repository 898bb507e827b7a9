import type { CreatedHosting, Hosting, HostingAction } from '@hostbay/contract/hosting';
import { ErrorCode } from '@hostbay/contract/envelope';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { UserRecord } from '../users/user.repository.js';
import { PasswordHash } from '../vm/vm.spec.js';
import { insertHosting, IdempotentReplay, type CreationPools } from './hosting-creation.js';
import type { HostingEvents } from './hosting-events.js';
import { allowedActions, assertMayCreateHosting } from './hosting.policy.js';
import { ACTION_RULES } from './hosting-state.js';
import { presentCreatedHosting, presentHosting, type PublicAddress } from './hosting.presenter.js';
import type {
  BaseImageSource,
  TemplateSource,
  GuestCredentials,
  HostingStores,
  HostingTransactor,
  HostResources,
  MemberPlans,
  SiteHttpsSource,
} from './hosting.ports.js';
import { exceedsHost } from './plan-fit.js';
import type { HostingRecord, JobKind } from './hosting.types.js';
import { createStepNames, type JobPlan } from './job-plans.js';

export interface HostingServiceDeps {
  stores: HostingStores;
  transaction: HostingTransactor;
  plans: Record<JobKind, JobPlan>;
  events: HostingEvents;
  pools: CreationPools;
  /** A new hosting gets its member's plan's vCPUs, memory and disk. */
  memberPlans: MemberPlans;
  /** What the host has for one machine: a plan asking for more is refused before anything is taken. */
  hostResources(): Promise<HostResources>;
  networkMode: 'user' | 'bridge';
  address: PublicAddress;
  baseImages: BaseImageSource;
  /** Where new hostings are restored from when a template is ready; absent: every hosting boots. */
  templates?: TemplateSource;
  credentials: GuestCredentials;
  /** HTTPS of the member's site; absent: plain HTTP as `address` says. */
  https?: SiteHttpsSource;
  /** Tells the worker a job is waiting, so it starts at once rather than at its next poll. */
  wakeWorker(): void;
  /** Stops a cancelled job if this process runs it; true when it did (and it has stopped). */
  abandonLocalJob(jobId: string): Promise<boolean>;
}

export interface CreateHostingInput {
  sshPublicKey?: string | undefined;
  idempotencyKey?: string | undefined;
}

/** The hosting lifecycle as its owner sees it. The steps themselves run in the worker. */
export class HostingService {
  constructor(private readonly deps: HostingServiceDeps) {}

  async createHosting(user: UserRecord, input: CreateHostingInput): Promise<CreatedHosting> {
    assertMayCreateHosting(user);
    const { hostings } = this.deps.stores;
    if (input.idempotencyKey) {
      const earlier = await hostings.findByIdempotencyKey(user.id, input.idempotencyKey);
      if (earlier) return presentCreatedHosting(await this.present(earlier), null);
    }
    if (await hostings.findActiveByUser(user.id)) {
      throw new ConflictError('You already have a hosting. Delete it before creating another.');
    }
    const limits = await this.deps.memberPlans.limitsOf(user.id);
    const refusal = exceedsHost(limits, await this.deps.hostResources());
    if (refusal) throw new ConflictError(refusal, ErrorCode.planExceedsHost);
    const image = await this.deps.baseImages.resolve();
    // Made in seconds from a ready template of this image and machine, or booted (and a template made for next time).
    const template = await this.deps.templates?.readyFor(limits, image);
    const baseImage = template ? { ...image, disk: template.disk } : image;
    const password = input.sshPublicKey ? null : this.deps.credentials.generatePassword();
    // Checked here, before anything is stored: a bad hash would otherwise fail the creation at write_seed.
    const passwordHash =
      password === null ? null : PasswordHash.parse(await this.deps.credentials.hashPassword(password));
    let created: HostingRecord;
    try {
      created = await insertHosting(this.deps.transaction, this.deps.pools, {
        userId: user.id,
        username: user.username,
        ...limits,
        networkMode: this.deps.networkMode,
        baseImage,
        sshPublicKey: input.sshPublicKey ?? null,
        passwordHash,
        idempotencyKey: input.idempotencyKey ?? null,
        templateKey: template?.key ?? null,
        createSteps: createStepNames(this.deps.plans.create, template ? 'template' : 'boot'),
      });
    } catch (error) {
      if (error instanceof IdempotentReplay && input.idempotencyKey) {
        const earlier = await hostings.findByIdempotencyKey(user.id, input.idempotencyKey);
        if (earlier) return presentCreatedHosting(await this.present(earlier), null);
      }
      throw error;
    }
    this.deps.events.changed(user.id);
    this.deps.wakeWorker();
    return presentCreatedHosting(await this.present(created), password);
  }

  /**
   * A deleted hosting brought back for its member from its backup: a new hosting (new ports, the member's plan
   * now, the old disk size at least) whose creation restores the backup's disk instead of cloning the base and
   * boots it. The old machine's key, password and template come along, so the member logs in as before.
   */
  async recreateFromBackup(user: UserRecord, from: HostingRecord, backupId: string): Promise<Hosting> {
    if (await this.deps.stores.hostings.findActiveByUser(user.id))
      throw new ConflictError('This member has a hosting now; it must be deleted before the old one comes back.');
    const limits = await this.deps.memberPlans.limitsOf(user.id);
    const created = await insertHosting(this.deps.transaction, this.deps.pools, {
      userId: user.id,
      username: user.username,
      vcpus: limits.vcpus,
      memoryMb: limits.memoryMb,
      diskGb: Math.max(limits.diskGb, from.diskGb),
      networkMode: this.deps.networkMode,
      baseImage: from.baseImage,
      sshPublicKey: from.sshPublicKey,
      passwordHash: from.passwordHash,
      idempotencyKey: null,
      templateKey: from.templateKey,
      restoredFrom: backupId,
      createSteps: createStepNames(this.deps.plans.create, 'backup'),
    });
    this.deps.events.changed(user.id);
    this.deps.wakeWorker();
    return this.present(created);
  }

  async getHosting(user: UserRecord): Promise<Hosting> {
    return this.present(await this.requireHosting(user));
  }

  /** The user's hosting, or null: for the event stream, where "none" is a normal state. */
  async findHosting(user: UserRecord): Promise<Hosting | null> {
    const hosting = await this.deps.stores.hostings.findActiveByUser(user.id);
    return hosting ? this.present(hosting) : null;
  }

  /**
   * Deletes from any state. A job in flight (creation, start ...) is
   * cancelled: its worker notices at its next lease renewal, and the delete
   * job waits one lease before it starts so the two never overlap.
   */
  async deleteHosting(user: UserRecord): Promise<Hosting> {
    const hosting = await this.requireHosting(user);
    if (hosting.status === 'DELETING') return this.present(hosting);
    const { deleting, cancelled, deleteJob } = await this.deps.transaction(async ({ hostings, jobs }) => {
      const open = await jobs.findOpen(hosting.id);
      if (open) await jobs.cancel(open.id);
      const moved = await hostings.transition(hosting.id, hosting.status, 'DELETING', { error: null });
      if (!moved) throw new ConflictError('The hosting changed while deleting it; try again.');
      const steps = this.deps.plans.delete.steps.map((s) => s.name);
      await hostings.planSteps(hosting.id, 'delete', steps);
      // A job cancelled elsewhere stops at its next lease renewal: the delete waits one lease.
      const job = await jobs.enqueue(hosting.id, 'delete', open ? jobs.leaseMs : 0);
      return { deleting: moved, cancelled: open, deleteJob: job };
    });
    // The cancelled job ran here and has stopped now: the delete need not wait out its lease.
    if (cancelled && (await this.deps.abandonLocalJob(cancelled.id)))
      await this.deps.stores.jobs.releaseHold(deleteJob.id);
    this.deps.events.changed(user.id);
    this.deps.wakeWorker();
    return this.present(deleting);
  }

  /** Whether the user has a hosting that is not deleted (one being deleted counts). */
  async hasHosting(userId: string): Promise<boolean> {
    return (await this.deps.stores.hostings.findActiveByUser(userId)) !== undefined;
  }

  /** Deletes the user's hosting, if they have one, for their account's deletion. */
  async deleteHostingOf(user: UserRecord): Promise<void> {
    if (await this.hasHosting(user.id)) await this.deleteHosting(user);
  }

  /** `by`: who asks, the owner or an operator for them; a stop records it as why the hosting is off. */
  async performAction(user: UserRecord, action: HostingAction, by: 'member' | 'operator' = 'member'): Promise<Hosting> {
    const hosting = await this.requireHosting(user);
    const rule = ACTION_RULES[action];
    const machine = hosting.status === 'ERROR' && (await this.machineExists(hosting));
    if (!allowedActions(hosting, machine).includes(action)) {
      throw new ConflictError(
        hosting.status === 'ERROR'
          ? 'This hosting failed while being created; delete it and create a new one.'
          : `A hosting that is ${hosting.status} cannot ${action}; it must be ${rule.from.join(' or ')}.`,
      );
    }
    const updated = await this.deps.transaction(async ({ hostings, jobs }) => {
      if (await jobs.findOpen(hosting.id))
        throw new ConflictError('The hosting is busy with another action; wait for it to finish.');
      const moved =
        rule.to === hosting.status
          ? hosting
          : await hostings.transition(hosting.id, hosting.status, rule.to, {
              error: null,
              ...(action === 'stop' ? { stopCause: by } : {}),
            });
      if (!moved) throw new ConflictError('The hosting changed meanwhile; refresh and try again.');
      await hostings.planSteps(
        hosting.id,
        action,
        this.deps.plans[action].steps.map((s) => s.name),
      );
      await jobs.enqueue(hosting.id, action);
      return moved;
    });
    this.deps.events.changed(user.id);
    this.deps.wakeWorker();
    return this.present(updated);
  }

  /**
   * A machine exists when creation got past defining it and did not roll it back, and the reconciler has not
   * found it gone from the host since (that error is the one that is not safe to retry).
   */
  async machineExists(hosting: HostingRecord): Promise<boolean> {
    if (hosting.error && !hosting.error.retrySafe) return false;
    const steps = await this.deps.stores.hostings.listSteps(hosting.id, 'create');
    return steps.length > 0 && steps.every((step) => step.state === 'done');
  }

  private async requireHosting(user: UserRecord): Promise<HostingRecord> {
    const hosting = await this.deps.stores.hostings.findActiveByUser(user.id);
    if (!hosting) throw new NotFoundError('You have no hosting yet.');
    return hosting;
  }

  private async present(hosting: HostingRecord): Promise<Hosting> {
    const kind = (await this.deps.stores.jobs.latest(hosting.id))?.kind ?? 'create';
    const steps = await this.deps.stores.hostings.listSteps(hosting.id, kind);
    // Only ERROR needs to know whether a machine stands behind it; spare the query otherwise.
    const machine = hosting.status === 'ERROR' && (await this.machineExists(hosting));
    const https = this.deps.https && (await this.deps.https.ofSite(hosting.username));
    const site =
      https && this.deps.https
        ? { https, url: this.deps.https.urlOf(`${hosting.username}.${this.deps.address.baseDomain}`, https) }
        : undefined;
    return presentHosting(hosting, steps, this.deps.address, allowedActions(hosting, machine), site);
  }
}
