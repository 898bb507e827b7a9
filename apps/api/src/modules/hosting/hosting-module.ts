import type { SshForward } from '../../config/edge.js';
import type { HostingConfig } from '../../config/hosting.js';
import type { DatabaseHandle } from '../../db/database.js';
import type { BaseImageSpec } from '../vm/vm-spec.js';
import { ipPool, portPool, releaseAll, type AllocationPool } from './allocator.js';
import type { CreationPools } from './hosting-creation.js';
import type { NetworkSettings } from './hosting-context.js';
import { HostingEvents } from './hosting-events.js';
import type { PublicAddress } from './hosting.presenter.js';
import { HostingReconciler, type OrphanFolders } from './hosting-reconciler.js';
import { HostingRepository } from './hosting.repository.js';
import { HostingService, type GuestCredentials } from './hosting.service.js';
import { HostingWorker } from './hosting-worker.js';
import { jobPlans } from './job-plans.js';
import { JobRunner, type JobLogger, type StepCheckpoint } from './job-runner.js';
import { JobRepository } from './job.repository.js';
import type { EdgePort, SiteProbe, VmPort } from './ports.js';
import { checkSshForwarding } from './ssh-forwarding.js';

export interface HostingModuleDeps {
  database: DatabaseHandle;
  config: HostingConfig;
  vmSettings: {
    networkMode: 'user' | 'bridge';
    webPorts: { first: number; last: number };
    sshPorts: { first: number; last: number };
    bridge: { network: string; cidr: { address: string; prefix: number } };
    limits: { vcpus: number; memoryMb: number; diskGb: number };
    shutdownTimeoutSeconds: number;
    readyTimeoutSeconds: number;
  };
  /** The resolved HOSTBAY_SSH_FORWARD and HOSTBAY_SSH_LISTEN_HOST. */
  ssh: { forward: SshForward; listenHost: string };
  address: PublicAddress;
  vm: VmPort;
  edge: EdgePort;
  probe: SiteProbe;
  folders: OrphanFolders;
  resolveBaseImage(): Promise<BaseImageSpec>;
  credentials: GuestCredentials;
  log: JobLogger;
  /** Tests: simulate a crash between steps. */
  checkpoint?: StepCheckpoint;
  workerConcurrency?: number;
}

export interface HostingModule {
  service: HostingService;
  events: HostingEvents;
  worker: HostingWorker;
  reconciler: HostingReconciler;
  hostings: HostingRepository;
  jobs: JobRepository;
  /** Throws a ConfigError when the SSH forward setting cannot serve the existing hostings; call before the edge starts. */
  checkSettings(): Promise<void>;
  /** Restores the edge from the database, then starts the worker and the periodic loops. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

function gatewayOf(cidr: { address: string; prefix: number }): string {
  const pool = ipPool(cidr.address, cidr.prefix);
  // The pool starts at .2: the address before it (.1) is the host's side of the bridge.
  const first = pool.valueAt(0).split('.').map(Number);
  first[3] = (first[3] ?? 2) - 1;
  return first.join('.');
}

/** Composes the hosting lifecycle from its adapters. */
export function createHostingModule(deps: HostingModuleDeps): HostingModule {
  const { db, dialect } = deps.database;
  const { vmSettings, config } = deps;
  const hostings = new HostingRepository(db);
  const jobs = new JobRepository(db, dialect, config.jobLeaseMs);
  const events = new HostingEvents();
  const network: NetworkSettings = {
    bridge: {
      network: vmSettings.bridge.network,
      prefix: vmSettings.bridge.cidr.prefix,
      gateway: gatewayOf(vmSettings.bridge.cidr),
    },
    sshListenHost: deps.ssh.listenHost,
  };
  const plans = jobPlans({
    vm: deps.vm,
    edge: deps.edge,
    probe: deps.probe,
    network,
    releaseAllocations: (id) => releaseAll(db, id),
    shutdownTimeoutMs: vmSettings.shutdownTimeoutSeconds * 1000,
    guestWatchMs: 2000,
  });
  const runner = new JobRunner(
    hostings,
    jobs,
    plans,
    events,
    {
      leaseMs: config.jobLeaseMs,
      stepTimeoutMs: config.stepTimeoutMs,
      guestTimeoutMs: vmSettings.readyTimeoutSeconds * 1000,
    },
    deps.log,
    deps.checkpoint,
  );
  const worker = new HostingWorker(
    jobs,
    runner,
    { leaseMs: config.jobLeaseMs, concurrency: deps.workerConcurrency ?? 16, pollMs: 1000 },
    deps.log,
  );
  const slots: AllocationPool = { kind: 'slot', size: config.capacity, valueAt: (i) => String(i) };
  const pools: CreationPools =
    vmSettings.networkMode === 'user'
      ? {
          slots,
          publicSshPorts: portPool('ssh_port', config.publicSshPorts.first, config.publicSshPorts.last),
          webPorts: portPool('web_port', vmSettings.webPorts.first, vmSettings.webPorts.last),
          // Direct: QEMU listens on the public port itself, so the VM needs no port of its own (and the
          // row's NULL vm_ssh_port marks the hosting as direct for good, see forwardsSshDirectly).
          ...(deps.ssh.forward === 'direct'
            ? {}
            : { vmSshPorts: portPool('vm_ssh_port', vmSettings.sshPorts.first, vmSettings.sshPorts.last) }),
        }
      : {
          slots,
          publicSshPorts: portPool('ssh_port', config.publicSshPorts.first, config.publicSshPorts.last),
          ips: ipPool(vmSettings.bridge.cidr.address, vmSettings.bridge.cidr.prefix),
        };
  const service = new HostingService({
    db,
    hostings,
    jobs,
    plans,
    events,
    pools,
    limits: vmSettings.limits,
    networkMode: vmSettings.networkMode,
    address: deps.address,
    resolveBaseImage: deps.resolveBaseImage,
    credentials: deps.credentials,
    wakeWorker: () => worker.wake(),
    abandonLocalJob: (jobId) => worker.abandon(jobId),
  });
  const reconciler = new HostingReconciler(hostings, jobs, deps.vm, deps.edge, deps.folders, events, deps.log, network);

  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, what: string, task: () => Promise<void>) => {
    let busy = false;
    timers.push(
      setInterval(() => {
        if (busy) return;
        busy = true;
        task()
          .catch((error: unknown) => deps.log.error({ err: error }, `${what} failed`))
          .finally(() => {
            busy = false;
          });
      }, ms),
    );
  };

  return {
    service,
    events,
    worker,
    reconciler,
    hostings,
    jobs,
    async checkSettings() {
      // Every hosting that has a VM, published or still booting: its QEMU holds (or awaits) its SSH port.
      checkSshForwarding(deps.ssh.forward, await hostings.listActive());
    },
    async start() {
      await deps.edge.syncRoutes(await reconciler.desiredRoutes());
      worker.start();
      every(config.statusSyncIntervalMs, 'status sync', () => reconciler.syncHostingStatus());
      every(config.reconcileIntervalMs, 'reconcile', () => reconciler.removeOrphans());
    },
    async stop() {
      for (const timer of timers.splice(0)) clearInterval(timer);
      await worker.stop();
    },
  };
}
