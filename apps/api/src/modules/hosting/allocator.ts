import { randomInt } from 'node:crypto';

export type AllocationKind = 'slot' | 'web_port' | 'ssh_port' | 'vm_ssh_port' | 'ip' | 'mac';

/** Every value of one kind Hostbay may hand out. */
export interface AllocationPool {
  kind: AllocationKind;
  /** How many values the pool has (to detect exhaustion without listing them all). */
  size: number;
  /** The i-th value, 0 <= i < size. */
  valueAt(index: number): string;
}

/** Nothing left in a pool: creation must answer 503 and take nothing. */
export class PoolExhaustedError extends Error {
  constructor(readonly kind: AllocationKind) {
    super(`no free ${kind.replace('_', ' ')} left`);
  }
}

export function portPool(kind: 'web_port' | 'ssh_port' | 'vm_ssh_port', first: number, last: number): AllocationPool {
  return { kind, size: last - first + 1, valueAt: (i) => String(first + i) };
}

/** Guest addresses in a CIDR: skips the network address, the host's gateway (.1) and broadcast. */
export function ipPool(network: string, prefix: number): AllocationPool {
  const base = network.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const hostCount = 2 ** (32 - prefix);
  const toIp = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
  return { kind: 'ip', size: hostCount - 3, valueAt: (i) => toIp(base + 2 + i) };
}

/** Locally administered MACs in QEMU's 52:54:00 prefix: 16 million values. */
export const macPool: AllocationPool = {
  kind: 'mac',
  size: 2 ** 24,
  valueAt: (i) =>
    `52:54:00:${[16, 8, 0].map((shift) => ((i >> shift) & 0xff).toString(16).padStart(2, '0')).join(':')}`,
};

/** What a pool's values are taken from: the allocation repository, inside the creating transaction. */
export interface AllocationSource {
  takenValues(kind: AllocationKind): Promise<string[]>;
  take(kind: AllocationKind, value: string, hostingId: string): Promise<void>;
}

/**
 * Takes a free value of a pool for a hosting, inside the caller's transaction.
 * The store's uniqueness is the guarantee: if two transactions pick the same
 * value, one take fails and the caller retries the whole transaction. Picking
 * at random keeps such collisions rare.
 */
export async function allocate(store: AllocationSource, pool: AllocationPool, hostingId: string): Promise<string> {
  const taken = await store.takenValues(pool.kind);
  if (taken.length >= pool.size) throw new PoolExhaustedError(pool.kind);
  const takenSet = new Set(taken);
  let value: string | undefined;
  if (pool.size <= 65536) {
    const free: string[] = [];
    for (let i = 0; i < pool.size; i += 1) {
      const candidate = pool.valueAt(i);
      if (!takenSet.has(candidate)) free.push(candidate);
    }
    value = free[randomInt(free.length)];
  } else {
    // Huge pools (MACs) are nearly empty: random probing finds a free value at once.
    do value = pool.valueAt(randomInt(pool.size));
    while (takenSet.has(value));
  }
  if (value === undefined) throw new PoolExhaustedError(pool.kind);
  await store.take(pool.kind, value, hostingId);
  return value;
}
