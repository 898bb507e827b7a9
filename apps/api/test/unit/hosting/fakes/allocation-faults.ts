import type { HostingStores } from '../../../../src/modules/hosting/hosting.ports.js';
import type { Faults } from './faults.js';

export type AllocationMethod = 'heldBy' | 'take' | 'releaseAll';

/** The allocation store with faults on the calls the lifecycle makes to it. */
export function withAllocationFaults(stores: HostingStores, faults: Faults<AllocationMethod>): HostingStores {
  const { allocations } = stores;
  return {
    ...stores,
    allocations: {
      takenValues: (kind) => allocations.takenValues(kind),
      take: async (kind, value, hostingId) => {
        await faults.enter('take', hostingId);
        return allocations.take(kind, value, hostingId);
      },
      heldBy: async (hostingId) => {
        await faults.enter('heldBy', hostingId);
        return allocations.heldBy(hostingId);
      },
      listAll: () => allocations.listAll(),
      releaseAll: async (hostingId) => {
        await faults.enter('releaseAll', hostingId);
        return allocations.releaseAll(hostingId);
      },
    },
  };
}
