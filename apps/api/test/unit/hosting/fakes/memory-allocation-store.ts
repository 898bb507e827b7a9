import type { Allocation } from '../../../../src/modules/hosting/allocation.repository.js';
import type { AllocationKind } from '../../../../src/modules/hosting/allocator.js';
import type { AllocationStore } from '../../../../src/modules/hosting/hosting.ports.js';
import type { MemoryDatabase } from './memory-database.js';

/** AllocationRepository over the in-memory tables: the (kind, value) key is what keeps values unique. */
export class MemoryAllocationStore implements AllocationStore {
  constructor(
    private readonly db: MemoryDatabase,
    private readonly inTransaction: boolean,
  ) {}

  async takenValues(kind: AllocationKind): Promise<string[]> {
    await this.db.ready(this.inTransaction);
    return this.db.read((t) => t.allocations.filter((a) => a.kind === kind).map((a) => a.value));
  }

  async take(kind: AllocationKind, value: string, hostingId: string): Promise<void> {
    await this.db.ready(this.inTransaction);
    this.db.write((t) => t.allocations.push({ kind, value, hostingId }));
  }

  async heldBy(hostingId: string): Promise<Allocation[]> {
    await this.db.ready(this.inTransaction);
    return this.db.read((t) => t.allocations.filter((a) => a.hostingId === hostingId));
  }

  async listAll(): Promise<Allocation[]> {
    await this.db.ready(this.inTransaction);
    const order = (a: Allocation, b: Allocation) =>
      a.kind.localeCompare(b.kind) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
    return this.db.read((t) => [...t.allocations].sort(order));
  }

  async releaseAll(hostingId: string): Promise<void> {
    await this.db.ready(this.inTransaction);
    this.db.write((t) => {
      t.allocations = t.allocations.filter((a) => a.hostingId !== hostingId);
    });
  }
}
