import type { HostingStores, HostingTransactor } from '../../../../src/modules/hosting/hosting.ports.js';
import { MemoryAllocationStore } from './memory-allocation-store.js';
import type { MemoryDatabase } from './memory-database.js';
import { MemoryHostingStore } from './memory-hosting-store.js';
import { MemoryJobStore } from './memory-job-store.js';

/** The three stores over one in-memory database; `inTransaction` for those a transaction hands its work. */
export function memoryStores(db: MemoryDatabase, leaseMs: number, inTransaction = false): HostingStores {
  return {
    hostings: new MemoryHostingStore(db, inTransaction),
    jobs: new MemoryJobStore(db, leaseMs, inTransaction),
    allocations: new MemoryAllocationStore(db, inTransaction),
  };
}

/** createTransactor's counterpart: `bind` may wrap the transaction's stores, as compose-hosting's does. */
export function memoryTransactor(
  db: MemoryDatabase,
  leaseMs: number,
  bind: (stores: HostingStores) => HostingStores = (stores) => stores,
): HostingTransactor {
  return (work) => db.transaction(() => work(bind(memoryStores(db, leaseMs, true))));
}
