import { randomUUID } from 'node:crypto';
import { ConflictError, ServiceUnavailableError } from '../../errors.js';
import { uniqueViolation } from '../../db/errors.js';
import { allocate, ipPool, macPool, PoolExhaustedError, portPool, type AllocationPool } from './allocator.js';
import type { HostingTransactor } from './hosting.ports.js';
import type { NewHostingRow } from './hosting.repository.js';
import type { HostingRecord } from './hosting.types.js';

export interface CreationPools {
  /** One value per hosting that may exist: the capacity, enforced by the database. */
  slots: AllocationPool;
  publicSshPorts: AllocationPool;
  /** user mode */
  webPorts?: AllocationPool;
  vmSshPorts?: AllocationPool;
  /** bridge mode */
  ips?: AllocationPool;
}

type Range = { first: number; last: number };

/** The pools a new hosting takes from, by network mode and SSH forwarding. */
export function creationPools(settings: {
  capacity: number;
  networkMode: 'user' | 'bridge';
  /** Direct SSH forwarding: QEMU listens on the public port itself, so the VM needs no SSH port of its own. */
  sshDirect: boolean;
  publicSshPorts: Range;
  webPorts: Range;
  vmSshPorts: Range;
  bridgeCidr: { address: string; prefix: number };
}): CreationPools {
  const slots: AllocationPool = { kind: 'slot', size: settings.capacity, valueAt: (i) => String(i) };
  const publicSshPorts = portPool('ssh_port', settings.publicSshPorts.first, settings.publicSshPorts.last);
  if (settings.networkMode === 'bridge') {
    return { slots, publicSshPorts, ips: ipPool(settings.bridgeCidr.address, settings.bridgeCidr.prefix) };
  }
  return {
    slots,
    publicSshPorts,
    webPorts: portPool('web_port', settings.webPorts.first, settings.webPorts.last),
    // The row's NULL vm_ssh_port then marks the hosting as direct for good (see forwardsSshDirectly).
    ...(settings.sshDirect
      ? {}
      : { vmSshPorts: portPool('vm_ssh_port', settings.vmSshPorts.first, settings.vmSshPorts.last) }),
  };
}

/** A new hosting as the service asks for it: its row (the id is made here) and the steps of its create job. */
export type NewHosting = Omit<NewHostingRow, 'id'> & { createSteps: readonly string[] };

const POOL_MESSAGES: Record<string, string> = {
  slot: 'Hostbay is at capacity: no more hostings can be created right now. Try again later or ask the operator.',
  ssh_port: 'No SSH port is free for a new hosting. Try again later or ask the operator.',
  web_port: 'No port is free for a new hosting. Try again later or ask the operator.',
  ip: 'No network address is free for a new hosting. Try again later or ask the operator.',
  mac: 'No network address is free for a new hosting. Try again later or ask the operator.',
  vm_ssh_port: 'No port is free for a new hosting. Try again later or ask the operator.',
};

const ALLOCATION_RETRIES = 8;

/**
 * Inserts the hosting, takes its slot, ports and addresses, plans its steps
 * and queues its job, all in one transaction: either the user has a hosting
 * with everything it needs reserved, or nothing was taken.
 */
export async function insertHosting(
  transaction: HostingTransactor,
  pools: CreationPools,
  input: NewHosting,
): Promise<HostingRecord> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await transaction(async ({ hostings, jobs, allocations }) => {
        const id = randomUUID();
        const { createSteps, ...row } = input;
        await hostings.insert({ id, ...row });
        const take = async (pool: AllocationPool | undefined) => (pool ? allocate(allocations, pool, id) : null);
        const number = (value: string | null) => (value === null ? null : Number(value));
        await take(pools.slots);
        const sshPort = number(await take(pools.publicSshPorts));
        const webPort = number(await take(pools.webPorts));
        const vmSshPort = number(await take(pools.vmSshPorts));
        const ipAddress = await take(pools.ips);
        const macAddress = (await take(macPool)) ?? '';
        await hostings.setAllocations(id, { sshPort, webPort, vmSshPort, ipAddress, macAddress });
        await hostings.planSteps(id, 'create', createSteps);
        await jobs.enqueue(id, 'create');
        const created = await hostings.findById(id);
        if (!created) throw new Error('hosting vanished inside its own transaction');
        return created;
      });
    } catch (error) {
      if (error instanceof PoolExhaustedError)
        throw new ServiceUnavailableError(POOL_MESSAGES[error.kind] ?? error.message, 60);
      const constraint = uniqueViolation(error);
      if (constraint?.includes('idempotency')) {
        throw new IdempotentReplay();
      }
      if (constraint?.includes('one_active_per_user') || constraint?.includes('hostings.user_id')) {
        throw new ConflictError('You already have a hosting. Delete it before creating another.');
      }
      // Another creation took the same port or address at the same moment: pick again.
      if (
        constraint &&
        (constraint.includes('allocations') || constraint.includes('pk')) &&
        attempt < ALLOCATION_RETRIES
      )
        continue;
      throw error;
    }
  }
}

/** The same Idempotency-Key was used before: the caller returns that hosting. */
export class IdempotentReplay extends Error {}
