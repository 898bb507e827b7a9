import type { UserStatus } from '@hostbay/contract/user';
import type { UserRecord, UserRepository } from '../../../../src/modules/users/user.repository.js';

/** The accounts, as far as suspensions read and write them: UserRepository's methods over a Map. */
export class MemoryUsers implements Pick<UserRepository, 'findById' | 'setStatus' | 'listIdsByStatus'> {
  readonly rows = new Map<string, UserRecord>();

  add(user: UserRecord): UserRecord {
    this.rows.set(user.id, structuredClone(user));
    return user;
  }

  async findById(id: string): Promise<UserRecord | undefined> {
    const row = this.rows.get(id);
    return row && structuredClone(row);
  }

  async setStatus(id: string, status: UserStatus, reason: string | null, now = new Date()): Promise<void> {
    const row = this.rows.get(id);
    if (row) Object.assign(row, { status, statusReason: reason, updatedAt: now.toISOString() });
  }

  async listIdsByStatus(status: UserStatus): Promise<string[]> {
    return [...this.rows.values()].filter((user) => user.status === status).map((user) => user.id);
  }
}
