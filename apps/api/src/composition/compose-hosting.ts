import type { FastifyBaseLogger } from 'fastify';
import { NoCloudSeedBuilder } from '../adapters/cloud-init/nocloud-seed-builder.js';
import { OpensslPasswordHasher } from '../adapters/openssl/openssl-password-hasher.js';
import type { ProcessRunner } from '../adapters/process/process-runner.js';
import type { Config } from '../config/config.js';
import type { DatabaseHandle } from '../db/database.js';
import { createTransactor } from '../db/transaction.js';
import { AllocationRepository } from '../modules/hosting/allocation.repository.js';
import { generatePassword } from '../modules/users/generated-password.js';
import { networkSettings } from '../modules/hosting/hosting-context.js';
import { creationPools } from '../modules/hosting/hosting-creation.js';
import { HostingEvents } from '../modules/hosting/hosting-events.js';
import type {
  BaseImageSource,
  MemberPlans,
  ProxyPort,
  HostingStores,
  SiteProbe,
  VmPort,
} from '../modules/hosting/hosting.ports.js';
import { HostingReconciler } from '../modules/hosting/hosting-reconciler.js';
import { HostingRepository } from '../modules/hosting/hosting.repository.js';
import { HostingScheduler } from '../modules/hosting/hosting-scheduler.js';
import { HostingSuspension } from '../modules/hosting/hosting-suspension.js';
import { HostingService } from '../modules/hosting/hosting.service.js';
import { HostingWorker } from '../modules/hosting/hosting-worker.js';
import { jobPlans } from '../modules/hosting/job-plans.js';
import { JobRunner } from '../modules/hosting/job-runner.js';
import { JobRepository } from '../modules/hosting/job.repository.js';
import { DirectSiteProbe, EdgeSiteProbe } from '../modules/hosting/site-probe.js';
import type { GuestAgent, Hypervisor, VmStorage } from '../modules/vm/vm.ports.js';
import type { VmService } from '../modules/vm/vm.service.js';
import { TemplateBuilder } from '../modules/vm/template-builder.js';
import { TemplateKeeper } from '../modules/hosting/template-keeper.js';
import type { ProxyService } from '../modules/proxy/proxy.service.js';
import { UserRepository } from '../modules/users/user.repository.js';
import { composeProxyService } from './compose-edge.js';
import { composeMachines } from './compose-machines.js';
import { composeTls, prepareTlsFiles, type TlsRuntime } from './compose-tls.js';
import { composeSnapshots } from './compose-snapshots.js';
import { backupParts, composeBackups } from './compose-backups.js';
import { composeInsight } from './compose-insight.js';
import type { LatestUsageSource } from '../modules/insight/usage.types.js';
import { MachineRecovery } from '../modules/backups/machine-recovery.js';
import type { AuditLog } from '../modules/audit/audit-log.js';
import { DiskSnapshots } from '../modules/vm/disk-snapshots.js';
import { SnapshotRepository } from '../modules/snapshots/snapshot.repository.js';
import type { BackupService } from '../modules/backups/backup.service.js';
import type { EdgeReloadObserver, JobObserver } from '../modules/metrics/metrics.ports.js';
import type { SerialSocketLines } from '../adapters/qemu/serial-socket-lines.js';

/** Where tests reach in: stand-ins for the guest image and the site probe, and ports wrapped to inject faults. */
export interface HostingSeams {
  baseImages?: BaseImageSource;
  probe?: SiteProbe;
  /** A pool on another libvirt than HOSTBAY_LIBVIRT_URI (the test driver cannot upload volumes). */
  storage?: VmStorage;
  workerConcurrency?: number;
  /** Where serial lines' sockets go, for a libvirt that is not this host's (the test driver: a test listens there). */
  consoleSocketDir?: string;
  /** Each port as the lifecycle reaches it, wrapped: a fault injected here is the outside world failing. */
  faults?: {
    vm?: (port: VmPort) => VmPort;
    proxy?: (port: ProxyPort) => ProxyPort;
    probe?: (port: SiteProbe) => SiteProbe;
    stores?: (stores: HostingStores) => HostingStores;
  };
}

export interface HostingRuntime {
  service: HostingService;
  events: HostingEvents;
  worker: HostingWorker;
  reconciler: HostingReconciler;
  scheduler: HostingScheduler;
  stores: HostingStores;
  vm: VmService;
  /** The domains' libvirt, for tests that read a definition back. */
  hypervisor: Hypervisor;
  storage: VmStorage;
  proxy: ProxyService;
  /** Holds suspended members' hostings and releases them (SuspensionService and the reconciler use it). */
  suspension: HostingSuspension;
  /** Instant hostings' templates, where they are supported (see instantParts). */
  templates?: TemplateKeeper;
  /** Certificates, members' domains, HTTPS status. */
  tls: TlsRuntime;
  /** Backups of every hosting's disk, their schedule and the deleted hostings they bring back. */
  backups: BackupService;
  /** Guests' agents (console passwords, sizes); absent with a distro cloud image. */
  agent: GuestAgent | undefined;
  /** The machines' serial lines, for members' browser consoles. */
  serialLines: SerialSocketLines;
  /** The resource sampler's latest round (/metrics); absent with HOSTBAY_SAMPLE_INTERVAL=off. */
  usage?: LatestUsageSource;
}

/** What a caller does at points of the start, e.g. hand the public port over to the edge. */
export interface StartHooks {
  beforeEdge?: () => Promise<void>;
}

/** The hosting lifecycle over its adapters: libvirt (domains, storage), nginx (the edge), the database's stores. */
export async function composeHosting(
  config: Config,
  database: DatabaseHandle,
  runner: ProcessRunner,
  log: FastifyBaseLogger,
  seams: HostingSeams,
  memberPlans: MemberPlans,
  /** What Hostbay does by itself (backup rounds, machines brought back) is recorded here. */
  audit?: Pick<AuditLog, 'record'>,
  /** Told of every job step and edge reload (/metrics); absent with HOSTBAY_METRICS=off. */
  metrics?: JobObserver & EdgeReloadObserver,
) {
  const { server, vm: vmConfig, hosting: hostingConfig } = config;
  const faults = seams.faults ?? {};
  const machines = composeMachines(config, runner, seams);
  const { virsh, storage, baseImages, virtType, hypervisor, instant, serialLines, vm, agent } = machines;
  const tlsFiles = await prepareTlsFiles(config, runner);
  const proxy = await composeProxyService(
    {
      edge: config.edge,
      publicPort: server.port,
      publicHost: server.host,
      dataDir: server.dataDir,
      baseDomain: server.baseDomain,
      apiBodyLimit: server.bodyLimit,
      tls: tlsFiles.edge,
    },
    runner,
    { logger: log, reloads: metrics },
  );

  const bind = (db: typeof database.db): HostingStores => {
    const stores = {
      hostings: new HostingRepository(db),
      jobs: new JobRepository(db, database.dialect, hostingConfig.jobLeaseMs),
      allocations: new AllocationRepository(db),
    };
    return faults.stores ? faults.stores(stores) : stores;
  };
  const stores = bind(database.db);
  const transaction = createTransactor(database.db, bind);
  const events = new HostingEvents();
  const vmPort = faults.vm ? faults.vm(vm) : vm;
  const proxyPort = faults.proxy ? faults.proxy(proxy) : proxy;
  const address = {
    baseDomain: server.baseDomain,
    scheme: hostingConfig.publicScheme,
    port: hostingConfig.publicPort ?? server.port,
  };
  const network = networkSettings({
    bridge: vmConfig.bridge,
    sshListenHost: config.edge.sshListenHost,
    publicAddress: address,
  });
  const probe =
    seams.probe ??
    (config.edge.mode !== 'off'
      ? new EdgeSiteProbe({
          host: '127.0.0.1',
          port: server.port,
          baseDomain: server.baseDomain,
          ...(tlsFiles.edge ? { tlsPort: tlsFiles.edge.port } : {}),
        })
      : new DirectSiteProbe());
  const disks = new DiskSnapshots({ hypervisor, storage, ...(agent ? { agent } : {}) });
  const backups = await backupParts(config, database, runner, { disks, storage, log });
  const plans = jobPlans({
    vm: vmPort,
    proxy: proxyPort,
    probe: faults.probe ? faults.probe(probe) : probe,
    network,
    allocations: stores.allocations,
    hostings: stores.hostings,
    memberPlans,
    shutdownTimeoutMs: vmConfig.shutdownTimeoutSeconds * 1000,
    guestWatchMs: 2000,
    snapshots: { disks, records: new SnapshotRepository(database.db) },
    backups: backups.jobs,
  });
  const jobRunner = new JobRunner(
    stores.hostings,
    stores.jobs,
    plans,
    events,
    {
      leaseMs: hostingConfig.jobLeaseMs,
      stepTimeoutMs: hostingConfig.stepTimeoutMs,
      guestTimeoutMs: vmConfig.readyTimeoutSeconds * 1000,
    },
    log,
    metrics,
  );
  const worker = new HostingWorker(
    stores.jobs,
    jobRunner,
    { leaseMs: hostingConfig.jobLeaseMs, concurrency: seams.workerConcurrency ?? 16, pollMs: 1000 },
    log,
  );
  const passwords = new OpensslPasswordHasher(runner);
  const keeper =
    instant &&
    new TemplateKeeper({
      builder: new TemplateBuilder({
        ...instant.parts,
        storage,
        seeds: new NoCloudSeedBuilder(runner),
        bases: vm.bases,
        virtType,
        installationId: server.installationId,
      }),
      templates: instant.parts.templates,
      baseImages,
      virtType: () => virtType.resolve(),
      defaultShape: vmConfig.limits,
      buildTimeoutMs: vmConfig.readyTimeoutSeconds * 1000,
      retryAfterMs: 10 * 60_000,
      log,
    });
  let keeperTick: NodeJS.Timeout | undefined;
  let unsubscribeTls: (() => void) | undefined;
  const tls = composeTls(config, database, runner, {
    files: tlsFiles,
    proxy,
    hostings: new HostingRepository(database.db),
    log,
  });
  const service = new HostingService({
    stores,
    transaction,
    plans,
    events,
    pools: creationPools({
      capacity: hostingConfig.capacity,
      networkMode: vmConfig.networkMode,
      sshDirect: config.edge.sshForward === 'direct',
      publicSshPorts: hostingConfig.publicSshPorts,
      webPorts: vmConfig.webPorts,
      vmSshPorts: vmConfig.sshPorts,
      bridgeCidr: vmConfig.bridge.cidr,
    }),
    memberPlans,
    hostResources: () => vmPort.hostResources(),
    networkMode: vmConfig.networkMode,
    address,
    baseImages,
    ...(keeper ? { templates: keeper } : {}),
    credentials: { generatePassword, hashPassword: (password) => passwords.hash(password) },
    https: tls.status,
    wakeWorker: () => worker.wake(),
    abandonLocalJob: (jobId) => worker.abandon(jobId),
  });
  const snapshots = composeSnapshots({
    database,
    stores,
    leaseMs: hostingConfig.jobLeaseMs,
    restorePlan: plans.restore,
    disks,
    memberPlans,
    hostings: service,
    events,
    wakeWorker: () => worker.wake(),
  });
  const backupRuntime = composeBackups(config, backups, {
    hostings: stores.hostings,
    jobs: stores.jobs,
    transaction,
    wakeWorker: () => worker.wake(),
    log,
    database,
    runner,
    ...(audit ? { audit } : {}),
  });
  const users = new UserRepository(database.db);
  const suspension = new HostingSuspension({
    stores,
    transaction,
    plans,
    proxy: proxyPort,
    network,
    events,
    log,
    wakeWorker: () => worker.wake(),
    suspendedUserIds: () => users.listIdsByStatus('suspended'),
  });
  const reconciler = new HostingReconciler(
    stores.hostings,
    stores.jobs,
    vmPort,
    proxyPort,
    events,
    log,
    network,
    suspension,
    audit,
  );
  const scheduler = new HostingScheduler({
    hostings: stores.hostings,
    worker,
    reconciler,
    proxy: proxyPort,
    log,
    settings: {
      sshForward: config.edge.sshForward,
      statusSyncIntervalMs: hostingConfig.statusSyncIntervalMs,
      reconcileIntervalMs: hostingConfig.reconcileIntervalMs,
    },
  });
  const insight = composeInsight(config, database, log, virsh);
  const runtime: HostingRuntime = {
    service,
    events,
    worker,
    reconciler,
    scheduler,
    stores,
    vm,
    hypervisor,
    storage,
    proxy,
    suspension,
    ...(keeper ? { templates: keeper } : {}),
    tls,
    backups: backupRuntime.service,
    agent,
    serialLines,
    ...(insight.sampler ? { usage: insight.sampler } : {}),
  };
  return {
    runtime,
    insight,
    service,
    snapshots,
    events,
    /** `beforeEdge` frees the public port (e.g. `up`'s set-up page) just before the edge listens on it. */
    async start(hooks: StartHooks = {}) {
      // Probe KVM once at start (up to 10 s where it hangs), not inside the first user's creation.
      const type = await virtType.resolve();
      log.info({ virtType: type }, type === 'kvm' ? 'guests run under KVM' : 'guests run under QEMU emulation (TCG)');
      // The storage pool, and in bridge mode the libvirt network the VMs join.
      await vm.prepareHost();
      await serialLines.prepare();
      // Before the reconciler's first look, which would call a missing machine gone (a restore onto a fresh host).
      await new MachineRecovery({
        hostings: stores.hostings,
        jobs: stores.jobs,
        transaction,
        vm: vmPort,
        disks: backups.jobs,
        records: backups.records,
        recoverSteps: plans.recover.steps.map((step) => step.name),
        wakeWorker: () => worker.wake(),
        log,
        ...(audit ? { audit } : {}),
      }).recoverMissing();
      // Before the edge renders anything: a stream over direct hostings' ports would fail every reload.
      await scheduler.checkSettings();
      await hooks.beforeEdge?.();
      await proxy.start();
      await scheduler.start();
      // After the edge runs and has the database's routes: the keeper's names join them.
      await tls.start();
      await backupRuntime.start();
      insight.start();
      unsubscribeTls = events.subscribeAll(() => void tls.keeper.kick());
      // The default plan's template, then any other wanted one, in the background; looked at again every minute.
      if (keeper) {
        keeper.kick();
        keeperTick = setInterval(() => keeper.kick(), 60_000);
        keeperTick.unref();
      }
    },
    async stop() {
      backupRuntime.stop();
      clearInterval(keeperTick);
      await keeper?.stop();
      unsubscribeTls?.();
      await tls.stop();
      await scheduler.stop();
      await proxy.stop();
      await insight.stop();
      await machines.close();
    },
  };
}
