import { DEFAULT_PAGE_SIZE } from '@hostbay/contract/pagination';
import { type AdminHosting, type AdminHostingPage } from '@hostbay/contract/admin';
import type { Hosting, HostingAction, HostingCommand, HostingStatus } from '@hostbay/contract/hosting';
import { allowedActions } from '../hosting/hosting.policy.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { HostingRecord } from '../hosting/hosting.types.js';
import type { UserRecord } from '../users/user.repository.js';
import type { AdminRepository, HostingListing } from './admin.repository.js';
import { decodeCursor, nextCursor } from './cursor.js';

/** What the admin's hosting actions need of the lifecycle: the member's own operations, run for them. */
export interface OwnerOperations {
  findHostingById(id: string): Promise<HostingRecord | undefined>;
  findUserById(id: string): Promise<UserRecord | undefined>;
  performAction(owner: UserRecord, action: HostingAction): Promise<Hosting>;
  deleteHosting(owner: UserRecord): Promise<Hosting>;
}

/** The member's own rules; a suspended owner's hosting may only be stopped or deleted (see `act`). */
function adminActions(row: HostingListing): HostingCommand[] {
  const actions = allowedActions(row, row.machineCreated);
  return row.owner.status === 'suspended' ? actions.filter((a) => a === 'stop' || a === 'delete') : actions;
}

function present(row: HostingListing): AdminHosting {
  return {
    id: row.id,
    status: row.status,
    owner: row.owner,
    vcpus: row.vcpus,
    memory_mb: row.memoryMb,
    disk_gb: row.diskGb,
    ssh_port: row.sshPort,
    ip_address: row.ipAddress,
    error: row.error,
    allowed_actions: adminActions(row),
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

/**
 * Every hosting, for the admin: listed by state, and started, stopped,
 * rebooted or deleted exactly as their owner would (the same jobs, states
 * and checks), so an admin's action never takes a path a member's cannot.
 */
export class HostingAdmin {
  constructor(
    private readonly admin: AdminRepository,
    private readonly owners: OwnerOperations,
  ) {}

  async list(query: { status?: HostingStatus; limit?: number; after?: string }): Promise<AdminHostingPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.admin.listHostings({
      status: query.status,
      limit,
      after: decodeCursor(query.after),
    });
    return {
      items: rows.map(present),
      next: nextCursor(rows, limit, (row) => ({ at: row.createdAt, id: row.id })),
    };
  }

  async act(hostingId: string, action: HostingAction): Promise<Hosting> {
    const owner = await this.ownerOf(hostingId);
    // A suspended member's hosting is held stopped (the reconciler would stop it again): unsuspend instead.
    if (owner.status === 'suspended' && action !== 'stop') {
      throw new ConflictError('Its owner is suspended: unsuspend them to bring the hosting back.');
    }
    return this.owners.performAction(owner, action);
  }

  async remove(hostingId: string): Promise<Hosting> {
    return this.owners.deleteHosting(await this.ownerOf(hostingId));
  }

  private async ownerOf(hostingId: string): Promise<UserRecord> {
    const hosting = await this.owners.findHostingById(hostingId);
    const owner = hosting && hosting.status !== 'DELETED' ? await this.owners.findUserById(hosting.userId) : undefined;
    if (!hosting || !owner) throw new NotFoundError('There is no such hosting.');
    return owner;
  }
}
