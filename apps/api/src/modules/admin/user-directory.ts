import { DEFAULT_PAGE_SIZE } from '@hostbay/contract/pagination';
import { type AdminUser, type AdminUserPage, type AdminUserQuery } from '@hostbay/contract/admin';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { UserRepository } from '../users/user.repository.js';
import type { AdminRepository, DirectoryRow } from './admin.repository.js';
import { decodeCursor, nextCursor } from './cursor.js';

function present(row: DirectoryRow): AdminUser {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    is_admin: row.isAdmin,
    status: row.status,
    status_reason: row.statusReason,
    plan_id: row.planId,
    hosting: row.hosting,
    created_at: row.createdAt,
  };
}

/** The members as an admin sees them: searched, filtered, paged; and their role. */
export class UserDirectory {
  constructor(
    private readonly admin: AdminRepository,
    private readonly users: UserRepository,
  ) {}

  async list(query: AdminUserQuery): Promise<AdminUserPage> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.admin.searchUsers({
      q: query.q || undefined,
      status: query.status,
      role: query.role,
      plan: query.plan,
      limit,
      after: decodeCursor(query.after),
    });
    return {
      items: rows.map(present),
      next: nextCursor(rows, limit, (row) => ({ at: row.createdAt, id: row.id })),
    };
  }

  /** Makes a member an admin or an admin a member; the last admin stays one, so that someone can still run Hostbay. */
  async setRole(userId: string, role: 'member' | 'admin'): Promise<{ id: string; username: string; isAdmin: boolean }> {
    const user = await this.users.findById(userId);
    if (!user) throw new NotFoundError('There is no such member.');
    const isAdmin = role === 'admin';
    if (user.isAdmin && !isAdmin && (await this.users.countAdmins()) <= 1) {
      throw new ConflictError('This is the last administrator: make another one first.');
    }
    if (user.isAdmin !== isAdmin) await this.users.setAdmin(user.id, isAdmin);
    return { id: user.id, username: user.username, isAdmin };
  }
}
