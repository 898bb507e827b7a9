import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ConflictError, ServiceUnavailableError } from '../../errors.js';
import { uniqueViolation } from '../../db/errors.js';
import type { Database } from '../../db/schema.js';
import type { BaseImageSpec } from '../vm/vm-spec.js';
import { allocate, macPool, PoolExhaustedError, type AllocationPool } from './allocator.js';
import type { HostingRepository } from './hosting.repository.js';
import type { HostingRecord } from './hosting.types.js';
import type { JobRepository } from './job.repository.js';

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

export interface NewHosting {
  userId: string;
  username: string;
  vcpus: number;
  memoryMb: number;
  diskGb: number;
  networkMode: 'user' | 'bridge';
  baseImage: BaseImageSpec;
  sshPublicKey: string | null;
  passwordHash: string | null;
  idempotencyKey: string | null;
  createSteps: readonly string[];
}

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
  db: Kysely<Database>,
  hostings: HostingRepository,
  jobs: JobRepository,
  pools: CreationPools,
  input: NewHosting,
): Promise<HostingRecord> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.transaction().execute(async (trx) => {
        const id = randomUUID();
        const now = new Date().toISOString();
        await trx
          .insertInto('hostings')
          .values({
            id,
            user_id: input.userId,
            username: input.username,
            status: 'CREATING',
            vcpus: input.vcpus,
            memory_mb: input.memoryMb,
            disk_gb: input.diskGb,
            network_mode: input.networkMode,
            ssh_port: null,
            vm_ssh_port: null,
            web_port: null,
            ip_address: null,
            // Replaced below; the column is NOT NULL and the MAC comes from the pool.
            mac_address: '',
            base_image: JSON.stringify(input.baseImage),
            ssh_public_key: input.sshPublicKey,
            password_hash: input.passwordHash,
            idempotency_key: input.idempotencyKey,
            error_step: null,
            error_message: null,
            error_retry_safe: null,
            created_at: now,
            updated_at: now,
            deleted_at: null,
          })
          .execute();
        const take = async (pool: AllocationPool | undefined) => (pool ? allocate(trx, pool, id) : null);
        await take(pools.slots);
        const sshPort = Number(await take(pools.publicSshPorts));
        const webPort = await take(pools.webPorts);
        const vmSshPort = await take(pools.vmSshPorts);
        const ip = await take(pools.ips);
        const mac = await take(macPool);
        await trx
          .updateTable('hostings')
          .set({
            ssh_port: sshPort,
            web_port: webPort === null ? null : Number(webPort),
            vm_ssh_port: vmSshPort === null ? null : Number(vmSshPort),
            ip_address: ip,
            mac_address: mac ?? '',
          })
          .where('id', '=', id)
          .execute();
        await hostings.planSteps(id, 'create', input.createSteps, trx);
        await jobs.enqueue(id, 'create', trx);
        const created = await hostings.findById(id, trx);
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
