import type { HostingStatus } from '@hostbay/contract/hosting';
import type { JobStepName } from '@hostbay/contract/step-names';
import { routeOf, vmSpecOf, type NetworkSettings } from './hosting-context.js';
import type { HostingRecord, JobKind, JobPayload } from './hosting.types.js';
import { MemberSafeError } from '../../errors.js';
import { VmNotFoundError } from '../vm/vm.errors.js';
import { domainName } from '../vm/vm-names.js';
import type { AllocationStore, HostingStore, MemberPlans, ProxyPort, SiteProbe, VmPort } from './hosting.ports.js';
import { exceedsHost, resourcesFor, sameResources } from './plan-fit.js';
import { removeSnapshotsOf, restoreDiskStep, snapshotJob, type SnapshotJobDeps } from './snapshot-jobs.js';
import { backupJob, finalBackupStep, recoverDiskStep, restoreBackupStep, type BackupJobPort } from './backup-jobs.js';

export interface StepContext {
  hosting: HostingRecord;
  /** What the job works on beyond the hosting (the snapshot a restore puts back), or null. */
  payload: JobPayload | null;
  /** Aborted when the step times out or the worker loses its claim on the job. */
  signal: AbortSignal;
  timeoutMs: number;
}

/** One durable step: safe to run again after a crash, and paired with its undo. */
export interface StepDefinition {
  /** From the contract's list, so that the dashboard has a label for every step. */
  name: JobStepName;
  /** Which timeout applies; `guest` steps wait for a booting VM and get the long one. */
  timeout: 'step' | 'guest';
  run(ctx: StepContext): Promise<Record<string, unknown> | void>;
  undo?(ctx: StepContext, created: Record<string, unknown> | null): Promise<void>;
}

export interface JobPlan {
  kind: JobKind;
  steps: readonly StepDefinition[];
  /**
   * The status the hosting has while the job runs, and where it goes when it succeeds. null: the job
   * leaves the status as it is (a snapshot is taken of a running or a stopped machine alike).
   */
  during: HostingStatus | null;
  succeeded: HostingStatus | null;
  /**
   * Called once when the job fails for good. A job that leaves the status alone records its failure here
   * (on the snapshot) instead of putting the hosting in ERROR: the machine is as it was.
   */
  failed?(hosting: HostingRecord, payload: JobPayload | null, memberMessage: string): Promise<void>;
  /** Creation undoes its finished steps on failure; other jobs leave things as they are and report. */
  rollbackOnFailure: boolean;
  /** Jobs that do not roll back are retried (after their lease runs out) up to this many attempts. */
  maxAttempts: number;
}

export interface PlanDependencies {
  vm: VmPort;
  proxy: ProxyPort;
  probe: SiteProbe;
  network: NetworkSettings;
  allocations: AllocationStore;
  /** Where a start records the resources the machine got from the member's plan. */
  hostings: Pick<HostingStore, 'setResources'>;
  memberPlans: MemberPlans;
  shutdownTimeoutMs: number;
  /** How often wait_guest checks that the booting machine is still running. */
  guestWatchMs: number;
  /** Snapshots of the disk: taken by the snapshot job, put back by the restore job. */
  snapshots: SnapshotJobDeps;
  /** Backups of the disk: taken by the backup job and before a delete, restored into a hosting brought back. */
  backups: BackupJobPort;
}

/** The lifecycle's plans, by job kind. Step names are what the API and the dashboard show. */
export function jobPlans(deps: PlanDependencies): Record<JobKind, JobPlan> {
  const spec = (ctx: StepContext) => vmSpecOf(ctx.hosting, deps.network);
  const id = (ctx: StepContext) => ctx.hosting.id;

  const waitGuest: StepDefinition = {
    name: 'wait_guest',
    timeout: 'guest',
    run: async (ctx) => {
      // A guest that powers off or crashes while booting fails the step at once, not at the timeout.
      const watch = new AbortController();
      const signal = AbortSignal.any([ctx.signal, watch.signal]);
      const watcher = (async () => {
        while (!signal.aborted) {
          await new Promise((resolve) => setTimeout(resolve, deps.guestWatchMs));
          const state = await deps.vm.getVmState(id(ctx));
          if (!signal.aborted && state !== 'running')
            throw new MemberSafeError(`the machine is ${state} instead of booting`);
        }
        // Timed out, cancelled or shutting down: the wait did not succeed, even if the readiness check (whose
        // HTTP and SSH attempts run to their own end) has not returned yet.
        throw signal.reason instanceof Error
          ? signal.reason
          : new MemberSafeError('the wait for the machine was stopped');
      })();
      try {
        await Promise.race([
          // Every half second: a start that resumed saved memory answers within a second or two.
          deps.vm.waitForVmReady(deps.vm.endpoints(spec(ctx)), { timeoutMs: ctx.timeoutMs, signal, intervalMs: 500 }),
          watcher,
        ]);
      } finally {
        watch.abort();
        await watcher.catch(() => undefined);
      }
    },
  };
  /** Stopping what is already gone is done: steps must be safe to repeat. */
  const stopIfPresent = async (ctx: StepContext, timeoutMs: number) => {
    try {
      await deps.vm.stopVm(id(ctx), { timeoutMs });
    } catch (error) {
      if (!(error instanceof VmNotFoundError)) throw error;
    }
  };
  const startIfStopped = async (ctx: StepContext) => {
    if ((await deps.vm.getVmState(id(ctx))) !== 'running') await deps.vm.startVm(id(ctx));
  };
  /**
   * Before a start: when the member's plan changed, the stopped machine is
   * redefined with the plan's vCPUs and memory and its disk grown (never
   * shrunk), and the hosting records what it has now. Safe to repeat: each
   * run compares the plan with the row, and growing a disk to its size is nothing.
   */
  const applyPlan: StepDefinition = {
    name: 'apply_plan',
    timeout: 'step',
    run: async (ctx) => {
      const { hosting } = ctx;
      const wanted = resourcesFor(hosting, await deps.memberPlans.limitsOf(hosting.userId));
      if (sameResources(hosting, wanted)) return { changed: false };
      // A plan this host cannot run is not applied: the machine starts as it was, rather than not at all.
      const refusal = exceedsHost(wanted, await deps.vm.hostResources());
      if (refusal) return { changed: false, kept: refusal };
      // Only a stopped machine is redefined; one already running keeps its definition until its next start.
      if ((await deps.vm.getVmState(id(ctx))) === 'running') return { changed: false };
      // The memory its stop saved belongs to the old machine: this start boots the new one.
      await deps.vm.discardSavedState(id(ctx));
      if (wanted.diskGb > hosting.diskGb) await deps.vm.growDisk(id(ctx), wanted.diskGb);
      await deps.vm.defineVm(vmSpecOf({ ...hosting, ...wanted }, deps.network));
      await deps.hostings.setResources(hosting.id, wanted);
      return { changed: true, vcpus: wanted.vcpus, memory_mb: wanted.memoryMb, disk_gb: wanted.diskGb };
    },
  };

  return {
    create: {
      kind: 'create',
      during: 'CREATING',
      succeeded: 'RUNNING',
      rollbackOnFailure: true,
      maxAttempts: 1,
      steps: [
        {
          // Addresses and ports are taken in the same transaction that creates the hosting (so an
          // exhausted pool is a 503 at once); this step records what the hosting holds and gives it back on rollback.
          name: 'allocate',
          timeout: 'step',
          run: async (ctx) => {
            const held = await deps.allocations.heldBy(id(ctx));
            return Object.fromEntries(held.map((allocation) => [allocation.kind, allocation.value]));
          },
          undo: (ctx) => deps.allocations.releaseAll(id(ctx)),
        },
        {
          name: 'write_seed',
          timeout: 'step',
          run: async (ctx) => {
            await deps.vm.writeSeed(spec(ctx));
            return { volume: deps.vm.volumes(id(ctx)).seed };
          },
          // The last VM undo: it removes the domain and every volume of the VM, whatever is left.
          undo: (ctx) => deps.vm.deleteVm(id(ctx)),
        },
        {
          name: 'clone_disk',
          timeout: 'step',
          run: async (ctx) => {
            await deps.vm.cloneDisk(spec(ctx));
            return { volume: deps.vm.volumes(id(ctx)).disk, base: ctx.hosting.baseImage.disk };
          },
          undo: (ctx) => deps.vm.removeDisk(id(ctx)),
        },
        { ...restoreBackupStep(deps.backups), undo: (ctx) => deps.vm.removeDisk(id(ctx)) },
        {
          name: 'define_vm',
          timeout: 'step',
          run: async (ctx) => {
            await deps.vm.defineVm(spec(ctx));
            return { domain: domainName(id(ctx)) };
          },
          undo: (ctx) => deps.vm.undefineVm(id(ctx)),
        },
        {
          name: 'start_vm',
          timeout: 'step',
          run: startIfStopped,
          undo: (ctx) => stopIfPresent(ctx, 0),
        },
        waitGuest,
        {
          name: 'restore_vm',
          timeout: 'step',
          run: async (ctx) => {
            await deps.vm.restoreVm(spec(ctx));
            return { template: ctx.hosting.templateKey };
          },
          undo: (ctx) => stopIfPresent(ctx, 0),
        },
        {
          name: 'personalise',
          timeout: 'step',
          run: (ctx) => deps.vm.personaliseVm(spec(ctx), { timeoutMs: ctx.timeoutMs, signal: ctx.signal }),
        },
        {
          name: 'add_proxy',
          timeout: 'step',
          run: async (ctx) => {
            await deps.proxy.addProxyRule(routeOf(ctx.hosting, deps.network));
            return { host: ctx.hosting.username, ssh_port: ctx.hosting.sshPort };
          },
          undo: (ctx) => deps.proxy.removeProxyRule(ctx.hosting.username),
        },
        {
          name: 'probe_site',
          timeout: 'step',
          // A suspended owner's site shows the edge's suspended page, not the guest: nothing to probe.
          run: async (ctx) => {
            if (ctx.hosting.suspendedFrom === null) await deps.probe.probe(ctx.hosting, ctx.signal);
          },
        },
      ],
    },
    delete: {
      kind: 'delete',
      during: 'DELETING',
      succeeded: 'DELETED',
      rollbackOnFailure: false,
      maxAttempts: 5,
      steps: [
        finalBackupStep(deps.backups),
        { name: 'remove_proxy', timeout: 'step', run: (ctx) => deps.proxy.removeProxyRule(ctx.hosting.username) },
        {
          name: 'stop_vm',
          timeout: 'step',
          run: (ctx) => stopIfPresent(ctx, Math.min(deps.shutdownTimeoutMs, 10_000)),
        },
        {
          name: 'delete_vm',
          timeout: 'step',
          run: async (ctx) => {
            await deps.vm.deleteVm(id(ctx));
            await removeSnapshotsOf(deps.snapshots, id(ctx));
          },
        },
        { name: 'release', timeout: 'step', run: (ctx) => deps.allocations.releaseAll(id(ctx)) },
      ],
    },
    start: {
      kind: 'start',
      during: 'STARTING',
      succeeded: 'RUNNING',
      rollbackOnFailure: false,
      maxAttempts: 1,
      steps: [applyPlan, { name: 'start_vm', timeout: 'step', run: startIfStopped }, waitGuest],
    },
    stop: {
      kind: 'stop',
      during: 'STOPPING',
      succeeded: 'STOPPED',
      rollbackOnFailure: false,
      maxAttempts: 1,
      steps: [
        {
          name: 'stop_vm',
          timeout: 'guest',
          // Its memory is kept for the next start when the guest lets it (VmService.stopVm): seconds, not a boot.
          run: (ctx) => deps.vm.stopVm(id(ctx), { timeoutMs: deps.shutdownTimeoutMs, saveState: true }),
        },
      ],
    },
    reboot: {
      kind: 'reboot',
      during: 'REBOOTING',
      succeeded: 'RUNNING',
      rollbackOnFailure: false,
      maxAttempts: 1,
      steps: [{ name: 'reboot_vm', timeout: 'step', run: (ctx) => deps.vm.rebootVm(id(ctx)) }, waitGuest],
    },
    snapshot: snapshotJob(deps.snapshots),
    backup: backupJob(deps.backups),
    recover: {
      kind: 'recover',
      during: 'RESTORING',
      succeeded: 'RUNNING',
      rollbackOnFailure: false,
      maxAttempts: 3,
      steps: [
        { name: 'write_seed', timeout: 'step', run: (ctx) => deps.vm.writeSeed(spec(ctx)) },
        recoverDiskStep(deps.backups),
        { name: 'define_vm', timeout: 'step', run: (ctx) => deps.vm.defineVm(spec(ctx)) },
        { name: 'start_vm', timeout: 'step', run: startIfStopped },
        waitGuest,
      ],
    },
    restore: {
      kind: 'restore',
      during: 'RESTORING',
      succeeded: 'RUNNING',
      rollbackOnFailure: false,
      // Every step is safe to repeat: the disk is copied again from the snapshot, which stays.
      maxAttempts: 3,
      steps: [
        // The disk is replaced: nothing of the running machine is worth a clean shutdown or saved memory.
        { name: 'stop_vm', timeout: 'step', run: (ctx) => stopIfPresent(ctx, 0) },
        restoreDiskStep(deps.snapshots),
        { name: 'start_vm', timeout: 'step', run: startIfStopped },
        waitGuest,
      ],
    },
  };
}

/**
 * The create steps a hosting plans: booted, or restored from a template and made its member's, or (brought back
 * from a backup) its disk restored from the backup and booted.
 */
export function createStepNames(plan: JobPlan, from: 'template' | 'boot' | 'backup'): JobStepName[] {
  const skips: Record<typeof from, readonly JobStepName[]> = {
    template: ['start_vm', 'wait_guest', 'restore_backup'],
    boot: ['restore_vm', 'personalise', 'restore_backup'],
    backup: ['clone_disk', 'restore_vm', 'personalise'],
  };
  const skipped = skips[from];
  return plan.steps.map((step) => step.name).filter((name) => !skipped.includes(name));
}
