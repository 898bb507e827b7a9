import { randomUUID } from 'node:crypto';
import type { UserStatus } from '@hostbay/contract/user';
import { CompiledQuery, sql, type Kysely, type Selectable } from 'kysely';
import type { Database, UsersTable } from '../../db/schema.js';
import { uniqueViolation } from '../../db/errors.js';

export interface UserRecord {
  id: string;
  email: string;
  username: string;
  passwordHash: string;
  isAdmin: boolean;
  status: UserStatus;
  statusReason: string | null;
  /** Part of every token: raising it ends all the user's sessions. */
  tokenVersion: number;
  /** null: the default plan. */
  planId: string | null;
  /** Set when the account's deletion was asked for: it is going, and nothing may use it any more. */
  deletionRequestedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewUser {
  email: string;
  username: string;
  passwordHash: string;
  isAdmin?: boolean;
  /** `pending` when HOSTBAY_SIGNUP is `approval`; active by default. */
  status?: UserStatus;
}

/** Raised by `insert` when the email or username is already taken (the database decided). */
export class DuplicateUserError extends Error {
  constructor(readonly field: 'email' | 'username') {
    super(`duplicate ${field}`);
  }
}

/** PostgreSQL returns Dates; SQLite returns the ISO text Hostbay wrote, which is kept as it is. */
export function toIso(value: Date | string): string {
  return typeof value === 'string' ? value : value.toISOString();
}

function toRecord(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    passwordHash: row.password_hash,
    isAdmin: Boolean(row.is_admin),
    status: row.status as UserStatus,
    statusReason: row.status_reason,
    tokenVersion: Number(row.token_version),
    planId: row.plan_id,
    deletionRequestedAt: row.deletion_requested_at === null ? null : toIso(row.deletion_requested_at),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export class UserRepository {
  /**
   * The SQL of `findById`, compiled once for this database's dialect. Every
   * authenticated request runs it; building and compiling the query object
   * each time cost more than the lookup itself (bench/api).
   */
  readonly #findByIdSql: string;

  constructor(private readonly db: Kysely<Database>) {
    this.#findByIdSql = db.selectFrom('users').selectAll().where('id', '=', '').compile().sql;
  }

  async insert(user: NewUser, now = new Date()): Promise<UserRecord> {
    const timestamp = now.toISOString();
    try {
      const row = await this.db
        .insertInto('users')
        .values({
          id: randomUUID(),
          email: user.email,
          username: user.username,
          password_hash: user.passwordHash,
          is_admin: user.isAdmin ?? false,
          status: user.status ?? 'active',
          created_at: timestamp,
          updated_at: timestamp,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint?.includes('username')) throw new DuplicateUserError('username');
      if (constraint?.includes('email')) throw new DuplicateUserError('email');
      throw error;
    }
  }

  async findById(id: string): Promise<UserRecord | undefined> {
    const { rows } = await this.db.executeQuery<Selectable<UsersTable>>(CompiledQuery.raw(this.#findByIdSql, [id]));
    const row = rows[0];
    return row && toRecord(row);
  }

  /** Case-insensitive, matching the unique index on lower(email). */
  async findByEmail(email: string): Promise<UserRecord | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where(sql`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async findByUsername(username: string): Promise<UserRecord | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return row && toRecord(row);
  }

  async setAdmin(id: string, isAdmin: boolean, now = new Date()): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ is_admin: isAdmin, updated_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
  }

  async setStatus(id: string, status: UserStatus, reason: string | null, now = new Date()): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ status, status_reason: reason, status_changed_at: now.toISOString(), updated_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
  }

  /** pending → active, only from pending (two admins approving at once: one does it); true when it did. */
  async activatePending(id: string, now = new Date()): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({
        status: 'active',
        status_reason: null,
        status_changed_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** The ids of every account in a status (by the status index): e.g. the suspended ones, for the reconciler. */
  async listIdsByStatus(status: UserStatus): Promise<string[]> {
    const rows = await this.db.selectFrom('users').select('id').where('status', '=', status).execute();
    return rows.map((row) => row.id);
  }

  async countAdmins(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('is_admin', '=', true)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('users').where('id', '=', id).execute();
  }

  /**
   * A new password hash, and the token version raised in the same statement:
   * every token issued before stops working. Returns the account as it is now.
   */
  async setPassword(id: string, passwordHash: string, now = new Date()): Promise<UserRecord | undefined> {
    const row = await this.db
      .updateTable('users')
      .set((eb) => ({
        password_hash: passwordHash,
        token_version: eb('token_version', '+', 1),
        updated_at: now.toISOString(),
      }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /**
   * Marks the account as going and ends its sessions, in one statement. A
   * second request keeps the first one's time. Returns the account as it is now.
   */
  async markForDeletion(id: string, now = new Date()): Promise<UserRecord | undefined> {
    const row = await this.db
      .updateTable('users')
      .set((eb) => ({
        deletion_requested_at: sql<string>`coalesce(deletion_requested_at, ${now.toISOString()})`,
        token_version: eb('token_version', '+', 1),
        updated_at: now.toISOString(),
      }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Accounts whose deletion was asked for and is not finished: what a restart picks up. */
  async listMarkedForDeletion(): Promise<UserRecord[]> {
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where('deletion_requested_at', 'is not', null)
      .orderBy('deletion_requested_at')
      .execute();
    return rows.map(toRecord);
  }

  /** Removes the account if it is marked for deletion (never one that is not); its hosting rows go with it. */
  async deleteMarked(id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('users')
      .where('id', '=', id)
      .where('deletion_requested_at', 'is not', null)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
