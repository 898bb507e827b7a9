import type { UserStatus } from '@hostbay/contract/user';
import type { HostingStatus } from '@hostbay/contract/hosting';
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { toIso } from '../users/user.repository.js';
import type { Keyset } from './cursor.js';

export interface UserSearch {
  q?: string;
  status?: UserStatus;
  role?: 'member' | 'admin';
  /** A plan id, or `default` for members without one. */
  plan?: string;
  limit: number;
  after?: Keyset;
}

export interface DirectoryRow {
  id: string;
  email: string;
  username: string;
  isAdmin: boolean;
  status: UserStatus;
  statusReason: string | null;
  planId: string | null;
  hosting: { id: string; status: HostingStatus } | null;
  createdAt: string;
}

export interface HostingListing {
  id: string;
  status: HostingStatus;
  owner: { id: string; username: string; email: string; status: UserStatus };
  /** Creation finished (every create step done): a machine stands behind an ERROR, so starting it makes sense. */
  machineCreated: boolean;
  vcpus: number;
  memoryMb: number;
  diskGb: number;
  sshPort: number | null;
  ipAddress: string | null;
  error: { step: string | null; message: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface Totals {
  hostingsByStatus: Record<string, number>;
  allotted: { vcpus: number; memoryMb: number; diskGb: number };
  membersByStatus: Record<string, number>;
  admins: number;
}

/** `%`, `_` and the escape itself taken literally in a LIKE pattern. */
function contains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * What the operator console reads across all members and hostings: pages by
 * keyset on (created_at, id), newest first, so that the 400th page costs what
 * the first does (bench/admin), and the totals of the overview.
 */
/** The create job's steps of the hosting in the outer query. */
function createSteps(eb: ExpressionBuilder<Database, 'hostings'>) {
  return eb
    .selectFrom('hosting_steps')
    .select('hosting_steps.hosting_id')
    .whereRef('hosting_steps.hosting_id', '=', 'hostings.id')
    .where('hosting_steps.job_kind', '=', 'create');
}

export class AdminRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async searchUsers(search: UserSearch): Promise<DirectoryRow[]> {
    let query = this.db
      .selectFrom('users')
      .leftJoin('hostings', (join) =>
        join.onRef('hostings.user_id', '=', 'users.id').on('hostings.status', '<>', 'DELETED'),
      )
      .select([
        'users.id',
        'users.email',
        'users.username',
        'users.is_admin',
        'users.status',
        'users.status_reason',
        'users.plan_id',
        'users.created_at',
        'hostings.id as hosting_id',
        'hostings.status as hosting_status',
      ]);
    if (search.q) {
      const pattern = contains(search.q);
      query = query.where((eb) =>
        eb.or([
          eb(sql`lower(users.email)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(users.username)`, 'like', sql`${pattern} escape '\\'`),
        ]),
      );
    }
    if (search.status) query = query.where('users.status', '=', search.status);
    if (search.role) query = query.where('users.is_admin', '=', search.role === 'admin');
    if (search.plan === 'default') query = query.where('users.plan_id', 'is', null);
    else if (search.plan) query = query.where('users.plan_id', '=', search.plan);
    const after = search.after;
    if (after) {
      // A row value, as the audit log's pages: SQLite walks the (created_at, id) index from it (bench/admin).
      query = query.where(sql<boolean>`(users.created_at, users.id) < (${after.at}, ${after.id})`);
    }
    const rows = await query
      .orderBy('users.created_at', 'desc')
      .orderBy('users.id', 'desc')
      .limit(search.limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      email: row.email,
      username: row.username,
      isAdmin: Boolean(row.is_admin),
      status: row.status as UserStatus,
      statusReason: row.status_reason,
      planId: row.plan_id,
      hosting:
        row.hosting_id && row.hosting_status
          ? { id: row.hosting_id, status: row.hosting_status as HostingStatus }
          : null,
      createdAt: toIso(row.created_at),
    }));
  }

  async listHostings(filter: { status?: HostingStatus; limit: number; after?: Keyset }): Promise<HostingListing[]> {
    let query = this.db
      .selectFrom('hostings')
      .innerJoin('users', 'users.id', 'hostings.user_id')
      .select([
        'hostings.id',
        'hostings.status',
        'hostings.vcpus',
        'hostings.memory_mb',
        'hostings.disk_gb',
        'hostings.ssh_port',
        'hostings.ip_address',
        'hostings.error_step',
        'hostings.error_message',
        'hostings.created_at',
        'hostings.updated_at',
        'users.id as owner_id',
        'users.username as owner_username',
        'users.email as owner_email',
        'users.status as owner_status',
        // As the member's own view decides it (HostingService.machineExists), for a page of rows in one query.
        (eb) =>
          eb
            .and([
              eb.exists(createSteps(eb)),
              eb.not(eb.exists(createSteps(eb).where('hosting_steps.state', '<>', 'done'))),
            ])
            .as('machine_created'),
      ]);
    query = filter.status
      ? query.where('hostings.status', '=', filter.status)
      : query.where('hostings.status', '<>', 'DELETED');
    const after = filter.after;
    if (after) {
      query = query.where(sql<boolean>`(hostings.created_at, hostings.id) < (${after.at}, ${after.id})`);
    }
    const rows = await query
      .orderBy('hostings.created_at', 'desc')
      .orderBy('hostings.id', 'desc')
      .limit(filter.limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      status: row.status as HostingStatus,
      owner: {
        id: row.owner_id,
        username: row.owner_username,
        email: row.owner_email,
        status: row.owner_status as UserStatus,
      },
      machineCreated: Boolean(row.machine_created),
      vcpus: row.vcpus,
      memoryMb: row.memory_mb,
      diskGb: row.disk_gb,
      sshPort: row.ssh_port,
      ipAddress: row.ip_address,
      error: row.error_message ? { step: row.error_step, message: row.error_message } : null,
      createdAt: toIso(row.created_at),
      updatedAt: toIso(row.updated_at),
    }));
  }

  async totals(): Promise<Totals> {
    const hostings = await this.db
      .selectFrom('hostings')
      .select((eb) => [
        'status',
        eb.fn.countAll<number | string>().as('count'),
        eb.fn.sum<number | string | null>('vcpus').as('vcpus'),
        eb.fn.sum<number | string | null>('memory_mb').as('memory_mb'),
        eb.fn.sum<number | string | null>('disk_gb').as('disk_gb'),
      ])
      .where('status', '<>', 'DELETED')
      .groupBy('status')
      .execute();
    const members = await this.db
      .selectFrom('users')
      .select((eb) => ['status', eb.fn.countAll<number | string>().as('count')])
      .groupBy('status')
      .execute();
    const admins = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('is_admin', '=', true)
      .executeTakeFirstOrThrow();
    const allotted = { vcpus: 0, memoryMb: 0, diskGb: 0 };
    const hostingsByStatus: Record<string, number> = {};
    for (const row of hostings) {
      hostingsByStatus[row.status] = Number(row.count);
      allotted.vcpus += Number(row.vcpus ?? 0);
      allotted.memoryMb += Number(row.memory_mb ?? 0);
      allotted.diskGb += Number(row.disk_gb ?? 0);
    }
    const membersByStatus: Record<string, number> = {};
    for (const row of members) membersByStatus[row.status] = Number(row.count);
    return { hostingsByStatus, allotted, membersByStatus, admins: Number(admins.count) };
  }
}
