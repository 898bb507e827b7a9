import { generatePassword } from './generated-password.js';
import type { AccountDeletion, ActivityEntry } from '@hostbay/contract/account';
import { ConflictError, IncorrectPasswordError, NotFoundError } from '../../errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { PasswordHasher } from '../auth/password-hasher.js';
import type { AccessToken, TokenService } from '../auth/token.service.js';
import { presentActivity } from './activity.presenter.js';
import type { AccountHostings, AccountLogger } from './account.ports.js';
import type { UserRecord, UserRepository } from './user.repository.js';

export type AccountStore = Pick<
  UserRepository,
  'findById' | 'setPassword' | 'markForDeletion' | 'listMarkedForDeletion' | 'deleteMarked' | 'countAdmins'
>;

export interface AccountServiceDeps {
  users: AccountStore;
  passwords: PasswordHasher;
  tokens: Pick<TokenService, 'createAccessToken'>;
  hostings: AccountHostings;
  audit: Pick<AuditLog, 'list'>;
  log: AccountLogger;
}

/** How many entries a member's recent activity shows. */
export const ACTIVITY_LIMIT = 20;

/**
 * A member's own account: their password, their activity, and the account's
 * end; and what an admin may do to an account (reset its password, delete it).
 *
 * Deleting an account is durable work in two halves. First, in one statement,
 * the account is marked as going and its token version raised: from then on no
 * token or login works. Then its hosting is deleted by the lifecycle's delete
 * job, and when no hosting is left the row is removed (its hosting rows with
 * it). A crash anywhere leaves a marked account, which `resumeDeletions` (at
 * start and on every reconcile) carries on from where it stopped.
 */
export class AccountService {
  /** Accounts waiting here for their hosting's delete job: one listener each. */
  readonly #watching = new Map<string, () => void>();

  constructor(private readonly deps: AccountServiceDeps) {}

  /** Checks the current password, stores the new one and ends every session; returns a token for this one. */
  async changePassword(user: UserRecord, current: string, next: string): Promise<AccessToken> {
    await this.#confirm(user, current, 'current_password');
    const updated = await this.deps.users.setPassword(user.id, await this.deps.passwords.hash(next));
    if (!updated) throw new NotFoundError('This account no longer exists.');
    return this.deps.tokens.createAccessToken(updated);
  }

  /** The member deletes their own account, confirming with their password. */
  async deleteOwnAccount(user: UserRecord, password: string): Promise<AccountDeletion> {
    await this.#confirm(user, password, 'password');
    return this.#delete(user);
  }

  /** An admin deletes a member's account (or another admin's). */
  async deleteAccount(userId: string): Promise<AccountDeletion> {
    return this.#delete(await this.#require(userId));
  }

  /**
   * An admin gives a member a new password, generated here and returned once
   * (only its hash is kept); every session of the member ends. The member is
   * not made to change it: they are told to, in Settings.
   */
  async resetPassword(userId: string): Promise<{ user: UserRecord; password: string }> {
    const user = await this.#require(userId);
    const password = generatePassword();
    const updated = await this.deps.users.setPassword(user.id, await this.deps.passwords.hash(password));
    if (!updated) throw new NotFoundError('There is no such account.');
    return { user: updated, password };
  }

  /**
   * The member's own recent activity, newest first: what they did, and what
   * was done to their account (failed logins, an admin's reset). Nobody
   * else's entries: both queries are bound to their id.
   */
  async activity(user: UserRecord, limit = ACTIVITY_LIMIT): Promise<ActivityEntry[]> {
    const [done, doneTo] = await Promise.all([
      this.deps.audit.list({ actorId: user.id, limit }),
      this.deps.audit.list({ targetId: user.id, limit }),
    ]);
    const byId = new Map([...done, ...doneTo].map((entry) => [entry.id, entry]));
    const newestFirst = [...byId.values()].sort((a, b) => (a.at === b.at ? b.id - a.id : a.at < b.at ? 1 : -1));
    return newestFirst.slice(0, limit).map((entry) => presentActivity(entry, user.id));
  }

  /** Carries on every deletion that was asked for and is not finished (after a restart, a failed delete job). */
  async resumeDeletions(): Promise<void> {
    for (const user of await this.deps.users.listMarkedForDeletion()) {
      try {
        await this.#proceed(user);
      } catch (error) {
        this.deps.log.error({ err: error, user: user.id }, 'deleting an account failed; will retry');
      }
    }
  }

  /** Stops waiting for delete jobs (shutdown); `resumeDeletions` picks them up at the next start. */
  stop(): void {
    for (const unsubscribe of this.#watching.values()) unsubscribe();
    this.#watching.clear();
  }

  async #delete(user: UserRecord): Promise<AccountDeletion> {
    // Checked before marking: a marked account cannot be unmarked, and the last admin must stay.
    if (user.isAdmin && (await this.deps.users.countAdmins()) <= 1) {
      throw new ConflictError('This is the only administrator: make another member an administrator first.');
    }
    const marked = await this.deps.users.markForDeletion(user.id);
    if (!marked) throw new NotFoundError('There is no such account.');
    return { user_id: marked.id, state: await this.#proceed(marked) };
  }

  /** Starts (or restarts) the hosting's deletion, or removes the account when no hosting is left. */
  async #proceed(user: UserRecord): Promise<AccountDeletion['state']> {
    if (!(await this.deps.hostings.hasHosting(user.id))) return this.#remove(user.id);
    this.#watch(user.id);
    await this.deps.hostings.deleteHostingOf(user);
    // The job may have finished between the two looks.
    return (await this.deps.hostings.hasHosting(user.id)) ? 'deleting' : this.#remove(user.id);
  }

  /** The delete job's end, seen here at once rather than at the next reconcile. */
  #watch(userId: string): void {
    if (this.#watching.has(userId)) return;
    const unsubscribe = this.deps.hostings.onChange(userId, () => {
      void this.#completeIfGone(userId).catch((error: unknown) =>
        this.deps.log.error({ err: error, user: userId }, 'removing a deleted account failed; will retry'),
      );
    });
    this.#watching.set(userId, unsubscribe);
  }

  async #completeIfGone(userId: string): Promise<void> {
    if (await this.deps.hostings.hasHosting(userId)) return;
    await this.#remove(userId);
  }

  async #remove(userId: string): Promise<'deleted'> {
    this.#watching.get(userId)?.();
    this.#watching.delete(userId);
    if (await this.deps.users.deleteMarked(userId)) this.deps.log.info({ user: userId }, 'account deleted');
    return 'deleted';
  }

  async #confirm(user: UserRecord, password: string, field: string): Promise<void> {
    if (!(await this.deps.passwords.verify(password, user.passwordHash))) throw new IncorrectPasswordError(field);
  }

  async #require(userId: string): Promise<UserRecord> {
    const user = await this.deps.users.findById(userId);
    if (!user) throw new NotFoundError('There is no such account.');
    return user;
  }
}
