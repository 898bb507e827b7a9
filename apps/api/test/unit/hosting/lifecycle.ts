import { userRecord } from '../../support/factories.js';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HostingStatus } from '@hostbay/contract/hosting';
import { networkSettings, type NetworkSettings } from '../../../src/modules/hosting/hosting-context.js';
import { creationPools } from '../../../src/modules/hosting/hosting-creation.js';
import { HostingEvents } from '../../../src/modules/hosting/hosting-events.js';
import type { HostingStores } from '../../../src/modules/hosting/hosting.ports.js';
import { HostingReconciler } from '../../../src/modules/hosting/hosting-reconciler.js';
import { HostingScheduler } from '../../../src/modules/hosting/hosting-scheduler.js';
import { HostingSuspension } from '../../../src/modules/hosting/hosting-suspension.js';
import { HostingService } from '../../../src/modules/hosting/hosting.service.js';
import type { JobKind } from '../../../src/modules/hosting/hosting.types.js';
import { HostingWorker } from '../../../src/modules/hosting/hosting-worker.js';
import { jobPlans, type JobPlan } from '../../../src/modules/hosting/job-plans.js';
import { JobRunner } from '../../../src/modules/hosting/job-runner.js';
import type { PlanLimits } from '../../../src/modules/plans/plan.types.js';
import { SuspensionService } from '../../../src/modules/users/suspension.service.js';
import type { UserRecord } from '../../../src/modules/users/user.repository.js';
import type { BaseImageSpec } from '../../../src/modules/vm/vm.spec.js';
import type { FakeClock } from './fakes/clock.js';
import { DatabaseLink } from './fakes/database-link.js';
import { FakeProxy, FakeSiteProbe } from './fakes/fake-proxy.js';
import { withAllocationFaults, type AllocationMethod } from './fakes/allocation-faults.js';
import { Faults } from './fakes/faults.js';
import { FakeVm } from './fakes/fake-vm.js';
import { FakeDiskSnapshots } from './fakes/fake-disk-snapshots.js';
import { FakeDiskBackup } from './fakes/fake-disk-backup.js';
import { MemoryBackupRecords } from './fakes/memory-backup-records.js';
import { FakeVault } from './fakes/fake-vault.js';
import { BackupJobs } from '../../../src/modules/backups/backup-jobs.js';
import { BackupService } from '../../../src/modules/backups/backup.service.js';
import { MachineRecovery } from '../../../src/modules/backups/machine-recovery.js';
import type { BackupProgress } from '../../../src/modules/backups/backup.ports.js';
import type { NewAuditEntry } from '../../../src/modules/audit/audit.types.js';
import { MemorySnapshotStore } from './fakes/memory-snapshot-store.js';
import { SnapshotService } from '../../../src/modules/snapshots/snapshot.service.js';
import { MemoryDatabase, type HostingRow, type JobRow, type StepRow } from './fakes/memory-database.js';
import { memoryStores, memoryTransactor } from './fakes/memory-stores.js';
import { MemoryUsers } from './fakes/memory-users.js';
import { RecordingLogger } from './fakes/recording-logger.js';

export interface LifecycleSettings {
  leaseMs: number;
  stepTimeoutMs: number;
  guestTimeoutMs: number;
  abortGraceMs: number;
  /** How often workers look for claimable jobs, in real time. */
  pollMs: number;
  capacity: number;
  networkMode: 'user' | 'bridge';
  sshForward: 'stream' | 'direct';
  /** How many public SSH ports there are: the capacity, unless a test wants that pool to run out first. */
  publicSshPorts: number;
  /** Backups on (HOSTBAY_BACKUP_SCHEDULE set): a delete keeps the last state. Off by default. */
  backups: boolean;
  /** Hostings backed up at once in a round. */
  backupConcurrency: number;
}

const DEFAULTS: Omit<LifecycleSettings, 'publicSshPorts'> = {
  // Long enough that no lease runs out (nor is renewed) during a test, unless the test moves the clock on.
  leaseMs: 5000,
  stepTimeoutMs: 2000,
  guestTimeoutMs: 2000,
  abortGraceMs: 20,
  pollMs: 5,
  capacity: 4,
  networkMode: 'user',
  sshForward: 'stream',
  backups: false,
  backupConcurrency: 1,
};

export interface LifecycleOptions extends Partial<LifecycleSettings> {
  /** Wraps each process's stores, plain and in transactions, as compose-hosting's `faults.stores` seam does. */
  stores?: (stores: HostingStores) => HostingStores;
}

/** One Hostbay process: its own worker and services over the shared database, VMs and edge. */
export interface HostbayProcess {
  link: DatabaseLink;
  stores: HostingStores;
  plans: Record<JobKind, JobPlan>;
  runner: JobRunner;
  worker: HostingWorker;
  service: HostingService;
  snapshots: SnapshotService;
  backups: BackupService;
  recovery: MachineRecovery;
  reconciler: HostingReconciler;
  /** Suspending and unsuspending members, over this process's HostingSuspension. */
  suspensions: SuspensionService;
  /** Shuts down as Hostbay does: jobs in flight are left where they are for the next start. */
  stop(): Promise<void>;
  /** Dies where it is: its database link is cut, so it records nothing more and its claims stay until they expire. */
  kill(): Promise<void>;
}

export const BASE_IMAGE: BaseImageSpec = { disk: '/images/base.qcow2', installsWebServer: false };
export const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop';
/** The default plan: what a member without a plan of their own gets. */
export const DEFAULT_LIMITS: PlanLimits = { vcpus: 1, memoryMb: 512, diskGb: 2, snapshots: 2 };
/** A well-formed sha512-crypt hash, as `openssl passwd -6` writes them. */
const PASSWORD_HASH = `$6$saltsalt$${'a'.repeat(86)}`;

/**
 * The hosting lifecycle wired as compose-hosting.ts wires it (JobRunner,
 * HostingWorker, HostingService, HostingReconciler, HostingScheduler, the
 * plans and the creation pools), over in-memory fakes of its ports. Several
 * processes can share one database, VM layer and edge.
 */
export class Lifecycle {
  /** Every call to the outside (`vm.cloneDisk`, `proxy.addProxyRule`, `allocations.releaseAll` ...), in order. */
  readonly journal: string[] = [];
  readonly db = new MemoryDatabase();
  readonly vm = new FakeVm(this.journal);
  /**
   * The template new hostings are made from, when a test makes one ready (TemplateKeeper's part); the shapes
   * creations asked for, in order.
   */
  readyTemplate: { key: string; disk: string } | undefined;
  readonly askedShapes: { vcpus: number; memoryMb: number; diskGb: number }[] = [];
  readonly disks = new FakeDiskSnapshots(this.vm, this.journal);
  /** Backups' records and disks, shared by every process as the database and the vault would be. */
  readonly backupRecords = new MemoryBackupRecords(() => this.db.tables.hostings);
  readonly backupDisk = new FakeDiskBackup(this.vm, this.backupRecords, this.journal);
  readonly vault = new FakeVault();
  readonly backupProgress = new Map<string, BackupProgress>();
  /** What Hostbay recorded of its own doing (backup rounds, machines brought back), in order. */
  readonly auditEntries: NewAuditEntry[] = [];
  private readonly audit = { record: async (entry: NewAuditEntry) => void this.auditEntries.push(entry) };
  /** Members' snapshots, shared by every process as the database would be. */
  readonly snapshotRows = new MemorySnapshotStore();
  readonly proxy = new FakeProxy(this.journal);
  readonly probe = new FakeSiteProbe(this.proxy, this.vm, this.journal);
  /** Faults on the allocation store, as the lifecycle reaches it (the allocate step and its undo, and insertHosting). */
  readonly allocationFaults = new Faults<AllocationMethod>('allocations', this.journal);
  readonly events = new HostingEvents();
  /** The accounts newUser made: suspensions read and change their status. */
  readonly users = new MemoryUsers();
  readonly log = new RecordingLogger();
  readonly network: NetworkSettings = networkSettings({
    bridge: { network: 'hostbay0', cidr: { address: '10.77.0.0', prefix: 24 } },
    sshListenHost: '127.0.0.1',
    publicAddress: { baseDomain: 'localhost', scheme: 'http', port: 8080 },
  });
  readonly processes: HostbayProcess[] = [];
  /** Members' plans, by user id (what an admin assigned); the others are on DEFAULT_LIMITS. */
  readonly memberPlans = new Map<string, PlanLimits>();
  #users = 0;

  private readonly wrapStores: (stores: HostingStores) => HostingStores;

  private constructor(
    readonly settings: LifecycleSettings,
    wrap: (stores: HostingStores) => HostingStores,
  ) {
    this.wrapStores = (stores) => wrap(withAllocationFaults(stores, this.allocationFaults));
  }

  static async start(options: LifecycleOptions = {}): Promise<Lifecycle> {
    const { stores = (s: HostingStores) => s, ...overrides } = options;
    const capacity = overrides.capacity ?? DEFAULTS.capacity;
    const lifecycle = new Lifecycle({ ...DEFAULTS, publicSshPorts: capacity, ...overrides }, stores);
    await lifecycle.spawn();
    return lifecycle;
  }

  get main(): HostbayProcess {
    const first = this.processes[0];
    if (!first) throw new Error('no process started');
    return first;
  }

  get service(): HostingService {
    return this.main.service;
  }

  get clock(): FakeClock {
    return this.db.clock;
  }

  /** Another process on the same database and host: a second node, or Hostbay started again. */
  async spawn(): Promise<HostbayProcess> {
    const { settings } = this;
    const link = new DatabaseLink();
    const stores = link.stores(this.wrapStores(memoryStores(this.db, settings.leaseMs)));
    const transaction = link.transactor(memoryTransactor(this.db, settings.leaseMs, this.wrapStores));
    const plans = jobPlans({
      vm: this.vm,
      proxy: this.proxy,
      probe: this.probe,
      network: this.network,
      allocations: stores.allocations,
      hostings: stores.hostings,
      memberPlans: this.planLookup,
      shutdownTimeoutMs: 1000,
      guestWatchMs: 5,
      snapshots: { disks: this.disks, records: this.snapshotRows },
      backups: this.backupJobs,
    });
    const { leaseMs, stepTimeoutMs, guestTimeoutMs, abortGraceMs } = settings;
    const runner = new JobRunner(
      stores.hostings,
      stores.jobs,
      plans,
      this.events,
      { leaseMs, stepTimeoutMs, guestTimeoutMs, abortGraceMs },
      this.log,
    );
    const worker = new HostingWorker(
      stores.jobs,
      runner,
      { leaseMs, concurrency: 16, pollMs: settings.pollMs },
      this.log,
    );
    const range = (first: number, size: number) => ({ first, last: first + size - 1 });
    let passwords = 0;
    const service = new HostingService({
      stores,
      transaction,
      plans,
      events: this.events,
      pools: creationPools({
        capacity: settings.capacity,
        networkMode: settings.networkMode,
        sshDirect: settings.sshForward === 'direct',
        publicSshPorts: range(22000, settings.publicSshPorts),
        webPorts: range(30000, settings.capacity),
        vmSshPorts: range(31000, settings.capacity),
        bridgeCidr: { address: '10.77.0.0', prefix: 24 },
      }),
      memberPlans: this.planLookup,
      hostResources: () => this.vm.hostResources(),
      networkMode: settings.networkMode,
      address: { baseDomain: 'localhost', scheme: 'http', port: 8080 },
      baseImages: { resolve: async () => BASE_IMAGE },
      templates: {
        readyFor: async (shape) => {
          this.askedShapes.push({ vcpus: shape.vcpus, memoryMb: shape.memoryMb, diskGb: shape.diskGb });
          return this.readyTemplate;
        },
      },
      credentials: { generatePassword: () => `password-${++passwords}`, hashPassword: async () => PASSWORD_HASH },
      wakeWorker: () => worker.wake(),
      abandonLocalJob: (jobId) => worker.abandon(jobId),
    });
    const snapshotStores = { hostings: stores.hostings, jobs: stores.jobs, snapshots: this.snapshotRows };
    const snapshots = new SnapshotService({
      stores: snapshotStores,
      // One event loop and no await between the check and the write that matter here: the stores as they are.
      transaction: (work) => work(snapshotStores),
      memberPlans: this.planLookup,
      disks: this.disks,
      restoreSteps: plans.restore.steps.map((step) => step.name),
      machineExists: (hosting) => service.machineExists(hosting),
      present: (user) => service.getHosting(user),
      events: this.events,
      wakeWorker: () => worker.wake(),
    });
    const backups = new BackupService({
      settings: {
        enabled: settings.backups,
        schedule: settings.backups ? '0 3 * * *' : undefined,
        repositoryLabel: '/nas/hostbay',
        keep: { daily: 7, weekly: 4, monthly: 0 },
        concurrency: settings.backupConcurrency,
        graceSeconds: 7 * 86400,
      },
      vault: this.vault,
      records: this.backupRecords,
      hostings: stores.hostings,
      jobs: stores.jobs,
      transaction,
      wakeWorker: () => worker.wake(),
      nextRun: () => undefined,
      log: this.log,
      pollMs: 2,
      progress: this.backupProgress,
      audit: this.audit,
      controlPlane: { write: async () => '/scratch/hostbay-control.tar.gz', remove: async () => undefined },
    });
    const recovery = new MachineRecovery({
      hostings: stores.hostings,
      jobs: stores.jobs,
      transaction,
      vm: this.vm,
      disks: this.backupDisk,
      records: this.backupRecords,
      recoverSteps: plans.recover.steps.map((step) => step.name),
      wakeWorker: () => worker.wake(),
      log: this.log,
      audit: this.audit,
    });
    const suspension = new HostingSuspension({
      stores,
      transaction,
      plans,
      proxy: this.proxy,
      network: this.network,
      events: this.events,
      log: this.log,
      wakeWorker: () => worker.wake(),
      suspendedUserIds: () => this.users.listIdsByStatus('suspended'),
    });
    const reconciler = new HostingReconciler(
      stores.hostings,
      stores.jobs,
      this.vm,
      this.proxy,
      this.events,
      this.log,
      this.network,
      suspension,
      this.audit,
    );
    const scheduler = new HostingScheduler({
      hostings: stores.hostings,
      worker,
      reconciler,
      proxy: this.proxy,
      log: this.log,
      // The periodic loops stay out of the way: tests call the reconciler when they mean to.
      settings: { sshForward: settings.sshForward, statusSyncIntervalMs: 3_600_000, reconcileIntervalMs: 3_600_000 },
    });
    await scheduler.checkSettings();
    await scheduler.start();
    const hostbay: HostbayProcess = {
      link,
      stores,
      plans,
      runner,
      worker,
      service,
      snapshots,
      backups,
      recovery,
      reconciler,
      suspensions: new SuspensionService({ users: this.users, hostings: suspension, log: this.log }),
      stop: () => scheduler.stop(),
      kill: async () => {
        link.cut();
        await scheduler.stop();
      },
    };
    this.processes.push(hostbay);
    return hostbay;
  }

  get backupJobs(): BackupJobs {
    return new BackupJobs({
      enabled: this.settings.backups,
      disk: this.backupDisk,
      records: this.backupRecords,
      log: this.log,
    });
  }

  private get planLookup() {
    return { limitsOf: async (userId: string) => this.memberPlans.get(userId) ?? DEFAULT_LIMITS };
  }

  newUser(username = `user${++this.#users}`): UserRecord {
    const now = new Date().toISOString();
    return this.users.add(userRecord({ id: randomUUID(), username, createdAt: now, updatedAt: now }));
  }

  /** The user's newest hosting row, deleted ones included. */
  rowOf(user: Pick<UserRecord, 'id'>): HostingRow | undefined {
    return this.db.tables.hostings.filter((h) => h.userId === user.id).at(-1);
  }

  steps(hostingId: string, kind: JobKind): StepRow[] {
    return this.db.tables.steps
      .filter((s) => s.hostingId === hostingId && s.jobKind === kind)
      .sort((a, b) => a.position - b.position);
  }

  jobs(hostingId: string): JobRow[] {
    return this.db.tables.jobs.filter((j) => j.hostingId === hostingId);
  }

  /** Polls (every 2 ms) until the user's hosting is in one of `statuses`. */
  async waitForStatus(
    user: Pick<UserRecord, 'id'>,
    statuses: HostingStatus | readonly HostingStatus[],
    timeoutMs = 2000,
  ): Promise<HostingRow> {
    const wanted: readonly HostingStatus[] = typeof statuses === 'string' ? [statuses] : statuses;
    return this.waitFor(`status ${wanted.join('/')}`, timeoutMs, () => {
      const row = this.rowOf(user);
      return row && wanted.includes(row.status) ? row : undefined;
    });
  }

  /** Polls (every 2 ms) until `probe` returns something. */
  async waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) {
        const rows = this.db.tables.hostings.map((h) => `${h.username}: ${h.status}`);
        throw new Error(`waited ${timeoutMs} ms for ${what}; hostings: ${rows.join(', ') || 'none'}`);
      }
      await sleep(2);
    }
  }

  async stop(): Promise<void> {
    for (const hostbay of this.processes) await hostbay.stop();
  }
}
