import type { UserRecord } from './user.repository.js';

/**
 * What deleting an account needs of the hosting lifecycle: a member's hosting
 * goes first, by the same delete job (and the same leak audit) as when they
 * delete it themselves. HostingService and HostingEvents implement it; without
 * the lifecycle (the auth-only tests), nobody has a hosting.
 */
export interface AccountHostings {
  /** Whether the member still has a hosting that is not deleted. */
  hasHosting(userId: string): Promise<boolean>;
  /** Starts deleting the member's hosting; nothing when it is already being deleted or gone. */
  deleteHostingOf(user: UserRecord): Promise<void>;
  /** Calls `listener` when the member's hosting changes in this process (a job finished); returns the unsubscribe. */
  onChange(userId: string, listener: () => void): () => void;
}

/** Where the account service logs (pino's shape). */
export interface AccountLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
