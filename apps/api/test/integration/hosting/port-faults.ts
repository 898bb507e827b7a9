import type { HostingSeams } from '../../../src/composition/compose-hosting.js';
import type {
  AllocationStore,
  ProxyPort,
  HostingStore,
  HostingStores,
  JobStore,
  VmPort,
} from '../../../src/modules/hosting/hosting.ports.js';
import type { HostingRecord } from '../../../src/modules/hosting/hosting.types.js';

/** The port calls a fault can be put on: the one call each creation step makes to the outside. */
export type PortCall =
  | 'allocations.heldBy'
  | 'vm.writeSeed'
  | 'vm.cloneDisk'
  | 'vm.defineVm'
  | 'vm.startVm'
  | 'vm.waitForVmReady'
  | 'vm.deleteVm'
  | 'proxy.addProxyRule'
  | 'probe.probe';

/** Which port call each creation step makes, so a test can fail "the step" by failing its call. */
export const STEP_CALLS: Record<string, PortCall> = {
  allocate: 'allocations.heldBy',
  write_seed: 'vm.writeSeed',
  clone_disk: 'vm.cloneDisk',
  define_vm: 'vm.defineVm',
  start_vm: 'vm.startVm',
  wait_guest: 'vm.waitForVmReady',
  add_proxy: 'proxy.addProxyRule',
  probe_site: 'probe.probe',
};

/** A failing port call: the outside world (libvirt, nginx, the database) said no. */
export class InjectedFault extends Error {}
/** The database is out of reach: what a process dying looks like from inside it. */
export class SimulatedCrash extends Error {}

interface Failure {
  call: PortCall;
  userId: string;
  remaining: number;
  message: string;
}

/**
 * Faults injected at the ports the hosting lifecycle reaches the outside
 * through (the composition root's `faults` seam), never inside it:
 * - `fail`: a port call for one user's hosting throws, as libvirt or nginx would;
 * - `crashAfter`: once a step's result is stored, the stores are out of reach
 *   for that hosting until its job is claimed again (after its lease runs
 *   out), as if the process had died right there.
 */
export class PortFaults {
  #stores: HostingStores | undefined;
  #failures: Failure[] = [];
  #crash: { step: string; userId: string } | undefined;
  /** Hostings whose stores are out of reach, until their job is claimed again. */
  #down = new Set<string>();
  crashes = 0;
  failuresThrown = 0;

  /** The stores the faults look hostings up in (unwrapped reads). */
  attach(stores: HostingStores): void {
    this.#stores = stores;
  }

  fail(call: PortCall, userId: string, options: { times?: number; message?: string } = {}): void {
    this.#failures.push({
      call,
      userId,
      remaining: options.times ?? Infinity,
      message: options.message ?? `injected failure in ${call}`,
    });
  }

  /** `step` is a step name, or `undo:<step>` for the moment its undo is stored. */
  crashAfter(step: string, userId: string): void {
    this.#crash = { step, userId };
  }

  clear(): void {
    this.#failures = [];
    this.#crash = undefined;
    this.#down.clear();
    this.crashes = 0;
    this.failuresThrown = 0;
  }

  seams(): NonNullable<HostingSeams['faults']> {
    return {
      vm: (vm) => this.wrapVm(vm),
      proxy: (proxy) => this.wrapProxy(proxy),
      probe: (probe) => ({
        probe: async (hosting, signal) => {
          await this.check('probe.probe', hosting);
          return probe.probe(hosting, signal);
        },
      }),
      stores: (stores) => ({
        hostings: this.wrapHostings(stores.hostings),
        jobs: this.wrapJobs(stores.jobs),
        allocations: this.wrapAllocations(stores.allocations),
      }),
    };
  }

  private wrapVm(vm: VmPort): VmPort {
    const byId = (id: string) => this.hostingById(id);
    return {
      ...bindAll(vm),
      writeSeed: async (spec) => (await this.check('vm.writeSeed', await byId(spec.hostingId)), vm.writeSeed(spec)),
      cloneDisk: async (spec) => (await this.check('vm.cloneDisk', await byId(spec.hostingId)), vm.cloneDisk(spec)),
      defineVm: async (spec) => (await this.check('vm.defineVm', await byId(spec.hostingId)), vm.defineVm(spec)),
      startVm: async (id) => (await this.check('vm.startVm', await byId(id)), vm.startVm(id)),
      deleteVm: async (id) => (await this.check('vm.deleteVm', await byId(id)), vm.deleteVm(id)),
      waitForVmReady: async (endpoints, options) => {
        const hosting = (await this.active()).find((h) => h.webPort === endpoints.webPort);
        await this.check('vm.waitForVmReady', hosting);
        return vm.waitForVmReady(endpoints, options);
      },
    };
  }

  private wrapProxy(proxy: ProxyPort): ProxyPort {
    return {
      ...bindAll(proxy),
      addProxyRule: async (route) => {
        await this.check(
          'proxy.addProxyRule',
          (await this.active()).find((h) => h.username === route.username),
        );
        return proxy.addProxyRule(route);
      },
    };
  }

  private wrapAllocations(allocations: AllocationStore): AllocationStore {
    return {
      ...bindAll(allocations),
      heldBy: async (id) => (
        await this.check('allocations.heldBy', await this.hostingById(id)),
        allocations.heldBy(id)
      ),
    };
  }

  private wrapHostings(hostings: HostingStore): HostingStore {
    const reachable = (id: string) => {
      if (this.#down.has(id)) throw new SimulatedCrash('the database is out of reach');
    };
    return {
      ...bindAll(hostings),
      updateStep: async (id, kind, name, change) => {
        reachable(id);
        await hostings.updateStep(id, kind, name, change);
        const crash = this.#crash;
        const stored = change.state === 'done' ? name : change.state === 'undone' ? `undo:${name}` : undefined;
        if (crash && kind === 'create' && stored === crash.step) {
          if ((await this.hostingById(id))?.userId === crash.userId) {
            this.#crash = undefined;
            this.#down.add(id);
            this.crashes += 1;
          }
        }
      },
      transition: async (id, ...rest) => (reachable(id), hostings.transition(id, ...rest)),
      touch: async (id) => (reachable(id), hostings.touch(id)),
      planSteps: async (id, ...rest) => (reachable(id), hostings.planSteps(id, ...rest)),
    };
  }

  private wrapJobs(jobs: JobStore): JobStore {
    return {
      ...bindAll(jobs),
      leaseMs: jobs.leaseMs,
      // The job claimed again after its lease ran out: the "restarted process" reaches the database again.
      claimNext: async (workerId, leaseMs) => {
        const job = await jobs.claimNext(workerId, leaseMs);
        if (job) this.#down.delete(job.hostingId);
        return job;
      },
    };
  }

  private async check(call: PortCall, hosting: HostingRecord | undefined): Promise<void> {
    if (!hosting) return;
    const failure = this.#failures.find((f) => f.call === call && f.userId === hosting.userId && f.remaining > 0);
    if (!failure) return;
    failure.remaining -= 1;
    this.failuresThrown += 1;
    throw new InjectedFault(failure.message);
  }

  private async hostingById(id: string): Promise<HostingRecord | undefined> {
    return this.#stores?.hostings.findById(id);
  }

  private async active(): Promise<HostingRecord[]> {
    return (await this.#stores?.hostings.listActive()) ?? [];
  }
}

/** The object's methods, bound to it, as own properties (class methods live on the prototype). */
function bindAll<T extends object>(target: T): T {
  const bound: Record<string, unknown> = {};
  for (let proto: object | null = target; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const value = (target as Record<string, unknown>)[key];
      if (key !== 'constructor' && typeof value === 'function' && !(key in bound)) bound[key] = value.bind(target);
    }
  }
  return bound as T;
}
