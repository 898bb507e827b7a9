import type { StepState } from '@hostbay/contract/hosting';
import type { HostingStore, HostingStores, HostingTransactor } from '../../../../src/modules/hosting/hosting.ports.js';
import type { JobKind } from '../../../../src/modules/hosting/hosting.types.js';

/** What every store call of a dead process meets. */
export class ConnectionLost extends Error {
  constructor() {
    super('the database is out of reach');
  }
}

/**
 * One Hostbay process's connection to the shared database. Cutting it is how
 * a test kills the process at an exact point: from then on every store call
 * it makes fails, so it can neither renew its lease nor record anything, and
 * its job stays claimed until the lease runs out, just as after a crash.
 */
export class DatabaseLink {
  #cut = false;
  #cutAfter: { kind: JobKind; step: string; state: StepState } | undefined;

  get isCut(): boolean {
    return this.#cut;
  }

  cut(): void {
    this.#cut = true;
  }

  /** The connection comes back (a network partition healed): the process was alive all along. */
  restore(): void {
    this.#cut = false;
  }

  /** Cuts the link right after a step's new state is stored (`undone`: the moment its undo is recorded). */
  cutAfterStep(kind: JobKind, step: string, state: StepState = 'done'): void {
    this.#cutAfter = { kind, step, state };
  }

  stores(stores: HostingStores): HostingStores {
    const afterHostingCall = (method: string | symbol, args: unknown[]) => {
      if (method !== 'updateStep' || !this.#cutAfter) return;
      const [, kind, step, change] = args as Parameters<HostingStore['updateStep']>;
      const when = this.#cutAfter;
      if (kind === when.kind && step === when.step && change.state === when.state) {
        this.#cutAfter = undefined;
        this.cut();
      }
    };
    return {
      hostings: this.guard(stores.hostings, afterHostingCall),
      jobs: this.guard(stores.jobs),
      allocations: this.guard(stores.allocations),
    };
  }

  transactor(transaction: HostingTransactor): HostingTransactor {
    return async (work) => {
      if (this.#cut) throw new ConnectionLost();
      return transaction((stores) => work(this.stores(stores)));
    };
  }

  /** Every method of `target` fails once the link is cut; properties (the lease length) still read. */
  private guard<T extends object>(target: T, after?: (method: string | symbol, args: unknown[]) => void): T {
    return new Proxy(target, {
      get: (object, key) => {
        const value: unknown = Reflect.get(object, key);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (this.#cut) throw new ConnectionLost();
          const result: unknown = await value.apply(object, args);
          after?.(key, args);
          return result;
        };
      },
    });
  }
}
